"""Speaker phrases: subjects with a postmodifier read whole, titled names the model tags
as organisations, and pronouns that follow them."""

from __future__ import annotations

import pytest
from spacy.language import Language

from newsweave.analyze.nlp import load_english
from newsweave.analyze.quotes.finder import extract_quotes
from newsweave.records import Quote


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_english(enable=("ner",))


def only(nlp: Language, text: str, snippet: str) -> Quote:
    found = [q for q in extract_quotes(nlp(text)) if snippet in q.text]
    assert len(found) == 1, (snippet, found)
    return found[0]


@pytest.mark.parametrize(
    ("text", "snippet", "speaker"),
    [
        (
            "Engineers familiar with the inspection of the bridge carried out last spring "
            'said it had found "deep cracks" in two of the piers.',
            "deep cracks",
            "Engineers familiar with the inspection of the bridge carried out",
        ),
        (
            "People familiar with the talks said the two sides were close to a deal.",
            "close to a deal",
            "People familiar with the talks",
        ),
        (
            "Residents who fled the flooded streets of Orlow said the water rose within minutes.",
            "the water rose",
            "Residents who fled the flooded streets of Orlow",
        ),
        (
            "After the levee broke, farmers living near the river told the paper that "
            "nobody had warned them.",
            "nobody had warned them",
            "farmers living near the river",
        ),
    ],
)
def test_subject_with_a_postmodifier_is_the_whole_noun_phrase(
    nlp: Language, text: str, snippet: str, speaker: str
) -> None:
    quote = only(nlp, text, snippet)
    assert quote.speaker == speaker
    assert quote.anonymous
    assert quote.speaker_name is None


def test_a_name_after_the_postmodifier_is_not_the_speaker(nlp: Language) -> None:
    quote = only(nlp, "Sources close to Mayor Ilse Varga said she would not resign.", "resign")
    assert quote.speaker == "Sources close to Mayor Ilse Varga"
    assert quote.anonymous and quote.speaker_name is None


@pytest.mark.parametrize(
    "text",
    [
        "At a briefing in Orlow the mayor said the roads were open.",
        "Asked about the roads the mayor said they were open.",
        "On Tuesday the mayor said the roads were open.",
    ],
)
def test_an_opening_phrase_is_not_part_of_the_subject(nlp: Language, text: str) -> None:
    quote = only(nlp, text, "open")
    assert quote.speaker == "the mayor"


def test_titled_name_tagged_as_an_organisation_is_a_person(nlp: Language) -> None:
    text = (
        "Harbour master Ines Taavi said the port would stay closed until Monday. "
        '"We cannot risk another ship," she said.'
    )
    first = only(nlp, text, "port would stay closed")
    assert (first.speaker_name, first.anonymous) == ("Ines Taavi", False)
    second = only(nlp, text, "another ship")
    assert second.speaker == "she"
    assert second.speaker_name == "Ines Taavi"
    assert second.antecedent == "Harbour master Ines Taavi"


def test_lower_case_role_tagged_as_a_person_is_not_the_name(nlp: Language) -> None:
    text = (
        '"The quay is damaged," said harbour master Ines Taavi. '
        '"Nobody goes out tonight," she added.'
    )
    assert only(nlp, text, "quay is damaged").speaker_name == "Ines Taavi"
    assert only(nlp, text, "Nobody goes out").speaker_name == "Ines Taavi"


def test_she_skips_an_organisation_for_the_person_before_it(nlp: Language) -> None:
    text = (
        "Council spokeswoman Maren Holt said the budget was balanced. "
        "The Kettleby Port Authority said it disagreed. "
        "She said the figures had been audited twice."
    )
    assert only(nlp, text, "budget was balanced").speaker_name == "Maren Holt"
    assert only(nlp, text, "it disagreed").speaker_name == "Kettleby Port Authority"
    she = only(nlp, text, "audited twice")
    assert (she.speaker_name, she.antecedent) == ("Maren Holt", "Council spokeswoman Maren Holt")


def test_pronoun_finds_a_titled_name_that_was_not_a_speaker(nlp: Language) -> None:
    text = (
        "The ferry was inspected on Friday by harbour master Ines Taavi. "
        "She said the hull was sound."
    )
    assert only(nlp, text, "hull was sound").speaker_name == "Ines Taavi"


def test_relative_after_a_described_source_keeps_the_source(nlp: Language) -> None:
    text = (
        "The breach was traced on Sunday, according to one source familiar with the "
        "matter, who said the group is known to the army."
    )
    quote = only(nlp, text, "known to the army")
    assert quote.speaker == "one source familiar with the matter"


def test_hyphenated_words_stay_in_the_speaker(nlp: Language) -> None:
    text = "Iran can respond, according to the semi-official Tasnim news agency."
    quote = only(nlp, text, "respond")
    assert quote.speaker == "the semi-official Tasnim news agency"


def test_passive_reported_by_is_not_a_cue(nlp: Language) -> None:
    quotes = extract_quotes(nlp("Florida set a record reported by no other state this year."))
    assert all(q.speaker != "a record" for q in quotes)
    assert not any(q.cue == "reported" for q in quotes)


def test_ever_before_a_cue_is_not_the_speaker(nlp: Language) -> None:
    quotes = extract_quotes(nlp("Sanders flatly denied he ever told Warren such a thing."))
    assert "ever" not in {q.speaker for q in quotes}


def test_participle_before_a_group_is_not_part_of_it(nlp: Language) -> None:
    text = "The board said it backed the ruling, alarming Democrats who vowed to oppose it."
    assert only(nlp, text, "to oppose it").speaker == "Democrats"


def test_he_never_resolves_to_data(nlp: Language) -> None:
    text = (
        "Secretary Alejandro Mayorkas announced the figures on Thursday, according to "
        "Customs and Border Protection data. Mayorkas commented that numbers rose. "
        "He acknowledged that the situation was a crisis."
    )
    assert only(nlp, text, "was a crisis").speaker_name == "Alejandro Mayorkas"


def test_a_common_first_name_tells_the_gender(nlp: Language) -> None:
    text = (
        "Governor Mike DeWine signed the orders. Melissa Ackison protested outside. "
        "He said the orders would stand. She said she would sue."
    )
    assert only(nlp, text, "would stand").speaker_name == "Mike DeWine"
    assert only(nlp, text, "would sue").speaker_name == "Melissa Ackison"


def test_subject_of_a_relative_clause_is_not_extended(nlp: Language) -> None:
    text = 'Trump named Cain and Moore, choices that Nancy Pelosi called "ill-suited."'
    assert only(nlp, text, "ill-suited").speaker == "Nancy Pelosi"


def test_said_of_names_a_topic_not_a_speaker(nlp: Language) -> None:
    quotes = extract_quotes(nlp('"It is a sham," said of the impeachment effort on Sunday.'))
    assert not any(q.speaker and q.speaker.startswith("of ") for q in quotes)


def test_added_before_a_number_is_not_a_cue(nlp: Language) -> None:
    quotes = extract_quotes(nlp("The economy added 213,000 jobs in May despite the shortages."))
    assert not any(q.cue == "added" for q in quotes)


def test_hearers_of_a_passive_are_not_speakers(nlp: Language) -> None:
    text = "Commuters who used the footbridge were told to take the ferry instead."
    assert not any(q.cue == "told" for q in extract_quotes(nlp(text)))
