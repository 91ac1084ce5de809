"""Quote extraction: every construction news uses, bad input, and the two seed articles.

All articles here are invented (places, people and events do not exist). The seed test
reads ../shared/seeds at run time and asserts only speakers, counts and short snippets.
"""

from __future__ import annotations

import time

import pytest
from spacy.language import Language

from newsweave.analyze.nlp import load_english
from newsweave.analyze.quotes.finder import extract_quotes
from newsweave.analyze.quotes.marks import find_quote_regions
from newsweave.records import Quote
from tests.conftest import SHARED

SEEDS = SHARED / "seeds"


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_english(enable=("ner",))


def quotes_of(nlp: Language, text: str) -> tuple[Quote, ...]:
    return extract_quotes(nlp(text))


def only(quotes: tuple[Quote, ...], snippet: str) -> Quote:
    found = [q for q in quotes if snippet in q.text]
    assert len(found) == 1, (snippet, quotes)
    return found[0]


# (article text, content snippet, kind, speaker_name, anonymous, cue)
CASES = [
    # straight marks, speaker after the quote, with an apposition
    (
        '"The bridge will reopen in May," said Mara Quell, the transport chief.',
        "bridge will reopen in May",
        "direct",
        "Mara Quell",
        False,
        "said",
    ),
    # curly marks, speaker before, colon
    (
        "Harlan Vesk told the Dunmore Gazette: “We have no plans to sell the mill.”",
        "no plans to sell the mill",
        "direct",
        "Harlan Vesk",
        False,
        "told",
    ),
    # single marks
    (
        "'We are not finished with this yet,' Orla Brant said.",
        "not finished with this yet",
        "direct",
        "Orla Brant",
        False,
        "said",
    ),
    # inversion with an anonymous role
    (
        '"The figures simply do not add up," said one senior treasury official.',
        "figures simply do not add up",
        "direct",
        None,
        True,
        "said",
    ),
    # attribution on the paragraph before, ending in a colon
    (
        'Inspector Dana Roux told reporters:\n\n"The search will continue overnight."',
        "search will continue overnight",
        "direct",
        "Dana Roux",
        False,
        "told",
    ),
    # em-dash attribution
    (
        "Ben Tolliver said — “the valley has been forgotten by everyone.”",
        "valley has been forgotten",
        "direct",
        "Ben Tolliver",
        False,
        "said",
    ),
    # a quote signed with a dash and a name
    (
        "“We will rebuild the pier.” — Jane Roe, the mayor of Kettleby.",
        "rebuild the pier",
        "direct",
        "Jane Roe",
        False,
        "—",
    ),
    # mixed: a quoted fragment inside reported speech
    (
        'Finance minister Petra Lind said the rise was "hardly a surprise" to anyone.',
        "hardly a surprise",
        "mixed",
        "Petra Lind",
        False,
        "said",
    ),
    # reported speech after "told" + hearer, title resolved to the full name
    (
        "Colm Ferris runs the depot. Mr Ferris told the Valley Herald the council would "
        "prefer a delay.",
        "council would prefer a delay",
        "indirect",
        "Colm Ferris",
        False,
        "told",
    ),
    # denial by an anonymous role ("a ... spokeswoman")
    (
        "A Brightwater Rail spokeswoman has denied any wrongdoing by the drivers.",
        "any wrongdoing by the drivers",
        "indirect",
        None,
        True,
        "denied",
    ),
    # "according to", source after the content
    (
        "Turnout fell sharply this year, according to the Electoral Office of Varnia.",
        "Turnout fell sharply this year",
        "indirect",
        "Electoral Office of Varnia",
        False,
        "according to",
    ),
    # "insisted that"
    (
        "Colm Ferris insisted that the vote had been fair and open.",
        "vote had been fair and open",
        "indirect",
        "Colm Ferris",
        False,
        "insisted",
    ),
    # "described X as", pronoun resolved to the earlier person
    (
        'Colm Ferris spoke on Monday. He described the decision as "reckless".',
        "the decision as",
        "mixed",
        "Colm Ferris",
        False,
        "described",
    ),
    # plural anonymous role before the cue, content before it after a dash
    (
        "The depot will close within weeks – ministry insiders said yesterday.",
        "depot will close within weeks",
        "indirect",
        None,
        True,
        "said",
    ),
    # relative clause speaker: "..., who said"
    (
        "The plan angered the harbour master in Kettleby, who said the boats had nowhere "
        "else to go.",
        "boats had nowhere else to go",
        "indirect",
        None,
        True,
        "said",
    ),
]


