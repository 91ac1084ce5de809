"""link_entities and canonical_name on made-up articles.

Most tests fix the entity spans and labels by hand (on a Doc tokenised by the real
English pipeline) so they test the linking, not the statistical tagger; one test
runs the whole pipeline end to end.
"""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from newsweave.analyze.entities import canonical_name, link_entities
from newsweave.analyze.nlp import load_english


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_english()


def doc_with(nlp: Language, text: str, mentions: list[tuple[str, str]]) -> Doc:
    """``text`` tokenised, with entity spans set to the first unused occurrence of
    each (mention text, label) pair, in order."""
    doc = nlp.make_doc(text)
    spans = []
    search_from = 0
    for mention, label in mentions:
        start = text.index(mention, search_from)
        span = doc.char_span(start, start + len(mention), label=label)
        assert span is not None, f"{mention!r} does not fall on token boundaries"
        spans.append(span)
        search_from = start + len(mention)
    doc.ents = spans
    return doc


def clusters(doc: Doc) -> list[tuple[str, str, str]]:
    return [(e.text, e.cluster, e.label) for e in link_entities(doc)]


@pytest.mark.parametrize(
    ("text", "person", "expected"),
    [
        # honorifics go, with or without a dot
        ("Mr Tobias Renn", False, "Tobias Renn"),
        ("Dr. Amira Solt", False, "Amira Solt"),
        ("President Ivo Marsk", False, "Ivo Marsk"),
        ("Prime Minister Dr Ana Ruiz", False, "Ana Ruiz"),  # stacked titles
        # titles that begin other names are stripped only for people
        ("General Halvard Stroem", True, "Halvard Stroem"),
        ("General Motors", False, "General Motors"),
        # a title with nothing capitalised after it is the name itself
        ("Chancellor of the Exchequer", False, "Chancellor of the Exchequer"),
        # leading "the", possessives (also as the tokeniser leaves them), punctuation
        ("the Ministry of Defence", False, "Ministry of Defence"),
        ("Grevland's", False, "Grevland"),
        ("Grevland 's", False, "Grevland"),
        ("the Ostmark Rangers'", False, "Ostmark Rangers"),
        ('"Velloria,"', False, "Velloria"),
        # aliases
        ("the U.S.", False, "United States"),
        ("America", False, "United States"),
        ("Britain's", False, "United Kingdom"),
        ("the UN", False, "United Nations"),
        ("E.U.", False, "European Union"),
        # whitespace runs collapse
        ("Lina   Korvath", False, "Lina Korvath"),
        # bracket and quote tokens left by tokenised corpora
        ("-RRB- Ivo Marsk", False, "Ivo Marsk"),
        ("`` Velloria -LRB-", False, "Velloria"),
    ],
)
def test_canonical_name(text: str, person: bool, expected: str) -> None:
    assert canonical_name(text, person=person) == expected


def test_honorific_and_surname_join_the_full_name(nlp: Language) -> None:
    # "Mr Renn" and "Renn" are the Tobias Renn named first
    text = "Tobias Renn, the envoy, landed. Mr Renn met reporters. Renn left at noon."
    doc = doc_with(nlp, text, [("Tobias Renn", "PERSON"), ("Renn", "PERSON"), ("Renn", "PERSON")])
    assert clusters(doc) == [
        ("Tobias Renn", "Tobias Renn", "PERSON"),
        ("Renn", "Tobias Renn", "PERSON"),
        ("Renn", "Tobias Renn", "PERSON"),
    ]


def test_surname_before_full_name_and_middle_names(nlp: Language) -> None:
    # the surname comes first, the fullest name (with a middle name) later
    text = "Okafor spoke first. Later Ngozi Okafor and then Ngozi Adaeze Okafor spoke."
    doc = doc_with(
        nlp,
        text,
        [("Okafor", "PERSON"), ("Ngozi Okafor", "PERSON"), ("Ngozi Adaeze Okafor", "PERSON")],
    )
    assert {cluster for _, cluster, _ in clusters(doc)} == {"Ngozi Adaeze Okafor"}


def test_two_people_sharing_a_surname_go_to_the_nearest(nlp: Language) -> None:
    # two Halloways: each bare "Halloway" joins the one named most recently before it
    text = (
        "Petra Halloway opened the case. Halloway called a witness. "
        "Then Simon Halloway testified. Halloway denied it."
    )
    doc = doc_with(
        nlp,
        text,
        [
            ("Petra Halloway", "PERSON"),
            ("Halloway", "PERSON"),
            ("Simon Halloway", "PERSON"),
            ("Halloway", "PERSON"),
        ],
    )
    assert [cluster for _, cluster, _ in clusters(doc)] == [
        "Petra Halloway",
        "Petra Halloway",
        "Simon Halloway",
        "Simon Halloway",
    ]


def test_acronym_and_expansion(nlp: Language) -> None:
    # "the MoD" (lower-case "o" from "of") and the "TFA" join their expansions
    text = (
        "The Ministry of Defence denied it. The MoD later confirmed it. "
        "The Tarvish Fisheries Authority appealed, and the TFA won."
    )
    doc = doc_with(
        nlp,
        text,
        [
            ("The Ministry of Defence", "ORG"),
            ("MoD", "ORG"),
            ("Tarvish Fisheries Authority", "ORG"),
            ("TFA", "ORG"),
        ],
    )
    assert [cluster for _, cluster, _ in clusters(doc)] == [
        "Ministry of Defence",
        "Ministry of Defence",
        "Tarvish Fisheries Authority",
        "Tarvish Fisheries Authority",
    ]


