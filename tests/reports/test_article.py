"""An article cut into pieces at quotes and sentence starts, and read from a store."""

from __future__ import annotations

from newsweave.records import Quote
from newsweave.reports.article import article_view, kept_quotes, segment_paragraphs
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
