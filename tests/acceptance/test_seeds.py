"""The two seed articles must come out of the text-dump cleaner exactly right.

The seeds live in ../shared/seeds (never copied into the repository), so this test pins
what the clean output must be without quoting it: title (its hash, where the headline is
long), outlet, date, the number of body paragraphs, a few words at each end of the body
and a SHA-256 of the whole body. The pinned bodies were checked by eye: first to last
body sentence, no caption, pull quote, crosshead, video link, disclaimer, related
headline, navigation, donation appeal or comment prompt, and the glued appeal sentence
split off the first body sentence.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsweave.extract.text.cleaner import clean_text_dump
from newsweave.pipeline.analyze import analyze_new_articles
from newsweave.pipeline.group import group_new_articles
from newsweave.records import PARAGRAPH_SEPARATOR
from tests.conftest import SHARED

SEEDS = SHARED / "seeds"

pytestmark = [
    pytest.mark.shared,
    pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed articles not found at {SEEDS}"),
]


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_independent_seed() -> None:
    # The Independent: headline first, donation appeal glued to the first body sentence,
    # commenting prompts at the end, and no date anywhere on the page.
    result = clean_text_dump((SEEDS / "000_7b0efcd9115d08e5.txt").read_text(encoding="utf-8"))
    body = PARAGRAPH_SEPARATOR.join(result.paragraphs)
    assert result.title is not None and result.title.startswith("US 'will not stop'")
    assert (
        sha256(result.title) == "5e8bbbb6613fdc87d94be43a29fe9d67d99982f159a3046ea882c5a94638a3ba"
    )
    assert result.outlet == "The Independent"
    assert result.published is None  # "yesterday" in the text is not a publication date
    assert len(result.paragraphs) == 8
    assert body.split()[:6] == ["British", "troops", "will", "withdraw", "to", "the"]
    assert body.split()[-6:] == ["the", "lead", "in", "policing", "the", "city."]
    assert sha256(body) == "aecb73b336efcf10cee7bb6d0cf596d1975e3982626e369f52a253d71239ae31"
    reasons = {block.reason for block in result.dropped}
    assert {"donation-appeal", "comment-prompt", "title"} <= reasons


def test_bbc_seed() -> None:
    # BBC News: server error, masthead, dateline, headline, image captions, a pull quote
    # with its speaker, two crossheads, a video link, the external-sites disclaimer,
    # related headlines and region navigation.
    result = clean_text_dump((SEEDS / "002_d4970a00eedc7c58.txt").read_text(encoding="utf-8"))
    body = PARAGRAPH_SEPARATOR.join(result.paragraphs)
    assert result.title == "Allies 'differ' over Iraq plans"
    assert result.outlet == "BBC News"
    assert result.published == datetime(2007, 1, 24, 23, 51, tzinfo=UTC)
    assert len(result.paragraphs) == 24
    assert body.split()[:6] == ["The", "US", "ambassador", "to", "Iraq", "has"]
    assert body.split()[-6:] == ["leaders", "to", "suggest", "a", "withdrawal", "date."]
    assert sha256(body) == "71de657a5ea0ac4fd78ac353ab3b633184dbc9e2308b07061fb197dd48abd7d2"
    reasons = [block.reason for block in result.dropped]
    assert reasons.count("crosshead") == 2
    assert reasons.count("pull-quote") == 2  # the quote and its speaker line
    assert {"server-error", "masthead", "dateline", "caption", "related-link"} <= set(reasons)


def test_seed_story_summary_draws_on_both_outlets(tmp_path: Path) -> None:
    # The two seeds are one story and one storyline: the US ambassador's comments (BBC) against the
    # British timetable for leaving Basra Palace (The Independent). The summary needs
    # both sides and only body sentences.
    from newsweave.pipeline.ingest import ingest_paths
    from newsweave.reports.story import story_summary
    from newsweave.store.db import Store

    with Store(tmp_path / "seeds.db") as store:
        ingest_paths(store, [str(SEEDS)])
        analyze_new_articles(store)
        group_new_articles(store)
        stories = list(store.iter_stories())
        assert len(stories) == 1
        # One storyline holding both articles.
        (storyline,) = store.iter_storylines()
        assert set(storyline.article_ids) == set(stories[0].article_ids)
        assert len(storyline.article_ids) == 2 and storyline.story_ids == (stories[0].id,)
        summary = story_summary(store, stories[0].id)
        articles = {a: store.get_article(a) for a in stories[0].article_ids}
    by_outlet = {s.outlet: s.text for s in summary.sentences}
    assert set(by_outlet) == {"BBC News", "The Independent"}
    assert any(s.outlet == "BBC News" and "ambassador" in s.text for s in summary.sentences)
    assert any(s.outlet == "The Independent" and "timetable" in s.text for s in summary.sentences)
    for sentence in summary.sentences:
        article = articles[sentence.article_id]
        assert article.text[sentence.start : sentence.end] == sentence.text
        assert sentence.text.rstrip("\"”’'").endswith((".", "!", "?"))
        assert all(sentence.text not in block.text for block in article.dropped)
