"""Cross-outlet summaries over made-up articles: redundancy, balance, the pronoun
rule, disputed counts and traceability."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from newsweave.analyze.sentences import sentences_of_text
from newsweave.reports.candidates import SourceArticle
from newsweave.reports.figures import Figure, conflicts, figures_in
from newsweave.reports.summary import StorySummary, summarize

TUESDAY = datetime(2025, 6, 3, 9, 0, tzinfo=UTC)


def article(
    article_id: str,
    outlet: str,
    *sentences: str,
    published: datetime | None = TUESDAY,
    title: str = "",
    copy_of: str | None = None,
) -> SourceArticle:
    text = " ".join(sentences)
    return SourceArticle(
        article_id, outlet, published, text, sentences_of_text(text), title, copy_of
    )


# Three outlets' reports of one made-up event: the Lorn footbridge collapse.
GAZETTE = article(
    "gazette",
    "Lorn Gazette",
    "A footbridge over the river Lorn collapsed in Aldwick on Tuesday, injuring four"
    " people who were crossing it, the county fire service said.",
    "The bridge, built in 1931, had been closed for repairs twice in the past decade.",
    "Engineers from the county council inspected the remaining supports on Tuesday"
    " afternoon and said the rest of the structure was sound.",
    "Council leader Maren Hoyle said a full review of every bridge in the county would"
    " begin next week.",
    title="Aldwick footbridge collapses, four hurt",
)
COURIER = article(
    "courier",
    "Aldwick Courier",
    "Four people were hurt when a footbridge over the river Lorn collapsed in Aldwick"
    " on Tuesday morning, according to the county fire service.",
    "Witnesses said the deck tilted and slid into the water within seconds.",
    "Residents had complained about cracks in the bridge's stone piers since the"
    " spring floods, according to letters seen by the Courier.",
    title="Four injured as Lorn footbridge gives way",
)
RADIO = article(
    "radio",
    "Valley Radio",
    "The Lorn footbridge in Aldwick collapsed on Tuesday, and four people were taken"
    " to hospital with injuries that are not life-threatening.",
    "Rail services between Aldwick and Porthmere were suspended while divers searched"
    " the river as a precaution.",
    "The county council has promised to publish the bridge's inspection records.",
    title="Footbridge collapse in Aldwick",
)
STORY = (GAZETTE, COURIER, RADIO)


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def _by_id(articles: tuple[SourceArticle, ...]) -> dict[str, SourceArticle]:
    return {a.id: a for a in articles}


def test_every_sentence_is_traceable_to_its_article() -> None:
    summary = summarize("s1", "Footbridge", STORY, sentences=4)
    assert isinstance(summary, StorySummary) and len(summary.sentences) == 4
    articles = _by_id(STORY)
    for sentence in summary.sentences:
        source = articles[sentence.article_id]
        assert source.text[sentence.start : sentence.end] == sentence.text
        assert sentence.outlet == source.outlet
        assert any(s.start == sentence.start and s.end == sentence.end for s in source.sentences)


def test_one_event_told_by_three_outlets_is_told_once() -> None:
    # All three leads report the collapse and the four injured: one of them is enough.
    summary = summarize("s1", "Footbridge", STORY, sentences=4)
    leads = [s for s in summary.sentences if s.start == 0]
    assert len(leads) == 1, [s.text for s in summary.sentences]
    for i, left in enumerate(summary.sentences):
        for right in summary.sentences[i + 1 :]:
            overlap = _words(left.text) & _words(right.text)
            assert len(overlap) / len(_words(left.text) | _words(right.text)) < 0.5


def test_a_syndicated_copy_counts_once_and_is_listed_with_its_original() -> None:
    copy = article(
        "copy",
        "Porthmere Evening Post",
        *[s.text for s in GAZETTE.sentences],
        "Porthmere commuters were told to expect delays on Wednesday.",
        copy_of="gazette",
    )
    summary = summarize("s1", "Footbridge", (*STORY, copy), sentences=6)
    texts = [s.text for s in summary.sentences]
    assert len(texts) == len(set(texts))
    carried = [s for s in summary.sentences if s.article_id == "gazette"]
    assert carried and all(s.also_in == ("copy",) for s in carried)
    assert all(s.article_id != "copy" or "Porthmere commuters" in s.text for s in summary.sentences)


@pytest.mark.parametrize("size", [2, 3, 4, 6])
def test_no_outlet_supplies_more_than_half_while_others_have_news(size: int) -> None:
    # The Gazette has by far the most to say; the others still get their half.
    long_gazette = article(
        "gazette",
        "Lorn Gazette",
        *[s.text for s in GAZETTE.sentences],
        "Divers from the county rescue team searched the river below the bridge until dusk.",
        "The footbridge carried about 600 pedestrians a day between the market and the station.",
        "Shopkeepers near the bridge said trade had already fallen since the spring floods.",
        title=GAZETTE.title,
    )
    summary = summarize("s1", "Footbridge", (long_gazette, COURIER, RADIO), sentences=size)
    counts = [sum(s.outlet == o for s in summary.sentences) for o in ("Lorn Gazette",)]
    assert len(summary.sentences) == size
    assert max(counts) <= max(1, size // 2)


def test_one_outlet_supplies_the_rest_when_the_others_have_nothing_new() -> None:
    echo = [
        article(
            name,
            name,
            "A footbridge over the river Lorn collapsed in Aldwick on Tuesday, injuring four"
            " people who were crossing it, the county fire service said.",
        )
        for name in ("Echo One", "Echo Two")
    ]
    summary = summarize("s1", "Footbridge", (GAZETTE, *echo), sentences=4)
    assert len(summary.sentences) == 4
    assert sum(s.outlet == "Lorn Gazette" for s in summary.sentences) == 4


def test_a_sentence_leaning_on_the_one_before_comes_right_after_it_or_not_at_all() -> None:
    # "She said…" and "But…" carry the story's words, so they score well; they may only
    # appear right after the sentence before them in their own article.
    inspector = article(
        "inspector",
        "Lorn Gazette",
        "The county's bridge inspector, Ruth Ambler, visited the collapsed Lorn footbridge"
        " in Aldwick on Tuesday.",
        "She said the footbridge over the river Lorn in Aldwick collapsed because its"
        " stone piers had cracked after the spring floods.",
        "But the council said the Aldwick footbridge had passed its last inspection.",
    )
    for size in (2, 3, 4, 5):
        summary = summarize("s1", "Footbridge", (inspector, COURIER, RADIO), sentences=size)
        positions = {(s.article_id, s.start): i for i, s in enumerate(summary.sentences)}
        starts = {(a.id, x.start): k for a in (inspector,) for k, x in enumerate(a.sentences)}
        for i, sentence in enumerate(summary.sentences):
            if sentence.text.split()[0] in ("She", "But"):
                k = starts[(sentence.article_id, sentence.start)]
                before = inspector.sentences[k - 1]
                assert i > 0 and positions.get((sentence.article_id, before.start)) == i - 1


def test_the_leaning_sentence_is_kept_beside_its_antecedent_against_date_order() -> None:
    # Same day, positions 0 and 1: plain "by position" order would put the Courier's
    # lead between the Gazette's lead and its "He said" sentence.
    gazette = article(
        "gazette",
        "Lorn Gazette",
        "The footbridge over the river Lorn in Aldwick collapsed on Tuesday, the fire"
        " service chief, Oskar Lind, said.",
        "He said four people were hurt when the Aldwick footbridge fell into the river Lorn.",
    )
    summary = summarize("s1", "Footbridge", (gazette, COURIER, RADIO), sentences=4)
    texts = [s.text for s in summary.sentences]
    if gazette.sentences[1].text in texts:
        assert texts.index(gazette.sentences[1].text) == texts.index(gazette.sentences[0].text) + 1


def test_statements_are_preferred_to_questions_teasers_and_emotive_lines() -> None:
    loud = article(
        "loud",
        "Valley Radio",
        "Is any footbridge over the river Lorn in Aldwick safe after Tuesday's collapse?",
        "Why it matters: four people were hurt when the Aldwick footbridge over the Lorn"
        " collapsed.",
        '"Shocking, disgraceful chaos at the Aldwick footbridge!"',
        "The county council said it would publish the inspection records of the Lorn"
        " footbridge in Aldwick.",
    )
    summary = summarize("s1", "Footbridge", (GAZETTE, COURIER, loud), sentences=4)
    chosen = [s.text for s in summary.sentences if s.article_id == "loud"]
    assert chosen == [loud.sentences[3].text]


def test_a_story_of_one_article_is_its_lead() -> None:
    summary = summarize("s1", "Footbridge", (GAZETTE,), sentences=2)
    assert [s.text for s in summary.sentences] == [s.text for s in GAZETTE.sentences[:2]]


def test_disputed_counts_go_in_attributed_and_both_or_not_at_all() -> None:
    mayor = article(
        "mayor",
        "Lorn Gazette",
        "About 1,200 people were evacuated from Aldwick's riverside streets on Tuesday,"
        " the mayor's office said.",
        "The footbridge over the river Lorn collapsed before dawn.",
    )
    loose = article(
        "loose",
        "Aldwick Courier",
        "Nearly 2,000 people were evacuated from Aldwick's riverside streets on Tuesday.",
        "Rescue boats were sent from Porthmere to the riverside streets.",
    )
    agency = article(
        "agency",
        "Valley Radio",
        "Some 2,000 people were moved out of Aldwick's riverside streets on Tuesday, the"
        " civil protection agency said.",
        "Schools in Aldwick will stay closed until Friday.",
    )
    for size in (1, 2, 3, 4):
        summary = summarize("s1", "Flood", (mayor, loose, agency), sentences=size)
        counted = [s.text for s in summary.sentences if re.search(r"1,200|2,000", s.text)]
        values = {v for t in counted for v in re.findall(r"1,200|2,000", t)}
        assert values in (set(), {"1,200", "2,000"}), counted
        assert all(" said" in t for t in counted), counted


def test_figures_are_counts_not_years_or_ages() -> None:
    found = figures_in("In 2023 about 1,200 residents and a 79-year-old man left; 3 million crowns")
    assert found == (Figure(1200.0, "people"), Figure(3e6, "crown"))
    assert conflicts(Figure(1200.0, "people"), Figure(2000.0, "people"))
    assert not conflicts(Figure(80.0, "percent"), Figure(81.0, "percent"))  # one figure, rounded
    assert not conflicts(Figure(30.0, "people"), Figure(1200.0, "people"))  # another group
    assert not conflicts(Figure(3.0, "feet"), Figure(2.0, "metre"))


def test_a_summary_needs_a_sentence() -> None:
    with pytest.raises(ValueError):
        summarize("s1", "Footbridge", STORY, sentences=0)


def test_a_story_of_one_article_and_its_copy_lists_the_copy_where_it_carries_the_lead() -> None:
    cut = article("cut", "Porthmere Evening Post", GAZETTE.sentences[0].text, copy_of="gazette")
    summary = summarize("s1", "Footbridge", (GAZETTE, cut), sentences=2)
    assert [s.article_id for s in summary.sentences] == ["gazette", "gazette"]
    assert [s.also_in for s in summary.sentences] == [("cut",), ()]


def test_a_wire_report_run_by_hundreds_of_outlets_counts_once_and_stays_fast() -> None:
    import time

    copies = [
        article(f"copy-{k}", f"Outlet {k}", *[s.text for s in GAZETTE.sentences], copy_of="gazette")
        for k in range(400)
    ]
    started = time.process_time()
    summary = summarize("s1", "Footbridge", (GAZETTE, *copies, COURIER, RADIO), sentences=4)
    assert time.process_time() - started < 20.0  # quadratic in articles would take minutes
    gazette = [s for s in summary.sentences if s.article_id == "gazette"]
    assert gazette and all(len(s.also_in) == 400 for s in gazette)
    assert len({s.text for s in summary.sentences}) == len(summary.sentences) == 4


def test_similarities_cosine_and_shared_words() -> None:
    from newsweave.reports.similarity import Similarities

    sims = Similarities([("bridge", "fell"), ("bridge", "fell"), ("bridge", "river"), ("rain",)])
    assert sims.cosine[0, 1] == pytest.approx(1.0)
    assert sims.cosine[0, 3] == pytest.approx(0.0)
    assert sims.overlap[0, 2] == pytest.approx(0.5)  # one word of two in each
    assert 0.0 < sims.cosine[0, 2] < 0.5  # "bridge" is in three sentences: it weighs little
    assert sims.similarity_to(["rain"])[3] == pytest.approx(1.0)