@pytest.mark.parametrize(("text", "snippet", "kind", "name", "anonymous", "cue"), CASES)
def test_construction(
    nlp: Language,
    text: str,
    snippet: str,
    kind: str,
    name: str | None,
    anonymous: bool,
    cue: str,
) -> None:
    quote = only(quotes_of(nlp, text), snippet)
    assert quote.kind == kind
    assert quote.speaker_name == name
    assert quote.anonymous is anonymous
    assert quote.cue == cue
    assert quote.cue_span is not None
    assert text[quote.cue_span.start : quote.cue_span.end] == cue
    assert quote.speaker is not None and quote.speaker_span is not None
    assert text[quote.speaker_span.start : quote.speaker_span.end] == quote.speaker
    assert snippet in text[quote.start : quote.end]


def test_quote_over_several_paragraphs_is_one_quote(nlp: Language) -> None:
    text = (
        'Orla Brant said: "The first part of what I have to say.\n\n'
        '"And the second part, which ends here."\n\nThe meeting closed at noon.'
    )
    quotes = quotes_of(nlp, text)
    assert len(quotes) == 1
    assert "first part" in quotes[0].text and "second part" in quotes[0].text
    assert "meeting closed" not in quotes[0].text
    assert quotes[0].speaker_name == "Orla Brant"


def test_quote_split_by_its_attribution_is_one_quote(nlp: Language) -> None:
    text = '"We would like a fair deal," Orla Brant said. "It is clear what we prefer."'
    quotes = quotes_of(nlp, text)
    assert len(quotes) == 1
    assert "fair deal" in quotes[0].text and "what we prefer" in quotes[0].text
    assert "Brant said" not in quotes[0].text


def test_unattributed_paragraph_continues_the_previous_speaker(nlp: Language) -> None:
    text = '"The levy stays," Petra Lind said.\n\n"It will be reviewed next spring, not before."'
    quotes = quotes_of(nlp, text)
    assert [q.speaker_name for q in quotes] == ["Petra Lind", "Petra Lind"]
    assert quotes[1].cue is None


def test_pronouns_follow_gender_and_the_last_speaker(nlp: Language) -> None:
    text = (
        "Mrs Mara Quell met Mr Colm Ferris at the depot.\n\n"
        '"The roof leaks," said Mr Ferris.\n\n'
        '"It has leaked for years," she said.\n\n'
        '"We will fix it," he said.'
    )
    quotes = quotes_of(nlp, text)
    assert [q.speaker_name for q in quotes] == ["Colm Ferris", "Mara Quell", "Colm Ferris"]
    assert [q.speaker for q in quotes][1:] == ["she", "he"]


def test_pronoun_after_an_anonymous_role_stays_anonymous(nlp: Language) -> None:
    text = 'A council spokesman said the pier was closed.\n\n"Repairs will take a month," he said.'
    quotes = quotes_of(nlp, text)
    assert len(quotes) == 2
    assert all(q.anonymous and q.speaker_name is None for q in quotes)


def test_pronoun_after_an_anonymous_role_links_to_that_role(nlp: Language) -> None:
    # Two anonymous speakers: each "he said" points at its own role's mention, so the
    # ledger can tell the spokesman's words from the engineer's.
    text = (
        'Mr Ostrow\'s press secretary said the bridge was "perfectly sound".\n\n'
        '"The inspection found nothing," he said.\n\n'
        '"We will publish the report," he added.\n\n'
        'A retired site engineer said the cracks were new. "I saw them myself," he said.'
    )
    quotes = quotes_of(nlp, text)
    role = text.index("Mr Ostrow's press secretary")
    engineer = text.index("A retired site engineer")
    linked = [q for q in quotes if q.speaker == "he"]
    assert len(linked) == 3
    assert all(q.anonymous and q.speaker_name is None for q in linked)
    assert [q.antecedent for q in linked] == [
        "Mr Ostrow's press secretary",
        "Mr Ostrow's press secretary",
        "A retired site engineer",
    ]
    assert [q.antecedent_span.start for q in linked if q.antecedent_span] == [
        role,
        role,
        engineer,
    ]
    first = only(quotes, "perfectly sound")
    assert first.antecedent is None  # a speaker named as written needs no link


def test_pronoun_after_a_named_speaker_links_to_the_name_as_written(nlp: Language) -> None:
    text = (
        'Ms Ines Taavi, the harbour master, said: "The channel is clear."\n\n'
        'She added: "Boats may sail."'
    )
    quotes = quotes_of(nlp, text)
    second = only(quotes, "Boats may sail")
    assert second.speaker_name == "Ines Taavi"
    assert second.antecedent is not None and "Ines Taavi" in second.antecedent
    span = second.antecedent_span
    assert span is not None and text[span.start : span.end] == second.antecedent


