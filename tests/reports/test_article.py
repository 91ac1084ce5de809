"""An article cut into pieces at quotes and sentence starts, and read from a store."""

from __future__ import annotations

from datetime import date

from newsweave.records import Entity, Quote, TimeExpr
from newsweave.reports.article import (
    article_view,
    kept_quotes,
    marked_spans,
    segment_paragraphs,
)
from newsweave.store.db import Store


def quote(start: int, end: int, speaker: str = "Vale") -> Quote:
    return Quote(start, end, "", "direct", speaker, speaker, False, "said")


def test_pieces_rebuild_the_text_and_carry_their_quote() -> None:
    paragraphs = ("Vale said the river rose. It was fast.", "Nobody expected it, she said.")
    text = "\n\n".join(paragraphs)
    quotes = [quote(10, 25), quote(40, 59, "Moss")]
    pieces = segment_paragraphs(paragraphs, quotes, [0, 26, 40])
    assert ["".join(p["text"] for p in para) for para in pieces] == list(paragraphs)
    for para in pieces:
        for piece in para:
            assert text[piece["start"] : piece["start"] + len(piece["text"])] == piece["text"]
    marked = [
        (p["text"], p["quote"], p["quote_end"])
        for para in pieces
        for p in para
        if p["quote"] is not None
    ]
    assert marked == [("the river rose.", 0, True), ("Nobody expected it,", 1, True)]
    anchors = [p["start"] for para in pieces for p in para if p["anchor"]]
    assert anchors == [0, 10, 26, 40]


def test_a_quote_over_two_paragraphs_is_marked_in_both() -> None:
    paragraphs = ("He said: first part", "second part ends.")
    pieces = segment_paragraphs(paragraphs, [quote(9, 32)], [])
    first, second = pieces
    assert first[-1]["quote"] == 0 and not first[-1]["quote_end"]
    assert second[0]["quote"] == 0 and second[0]["quote_end"]


def test_entities_and_dates_are_marked_inside_and_outside_quotes() -> None:
    paragraphs = ("On 12 March Ilse Varga said the dam at Brennick held.",)
    text = paragraphs[0]
    entities = [
        Entity(12, 22, "Ilse Varga", "PERSON", "Ilse Varga"),
        Entity(3, 11, "12 March", "DATE", "12 March"),  # the time expression wins
        Entity(39, 47, "Brennick", "GPE", "Brennick"),
    ]
    times = [TimeExpr(3, 11, "12 March", date(2025, 3, 12), "day", False, 0)]
    marks = marked_spans(entities, times)
    assert [(m.start, m.css) for m in marks] == [
        (3, "time"), (12, "ent ent-person"), (39, "ent ent-gpe")
    ]  # fmt: skip
    assert marks[0].title == "2025-03-12"
    pieces = segment_paragraphs(paragraphs, [quote(28, 53)], [0], marks)[0]
    assert "".join(p["text"] for p in pieces) == text
    shown = [(p["text"], p["mark"]["css"], p["quote"]) for p in pieces if p["mark"]]
    assert shown == [
        ("12 March", "time", None), ("Ilse Varga", "ent ent-person", None),
        ("Brennick", "ent ent-gpe", 0),
    ]  # fmt: skip


def test_overlapping_and_outside_quotes_are_dropped() -> None:
    kept = kept_quotes([quote(5, 20), quote(0, 10), quote(30, 99)], 50)
    assert [(q.start, q.end) for q in kept] == [(0, 10)]


def test_article_view_from_the_store(footbridge_db: tuple[str, str]) -> None:
    db, story_id = footbridge_db
    with Store(db, readonly=True) as store:
        story = store.get_story(story_id)
        wire = next(
            a for a in map(store.get_article, story.article_ids) if a.outlet == "Northern Wire"
        )
        view = article_view(store, wire.id, story={"id": story.id, "label": story.title})
    assert view["analysed"] and view["quotes"]
    for row in view["quotes"]:
        assert wire.text[row["start"] : row["end"]] == row["text"]
    assert "Maren Hoyle" in {row["speaker"] for row in view["quotes"]}
    assert [c["outlet"] for c in view["copies"]] == ["Porthmere Evening Post"]
    assert view["copy_of"] is None and view["story"]["id"] == story.id
    marks = [p["mark"] for para in view["paragraphs"] for p in para if p["mark"]]
    assert any(m["css"].startswith("ent ") for m in marks)
