"""The quote ledger's rules, each on invented articles (people, places and outlets
made up for these tests)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newsweave.records import Quote, Span
from newsweave.reports.ledger import Ledger, LedgerArticle, build_ledger, speakers_matching
from newsweave.reports.ledger_render import ledger_json, ledger_markdown
from newsweave.reports.ledger_speakers import canonical_names
from tests.reports.conftest import LedgerInput

GAZETTE = (
    "The Quay Gazette",
    "2025-02-01",
    "The Kelvar ferry link will stay closed until the sea wall is repaired.\n\n"
    'The harbour master, Ines Taavi, said the repairs were "a matter of weeks, not months".\n\n'
    '"Nobody will sail from this quay until the wall is safe," she said.\n\n'
    'Mr Ostrow\'s press secretary said the minister was "following the repairs closely".\n\n'
    '"The inspection found nothing that cannot be fixed," he said.\n\n'
    '"We will publish the engineers\' report in full," he added.\n\n'
    "Senior council sources said the money for the wall had been set aside last year.\n\n"
    "Shadow Transport Secretary Ruth Kell said the closure showed years of neglect.",
)
WIRE = (
    "Northern Wire",
    "2025-02-02",
    "Ferries between Kelvar and the mainland remain suspended.\n\n"
    'Ms Taavi insisted that the work would be "a matter of weeks, not months".\n\n'
    '"Nobody will sail from this quay until the wall is safe," Ms Taavi told reporters.\n\n'
    "A senior council source said the budget for the repair was already agreed.\n\n"
    "A retired site engineer said the cracks in the wall were new. "
    '"I saw them myself last spring," he said.\n\n'
    "The Dutch ambassador to Estravia has offered help. Dutch ambassador Pieter Groen said"
    " his country would send divers.\n\n"
    "Kelvar Water's chief executive, Anton Briel, said the company would pay for the repairs.",
)


@pytest.fixture(scope="module")
def two_outlets(ledger_articles: LedgerInput) -> Ledger:
    return build_ledger("story-quay", "Kelvar sea wall", ledger_articles([GAZETTE, WIRE]))


def speaker(ledger: Ledger, name: str):  # type: ignore[no-untyped-def]
    found = [s for s in ledger.speakers if s.name == name]
    assert len(found) == 1, [s.name for s in ledger.speakers]
    return found[0]


def test_one_canonical_name_across_articles_and_forms(two_outlets: Ledger) -> None:
    taavi = speaker(two_outlets, "Ines Taavi")
    assert {"Ms Taavi", "The harbour master, Ines Taavi", "she"} <= set(taavi.forms)
    assert set(taavi.by_outlet) == {"The Quay Gazette", "Northern Wire"}


def test_names_join_by_surname_suffix_acronym_and_alias() -> None:
    names = [
        "Edvard Rusk",
        "provincial governor Edvard Rusk",
        "Rusk",
        "Ministry of Defence",
        "MoD",
        "U.S.",
        "Hall",  # two people share the surname: left alone
        "Ada Hall",
        "Ben Hall",
        "New York mayor Bill de Blasio",
        "de Blasio",
    ]
    canonical = canonical_names(names)
    assert canonical["provincial governor Edvard Rusk"] == "Edvard Rusk"
    assert canonical["Rusk"] == "Edvard Rusk"
    assert canonical["MoD"] == "Ministry of Defence"
    assert canonical["U.S."] == "United States"
    assert canonical["Hall"] == "Hall"
    assert canonical["New York mayor Bill de Blasio"] == "Bill de Blasio"
    assert canonical["de Blasio"] == "Bill de Blasio"


def test_he_after_an_anonymous_role_is_that_role(two_outlets: Ledger) -> None:
    secretary = speaker(two_outlets, "Mr Ostrow's press secretary")
    assert secretary.anonymous
    texts = [s.text for s in secretary.statements]
    assert len(texts) == 3
    assert any("following the repairs closely" in t for t in texts)
    assert any("found nothing that cannot be fixed" in t for t in texts)
    assert any("publish the engineers' report" in t for t in texts)
    # the engineer's "he said" is the engineer's, not the secretary's
    engineer = speaker(two_outlets, "retired site engineer")
    assert [s.kind for s in engineer.statements] == ["reported", "direct"]


def test_anonymous_sources_grouped_by_description_and_counted_per_outlet(
    two_outlets: Ledger,
) -> None:
    council = speaker(two_outlets, "Senior council sources")
    assert council.anonymous and len(council.statements) == 2
    assert council.by_outlet == {"Northern Wire": 1, "The Quay Gazette": 1}
    named = [s for s in two_outlets.speakers if not s.anonymous]
    anonymous = [s for s in two_outlets.speakers if s.anonymous]
    assert two_outlets.speakers == tuple(named + anonymous)  # kept apart, named first
    assert two_outlets.anonymous_by_outlet == {
        "Northern Wire": {"sources": 2, "statements": 3},
        "The Quay Gazette": {"sources": 2, "statements": 4},
    }


def test_different_descriptions_stay_apart(ledger_articles: LedgerInput) -> None:
    text = (
        'Senior government sources said the talks were "close to a deal". One senior harbour'
        ' source said the ferry would "not run before March".\n\n'
        "Mr Dorn's official spokesman said the minister had not been briefed. Ben Dorn's"
        " spokesman said separately that the talks would resume.\n\n"
        "One port source said the unions had agreed. Another port source said they had not."
    )
    ledger = build_ledger("s", "talks", ledger_articles([("The Quay Gazette", "2025-02-03", text)]))
    names = {s.name for s in ledger.speakers if s.anonymous}
    assert "Senior government sources" in names and "One senior harbour source" in names
    # the less specific spokesman joins the one more specific description it fits
    spokesman = [s for s in ledger.speakers if "spokesman" in s.name]
    assert len(spokesman) == 1 and len(spokesman[0].statements) == 2
    # "another" source says it is someone else
    port = sorted(s.name for s in ledger.speakers if "port source" in s.name)
    assert port == ["Another port source", "One port source"]


def test_same_statement_in_two_outlets_is_one_entry(two_outlets: Ledger) -> None:
    taavi = speaker(two_outlets, "Ines Taavi")
    assert len(taavi.statements) == 2
    paraphrased, word_for_word = taavi.statements
    # paraphrased around the same quoted words
    assert paraphrased.kind == "mixed"
    assert [c.outlet for c in paraphrased.carriers] == ["The Quay Gazette", "Northern Wire"]
    # word for word
    assert word_for_word.kind == "direct"
    assert word_for_word.outlets == ("The Quay Gazette", "Northern Wire")
    # different statements of one source stay apart
    council = speaker(two_outlets, "Senior council sources")
    assert all(len(s.carriers) == 1 for s in council.statements)


def test_role_and_side_as_the_text_gives_them(two_outlets: Ledger) -> None:
    kell = speaker(two_outlets, "Ruth Kell")
    assert kell.role == "Shadow Transport Secretary"
    assert kell.side.camp == "opposition"
    groen = speaker(two_outlets, "Pieter Groen")
    assert groen.role == "Dutch ambassador to Estravia"  # completed from the lead
    assert groen.side.country == "Dutch"
    briel = speaker(two_outlets, "Anton Briel")
    assert briel.role == "chief executive"
    assert briel.side.organisation == "Kelvar Water"
    assert speaker(two_outlets, "Ines Taavi").role == "harbour master"
    assert not speaker(two_outlets, "Ines Taavi").side  # the text gives no side


def test_ranked_by_how_much_they_are_quoted(two_outlets: Ledger) -> None:
    named = [s for s in two_outlets.speakers if not s.anonymous]
    counts = [len(s.statements) for s in named]
    assert counts == sorted(counts, reverse=True)
    assert named[0].name == "Ines Taavi"


def test_json_follows_the_report_contract(two_outlets: Ledger) -> None:
    data = ledger_json(two_outlets)
    assert data["id"] == "story-quay"
    texts = {"a1": GAZETTE[2], "a2": WIRE[2]}
    for entry in data["speakers"]:
        assert {"name", "role", "side", "anonymous", "statements"} <= set(entry)
        for statement in entry["statements"]:
            assert set(statement) == {"text", "kind", "cue", "articles"}
            assert statement["kind"] in ("direct", "mixed", "reported")
            for where in statement["articles"]:
                assert set(where) == {"article_id", "outlet", "published", "start", "end"}
                quoted = texts[where["article_id"]][where["start"] : where["end"]]
                first_word = statement["text"].split()[0]
                assert first_word in quoted  # offsets point at the statement
    markdown = ledger_markdown(two_outlets)
    assert markdown.startswith("# Who said what: Kelvar sea wall")
    assert (
        "## Anonymous sources" in markdown and "Ruth Kell — Shadow Transport Secretary" in markdown
    )


def test_speakers_matching_by_name_or_form(two_outlets: Ledger) -> None:
    assert [s.name for s in speakers_matching(two_outlets, "taavi").speakers] == ["Ines Taavi"]
    assert [s.name for s in speakers_matching(two_outlets, "harbour master").speakers] == [
        "Ines Taavi"
    ]
    assert speakers_matching(two_outlets, "nobody here").speakers == ()


def test_quotes_without_a_speaker_are_counted_not_listed() -> None:
    text = '"The gates open at nine," she said.'
    quote = Quote(
        1,
        25,
        "The gates open at nine,",
        "direct",
        "she",
        None,
        False,
        "said",
        Span(27, 30),
        Span(31, 35),
    )
    article = LedgerArticle(
        "x1", "The Quay Gazette", datetime(2025, 1, 1, tzinfo=UTC), text, (quote,)
    )
    ledger = build_ledger("s", "gates", [article])
    assert ledger.speakers == () and ledger.unattributed == 1