def test_unresolvable_pronoun_is_not_called_anonymous(nlp: Language) -> None:
    quotes = quotes_of(nlp, '"The gates open at nine," she said.')
    assert len(quotes) == 1
    assert quotes[0].speaker == "she"
    assert quotes[0].speaker_name is None and quotes[0].anonymous is False


def test_definite_role_refers_back_to_the_named_role(nlp: Language) -> None:
    text = (
        "Council spokesman Tim Burr said the pier would cost more. "
        'The spokesman said it was "a fair price".'
    )
    quotes = quotes_of(nlp, text)
    assert [q.speaker_name for q in quotes] == ["Tim Burr", "Tim Burr"]


def test_names_the_model_misses_still_resolve(nlp: Language) -> None:
    # a comma-set name, a title plus surname, and a bare surname, all pointing back
    # to a full name given earlier; "she" skips a man known from "Mr Ostrov"
    text = (
        "The harbour master, Ysolde Brannick, said the quay was closed.\n\n"
        "Mr Ostrov, the ferry captain, agreed.\n\n"
        '"Nobody sails tonight," she said.\n\n'
        "A spokeswoman for the port, Dana Quirrel, said repairs had begun. "
        '"It will take a week," Ms Quirrel said.'
    )
    quotes = quotes_of(nlp, text)
    by_snippet = {q.text.split()[0]: q for q in quotes}
    assert by_snippet["the"].speaker_name == "Ysolde Brannick"
    assert by_snippet["Nobody"].speaker_name == "Ysolde Brannick"
    assert by_snippet["It"].speaker_name == "Dana Quirrel"


def test_one_of_a_group_is_anonymous(nlp: Language) -> None:
    text = "Two divers spoke to the Gazette. One said the water was too cold to continue."
    quote = only(quotes_of(nlp, text), "water was too cold")
    assert quote.anonymous and quote.speaker == "One" and quote.speaker_name is None


def test_pull_quote_repeating_the_body_is_merged(nlp: Language) -> None:
    text = (
        "Harlan Vesk opened the new mill on Friday.\n\n"
        "The mill will employ everyone in the valley\n\n"
        "Harlan Vesk\n\n"
        'Mr Vesk said: "The mill will employ everyone in the valley, and more besides."'
    )
    quotes = quotes_of(nlp, text)
    assert len(quotes) == 1
    assert quotes[0].speaker_name == "Harlan Vesk"
    assert "more besides" in quotes[0].text


def test_scare_quotes_without_a_cue_are_not_quotes(nlp: Language) -> None:
    assert quotes_of(nlp, 'The so-called "fast lane" opened on Monday in Kettleby.') == ()


def test_cue_inside_a_quote_does_not_start_another_quote(nlp: Language) -> None:
    text = '"My father said we should never sell," Orla Brant said.'
    quotes = quotes_of(nlp, text)
    assert len(quotes) == 1 and quotes[0].speaker_name == "Orla Brant"


def test_empty_and_blank_text(nlp: Language) -> None:
    assert quotes_of(nlp, "") == ()
    assert quotes_of(nlp, "  \n\n  ") == ()


def test_unbalanced_marks_never_run_past_their_paragraph(nlp: Language) -> None:
    text = (
        'Petra Lind said "this quote never closes.\n\n'
        "A plain paragraph about the weather in Kettleby.\n\n"
        'Another "stray mark and more words.\n\n'
        '"Orphan opening line\n\n'
        "Final paragraph."
    )
    quotes = quotes_of(nlp, text)
    for quote in quotes:
        assert "\n" not in text[quote.start : quote.end]
    for region in find_quote_regions(text):
        assert "\n" not in text[region.start : region.end]


def test_transcript_lines_with_a_mark_each_are_turns_not_one_quote(nlp: Language) -> None:
    text = (
        "Host Ada Wren questioned Mayor Ben Tolliver.\n\n"
        '"WREN: Will the pier reopen this year?\n\n'
        '"TOLLIVER: Yes, by the summer at the latest.\n\n'
        '"WREN: Thank you.'
    )
    quotes = quotes_of(nlp, text)
    assert [q.speaker for q in quotes] == ["WREN", "TOLLIVER", "WREN"]
    assert quotes[1].speaker_name == "Ben Tolliver"
    assert all("\n" not in q.text for q in quotes)