def test_aliases_share_one_cluster(nlp: Language) -> None:
    # four ways of naming one country, two of another
    text = (
        "The U.S. and America's allies met. The United States and the US agreed. "
        "Britain and the UK voted."
    )
    doc = doc_with(
        nlp,
        text,
        [
            ("U.S.", "GPE"),
            ("America's", "GPE"),
            ("United States", "GPE"),
            ("US", "GPE"),
            ("Britain", "GPE"),
            ("UK", "GPE"),
        ],
    )
    assert [cluster for _, cluster, _ in clusters(doc)] == ["United States"] * 4 + [
        "United Kingdom"
    ] * 2


def test_label_disagreement_takes_the_majority(nlp: Language) -> None:
    # the tagger calls the surname an ORG once and a GPE (after "Mr") once: one person
    text = "Ivo Marsk arrived. Marsk spoke. Mr Marsk left. Ivo Marsk returned."
    doc = doc_with(
        nlp,
        text,
        [("Ivo Marsk", "PERSON"), ("Marsk", "ORG"), ("Marsk", "GPE"), ("Ivo Marsk", "PERSON")],
    )
    assert clusters(doc) == [
        ("Ivo Marsk", "Ivo Marsk", "PERSON"),
        ("Marsk", "Ivo Marsk", "PERSON"),
        ("Marsk", "Ivo Marsk", "PERSON"),
        ("Ivo Marsk", "Ivo Marsk", "PERSON"),
    ]


def test_same_name_with_different_labels_clusters_by_name(nlp: Language) -> None:
    # "Dunmore" twice as GPE, once as ORG: same name, one cluster, majority GPE
    text = "Dunmore flooded. Dunmore asked for aid. Dunmore received it."
    doc = doc_with(nlp, text, [("Dunmore", "GPE"), ("Dunmore", "ORG"), ("Dunmore", "GPE")])
    assert clusters(doc) == [("Dunmore", "Dunmore", "GPE")] * 3


def test_place_named_like_a_person_stays_apart(nlp: Language) -> None:
    # a bare place name that is a person's surname is not that person
    text = "Edvard Talmor visited Talmor, the town named after his family."
    doc = doc_with(nlp, text, [("Edvard Talmor", "PERSON"), ("Talmor", "GPE")])
    assert [cluster for _, cluster, _ in clusters(doc)] == ["Edvard Talmor", "Talmor"]


def test_other_labels_are_skipped(nlp: Language) -> None:
    # dates, numbers and money are not linked entities
    text = "Ana Ruiz paid 40 dollars on Monday for three tickets."
    doc = doc_with(
        nlp,
        text,
        [
            ("Ana Ruiz", "PERSON"),
            ("40 dollars", "MONEY"),
            ("Monday", "DATE"),
            ("three", "CARDINAL"),
        ],
    )
    assert clusters(doc) == [("Ana Ruiz", "Ana Ruiz", "PERSON")]


def test_offsets_point_into_the_text(nlp: Language) -> None:
    text = "Lina Korvath met the Harbour Board. Korvath then left the Harbour Board's office."
    doc = doc_with(
        nlp,
        text,
        [
            ("Lina Korvath", "PERSON"),
            ("the Harbour Board", "ORG"),
            ("Korvath", "PERSON"),
            ("the Harbour Board's", "ORG"),
        ],
    )
    entities = link_entities(doc)
    assert [text[e.start : e.end] for e in entities] == [e.text for e in entities]
    assert [e.cluster for e in entities] == ["Lina Korvath", "Harbour Board"] * 2


def test_end_to_end_with_the_tagger(nlp: Language) -> None:
    # The real tagger on a made-up article. On this text the small English model
    # tags "Ms Brandvik" with its title, the bare "Brandvik" as ORG and "MoD" as GPE:
    # linking must still give one person and one ministry.
    text = (
        "Helga Brandvik, the envoy, arrived in Oslo on Monday. Ms Brandvik met officials "
        "from the Ministry of Defence. Brandvik said the MoD would publish its report."
    )
    found = {(e.text, e.cluster, e.label) for e in link_entities(nlp(text))}
    people = {(t, c, lab) for t, c, lab in found if "Brandvik" in t}
    assert people and all(c == "Helga Brandvik" and lab == "PERSON" for _, c, lab in people)
    ministry = {(t, c) for t, c, _ in found if "Defence" in t or t == "MoD"}
    assert ministry and all(c == "Ministry of Defence" for _, c in ministry)
    assert ("Oslo", "Oslo", "GPE") in found
    assert not any(e.label == "DATE" for e in link_entities(nlp(text)))


def test_cluster_name_prefers_ordinary_casing(nlp: Language) -> None:
    # a dateline in capitals, then the town in running text: the cluster is "Dunmore"
    text = "DUNMORE , Norland -- Dunmore flooded again. The Coast Guard and the coast guard came."
    doc = doc_with(
        nlp,
        text,
        [
            ("DUNMORE", "GPE"),
            ("Dunmore", "GPE"),
            ("The Coast Guard", "ORG"),
            ("coast guard", "ORG"),
        ],
    )
    assert [cluster for _, cluster, _ in clusters(doc)] == ["Dunmore"] * 2 + ["Coast Guard"] * 2
