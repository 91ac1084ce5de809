"""The story and duplicate benchmarks' loading, scoring and corpus helpers, on made-up
inputs with known answers (the benchmarks themselves need ../shared and run apart)."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path
from typing import Any

import pytest

# benchmarks/ is not a package: import its modules by path.
from tests.conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))

from duplicates import (
    DatasketchBands,
    copied,
    datasketch_banding_groups,
    datasketch_banding_index,
    datasketch_groups,
    measure,
    newsweave_groups,
    pair_scores,
)
from newsweave.dedup.index import DuplicateIndex
from newsweave.stories.grouper import StoryGrouper
from rejections import Rejections
from stories import bcubed, load, run_newsweave, score_runs, with_copies

# Three made-up reports of unrelated events, long enough for containment checks (40+
# word 5-shingles).
REPORTS = [
    "The Varnholt council voted on Monday to close the old footbridge over the Lenne after "
    "engineers found deep cracks in two of its stone pillars. Residents were told to use "
    "the ferry instead, which will run every twenty minutes until the repairs are done. "
    "Councillor Edda Ruhl said the vote was the hardest of her term, and that the repairs "
    "would take until March at a cost of 840 thousand crowns. Shopkeepers on the east bank "
    "fear that trade will collapse while the crossing stays shut.",
    "Striking dockworkers in Kessing rejected a pay offer from the harbour authority on "
    "Thursday, extending a walkout that has left forty cargo ships waiting at anchor. The "
    "union leader Ilse Born told a rally outside the customs house that members would not "
    "return for less than a nine per cent rise. Grain exporters warned that their silos "
    "would be full within a week and that farmers inland could lose part of the harvest.",
    "A fire tore through the Ostmark tram depot overnight, destroying eleven trams and the "
    "workshop where they were serviced. Firefighters from three districts fought the blaze "
    "for six hours; nobody was hurt. The transport director Anja Tell said buses would "
    "replace trams on four lines from Friday and that the cause was not yet known. Police "
    "have sealed the site while investigators examine the wiring of the charging sheds.",
]


def test_bcubed_known_answer() -> None:
    # gold {a,b,c} {d}; predicted {a,b} {c,d}
    # precision per item: a 1, b 1, c 1/2, d 1/2 -> 0.75; recall: a 2/3, b 2/3, c 1/3, d 1
    precision, recall, f1 = bcubed(["x", "x", "x", "y"], ["1", "1", "2", "2"])
    assert precision == pytest.approx(0.75)
    assert recall == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1) / 4)
    assert f1 == pytest.approx(2 * precision * recall / (precision + recall))
    assert bcubed(["x", "y"], ["1", "1"]) == pytest.approx((0.5, 1.0, 2 / 3))


def test_pair_scores_known_answer() -> None:
    # gold pairs: (0,1) (0,2) (1,2); predicted pairs: (0,1) (2,3)
    assert pair_scores(["g", "g", "g", "h"], ["a", "a", "b", "b"]) == pytest.approx(
        (0.5, 1 / 3, 0.4)
    )
    assert pair_scores(["g", "h"], ["a", "b"]) == (1.0, 1.0, 1.0)  # no pairs at all


def test_load_reads_story_labels_and_triples(tmp_path: Path) -> None:
    documents = tmp_path / "documents.jsonl"
    documents.write_text(
        "\n".join(
            json.dumps({"id": f"d{n}", "text": t, "story": n % 2}) for n, t in enumerate("abc")
        )
    )
    triples = tmp_path / "val.jsonl"
    triples.write_text(
        json.dumps({"articles": [{"title": "T1", "text": "one"}, {"text": "two"}]})
        + "\n"
        + json.dumps({"articles": [{"title": None, "text": "three"}]})
    )
    assert [(i.doc.article_id, i.label) for i in load(documents)] == [
        ("d0", "0"),
        ("d1", "1"),
        ("d2", "0"),
    ]
    loaded = load(triples)
    assert [(i.doc.article_id, i.doc.title, i.label) for i in loaded] == [
        ("0-0", "T1", "0"),
        ("0-1", "", "0"),
        ("1-0", "", "1"),
    ]


def test_newsweave_run_and_scores_on_a_made_up_set(tmp_path: Path) -> None:
    lines = []
    for report in REPORTS:
        halves = report.split(". ")
        # Two outlets' versions of each report: the same facts in another order.
        lines.append(
            {
                "articles": [
                    {"title": "", "text": report},
                    {"title": "", "text": ". ".join(reversed(halves))},
                ]
            }
        )
    data = tmp_path / "val.jsonl"
    data.write_text("\n".join(json.dumps(line) for line in lines))
    items = load(data)
    gold = [item.label for item in items]
    runs = [run_newsweave(items, seed) for seed in range(2)]
    scores = score_runs(gold, runs)
    assert scores.f1 == pytest.approx(1.0)
    assert scores.ari == pytest.approx(1.0)
    assert scores.clusters == 3
    # Near-copies join their story and are left out of the scores.
    copies = with_copies(items, copies=2, seed=1)
    assert len(copies) > len(items)
    labels, _ = run_newsweave(copies, 0)
    story_of_original = dict(zip((i.doc.article_id for i in copies), labels, strict=True))
    for item, label in zip(copies[len(items) :], labels[len(items) :], strict=True):
        assert label == story_of_original[item.doc.article_id.split("-copy")[0]]
    assert score_runs(gold, [(labels, 1.0)]).f1 == pytest.approx(1.0)


def test_benchmark_copies_are_near_duplicates_both_systems_link() -> None:
    rng = random.Random(3)
    texts = [*REPORTS, copied(REPORTS[0], rng), copied(REPORTS[2], rng)]
    assert texts[3] != REPORTS[0] and texts[4] != REPORTS[2]
    maker = DuplicateIndex()
    records = [maker.make_record(f"d{n}", text) for n, text in enumerate(texts)]
    expected = ["d0", "d1", "d2", "d0", "d2"]
    assert newsweave_groups(records) == expected
    assert datasketch_groups(records) == expected
    assert datasketch_banding_groups(records) == expected


def test_datasketch_banding_run_uses_datasketch_bands() -> None:
    # The linker is handed an index whose bands are datasketch's; it must fill that
    # index, not a default one (an empty index is falsy, which once slipped through).
    maker = DuplicateIndex()
    records = [maker.make_record(f"d{n}", text) for n, text in enumerate(REPORTS)]
    index = datasketch_banding_index()
    newsweave_groups(records, index)
    assert len(index) == len(records)
    bands = index._bands
    assert isinstance(bands, DatasketchBands)
    assert all(record.article_id in bands.lsh for record in records)


def test_a_record_the_index_raises_on_is_its_own_group_and_counted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rng = random.Random(3)
    texts = [*REPORTS, copied(REPORTS[0], rng), copied(REPORTS[2], rng)]
    maker = DuplicateIndex()
    records = [maker.make_record(f"d{n}", text) for n, text in enumerate(texts)]
    add_record = DuplicateIndex.add_record

    def fails_on_d4(self: DuplicateIndex, record: Any) -> Any:
        if record.article_id == "d4":
            raise ValueError("broken signature")
        return add_record(self, record)

    monkeypatch.setattr(DuplicateIndex, "add_record", fails_on_d4)
    rejections = Rejections()
    assert newsweave_groups(records, rejections=rejections) == ["d0", "d1", "d2", "d0", "d4"]
    assert rejections.counts == {"index": 1}
    # Timed once and run again for memory, the record is counted once.
    groups, _, _, rejected = measure(newsweave_groups, records)
    assert groups[4] == "d4" and rejected == 1


def test_a_document_the_grouper_raises_on_stands_alone_and_is_counted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "val.jsonl"
    lines = [{"articles": [{"title": "", "text": r}, {"title": "", "text": r}]} for r in REPORTS]
    data.write_text("\n".join(json.dumps(line) for line in lines))
    items = load(data)
    add = StoryGrouper.add

    def fails_on_one(self: StoryGrouper, doc: Any) -> Any:
        if doc.article_id == "1-0":
            raise RuntimeError("grouper bug")
        return add(self, doc)

    monkeypatch.setattr(StoryGrouper, "add", fails_on_one)
    rejections = Rejections()
    labels, _ = run_newsweave(items, 0, rejections=rejections)
    assert labels[2] == "unassigned:1-0"
    assert labels[0] == labels[1] and labels[4] == labels[5]
    assert rejections.counts == {"newsweave": 1}


def test_a_failing_batch_is_run_document_by_document() -> None:
    rejections = Rejections()

    def batch() -> list[int]:
        raise ValueError("one bad document spoils the batch")

    def one(k: int) -> int:
        if k == 1:
            raise ValueError("the bad one")
        return k * 10

    assert rejections.answers("sys", ["a", "b", "c"], batch, one, -1) == [0, -1, 20]
    assert rejections.counts == {"sys": 1}