@pytest.mark.slow
def test_one_megabyte_article_completes_in_bounded_time(nlp: Language) -> None:
    paragraph = (
        'Colm Ferris said the depot would close. "We are sorry," he added. '
        'Turnout fell, according to the Electoral Office. An unclosed " mark here.\n\n'
    )
    text = paragraph * (1_000_000 // len(paragraph) + 1)
    doc = nlp.tokenizer(text)  # tokens only: this measures extraction, not the model
    started = time.process_time()
    quotes = extract_quotes(doc)
    assert time.process_time() - started < 60
    assert len(quotes) > 1000
    assert max(q.end - q.start for q in quotes) < 200


# --- the two seed articles (read at run time, never copied) ---------------------------


def _seed_body(nlp: Language, prefix: str, first: str, last: str) -> tuple[str, tuple[Quote, ...]]:
    """The body of a seed article: the lines from the one containing ``first`` up to the
    one containing ``last`` (excluded), with any furniture glued before ``first`` cut off."""
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    raw = path.read_text(encoding="utf-8")
    body = raw[raw.index(first) : raw.index(last)]
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    text = "\n\n".join(lines)
    return text, extract_quotes(nlp(text))


def _by_speaker(quotes: tuple[Quote, ...], speaker: str) -> list[Quote]:
    return [q for q in quotes if q.speaker == speaker]


needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds not present")


@pytest.mark.shared
@needs_seeds
def test_independent_seed(nlp: Language) -> None:
    _text, quotes = _seed_body(nlp, "000", "British troops will withdraw", "Join our commenting")
    assert len(quotes) == 6
    sources = _by_speaker(quotes, "senior government sources")
    assert len(sources) == 1 and sources[0].anonymous and sources[0].speaker_name is None
    insiders = _by_speaker(quotes, "Defence ministry insiders")
    assert len(insiders) == 1 and insiders[0].anonymous
    uk_source = _by_speaker(quotes, "one senior UK source")
    assert len(uk_source) == 1 and uk_source[0].anonymous and uk_source[0].kind == "direct"
    assert "plans afoot" in uk_source[0].text and "domestic political" in uk_source[0].text
    keane = [q for q in quotes if q.speaker_name == "Jack Keane"]
    assert len(keane) == 2
    assert {q.cue for q in keane} == {"said", "compared"}
    assert any(q.speaker == "He" for q in keane)
    army = [q for q in quotes if q.speaker and "Army spokesman" in q.speaker]
    assert len(army) == 1 and army[0].anonymous and army[0].kind == "mixed"
    assert "giving the Iraqis" in army[0].text
    compared = next(q for q in keane if q.cue == "compared")
    assert "giving the Iraqis" not in compared.text


@pytest.mark.shared
@needs_seeds
def test_bbc_seed(nlp: Language) -> None:
    _text, quotes = _seed_body(
        nlp, "002", "The US ambassador to Iraq has", "comments on Iraq's future"
    )
    names = [q.speaker_name for q in quotes]
    khalilzad = [q for q in quotes if q.speaker_name == "Zalmay Khalilzad"]
    # told the BBC (reported), the direct quote, "He said talks", and the added quote
    # (whose pull-quote repeat is merged into it)
    assert len(khalilzad) == 4
    assert sum("great allies" in q.text for q in quotes) == 1
    assert any(q.speaker == "He" and "talks between" in q.text for q in khalilzad)
    spokesman = [q for q in quotes if q.speaker and "spokesman" in q.speaker and q.anonymous]
    assert len(spokesman) == 2  # Tony Blair's spokesman, Mr Blair's official spokesman
    he_after_spokesman = [q for q in quotes if q.speaker == "he" and "no final decision" in q.text]
    assert len(he_after_spokesman) == 1 and he_after_spokesman[0].anonymous
    continuation = [q for q in quotes if "Operation Sinbad" in q.text]
    assert len(continuation) == 1 and continuation[0].anonymous
    mccormack = [q for q in quotes if q.speaker_name == "Sean McCormack"]
    assert len(mccormack) == 2 and {q.cue for q in mccormack} == {"said", "described"}
    assert "Ministry of Defence" in names
    mod = [q for q in quotes if q.speaker == "A MoD spokeswoman"]
    assert len(mod) == 1 and mod[0].anonymous and "consistent with" in mod[0].text
    hague = [q for q in quotes if q.speaker_name == "William Hague"]
    assert len(hague) == 2 and any(q.speaker == "he" for q in hague)
    blair = [q for q in quotes if q.speaker_name == "Tony Blair"]
    assert len(blair) == 2 and {q.cue for q in blair} == {"said", "added"}
    assert "Andrew North" in names
    # every pronoun speaker was resolved to someone (a name or an anonymous role)
    for quote in quotes:
        if quote.speaker and quote.speaker.lower() in ("he", "she"):
            assert quote.speaker_name is not None or quote.anonymous
