"""Storylines over the store: stories of one subject chain, others stay apart, storylines
that turn out to be one merge, and a killed run or a rebuild gives what one run gives."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from newsweave.errors import StoreError
from newsweave.pipeline.group import group_new_articles, regroup_all
from newsweave.pipeline.storylines import rebuild_storylines
from newsweave.records import Story, Storyline
from newsweave.rows import STORYLINE_FIELDS, storyline_row
from newsweave.store.db import Store
from newsweave.stories.storylines import StorylinePlacer
from newsweave.stories.storylines.labels import lead_phrase
from tests.stories.conftest import (
    CHARGE,
    DANVIK,
    KORVANE,
    RATES,
    REPORTS,
    TARROW,
    ingest_reports,
    subject_of,
)


def _subjects_by_storyline(store: Store) -> dict[str, set[str]]:
    subject = subject_of(store)
    return {line.id: {subject[a] for a in line.article_ids} for line in store.iter_storylines()}


def test_a_subject_chains_its_stories_and_others_stay_apart(tmp_path: Path) -> None:
    with Store(tmp_path / "db.sqlite") as store:
        ingest_reports(store, tmp_path, "reports.jsonl", REPORTS)
        lines = _subjects_by_storyline(store)
        korvane = next(store.get_storyline(i) for i, s in lines.items() if KORVANE in s)
        stories = list(store.iter_stories())
    # One subject per storyline: the other bridge failure in the same country, and the
    # same country's central bank, are storylines of their own.
    assert sorted(sorted(s) for s in lines.values()) == [[DANVIK], [KORVANE], [RATES], [TARROW]]
    # The collapse (3-4 February) and the inquiry (11 March) are two stories, one storyline.
    assert len(korvane.story_ids) == 2
    assert korvane.start is not None and korvane.start.date().isoformat() == "2025-02-03"
    assert korvane.end is not None and korvane.end.date().isoformat() == "2025-03-11"
    assert korvane.outlets == ("Ostrel Courier", "Varnia Today")
    assert korvane.label == "Korvane Bridge collapses into the Ostra river"
    assert all(s.storyline_id in lines and s.label == s.title for s in stories)


def test_storylines_that_turn_out_to_be_one_merge(tmp_path: Path) -> None:
    with Store(tmp_path / "db.sqlite") as store:
        ingest_reports(store, tmp_path, "reports.jsonl", REPORTS)
        before = {frozenset(s): i for i, s in _subjects_by_storyline(store).items()}
        # The charge and the trial name the bridge and its builder's chief: the
        # builder's storyline and the bridge's are one.
        ingest_reports(store, tmp_path, "charge.jsonl", CHARGE)
        after = _subjects_by_storyline(store)
        merged = store.get_storyline(next(i for i, s in after.items() if KORVANE in s))
    assert sorted(sorted(s) for s in after.values()) == [[DANVIK, KORVANE], [RATES], [TARROW]]
    # The older storyline (the builder's, from January) lives on under its id.
    assert merged.id == before[frozenset({DANVIK})]
    assert len(merged.story_ids) == 5 and len(merged.article_ids) == 6
    row = storyline_row(merged)
    assert tuple(row) == STORYLINE_FIELDS and row["start"].startswith("2025-01-10")


def _snapshot(store: Store) -> dict[str, Any]:
    """Every storyline table as rows (timestamps left out), and the stories' records."""
    conn = store.conn
    tables: dict[str, Any] = {}
    for table in ("storylines", "storyline_stories", "storyline_terms", "storyline_postings"):
        rows = conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
        tables[table] = [dict(r) for r in rows]
        for row in tables[table]:
            row.pop("updated_at", None)
    tables["pending"] = conn.execute("SELECT count(*) FROM storylines_pending").fetchone()[0]
    tables["stories"] = sorted(store.iter_stories(), key=lambda s: s.id)
    return tables


def test_a_killed_run_resumes_to_what_one_run_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reports = (*REPORTS, *CHARGE)
    with Store(tmp_path / "one.sqlite") as store:
        ingest_reports(store, tmp_path, "all.jsonl", reports)
        one_run = _snapshot(store)
    assert one_run["pending"] == 0

    update = StorylinePlacer.update
    calls = 0

    def killed_on_the_fourth(self: StorylinePlacer, story_id: str) -> str | None:
        nonlocal calls
        calls += 1
        if calls == 4:
            raise KeyboardInterrupt  # as a kill would, mid-way through a story
        return update(self, story_id)

    with Store(tmp_path / "killed.sqlite") as store:
        monkeypatch.setattr(StorylinePlacer, "update", killed_on_the_fourth)
        with pytest.raises(KeyboardInterrupt):
            ingest_reports(store, tmp_path, "all.jsonl", reports)
        assert store.conn.execute("SELECT count(*) FROM storylines_pending").fetchone()[0] > 0
        monkeypatch.setattr(StorylinePlacer, "update", update)
        assert group_new_articles(store) == 0  # nothing to group: only the placing is left
        assert _snapshot(store) == one_run


def test_a_rebuild_and_a_regroup_give_what_one_run_gives(tmp_path: Path) -> None:
    with Store(tmp_path / "db.sqlite") as store:
        ingest_reports(store, tmp_path, "all.jsonl", (*REPORTS, *CHARGE))
        one_run = _snapshot(store)
        assert rebuild_storylines(store) == len(one_run["stories"])
        assert _snapshot(store) == one_run
        regroup_all(store)
        assert _snapshot(store) == one_run


def test_subjects_by_id_or_prefix(tmp_path: Path) -> None:
    with Store(tmp_path / "db.sqlite") as store:
        ingest_reports(store, tmp_path, "reports.jsonl", REPORTS)
        story = next(iter(store.iter_stories()))
        line = next(iter(store.iter_storylines()))
        assert store.get_subject(story.id) == story
        assert store.get_subject(story.id[: len("story-") + 6]) == story
        assert store.get_subject(line.id) == line == store.get_storyline(line.id[-12:])
        assert isinstance(store.get_subject(line.id[: len("storyline-") + 6]), Storyline)
        assert isinstance(store.get_subject(story.id.removeprefix("story-")), Story)
        with pytest.raises(StoreError, match="ambiguous"):
            store.get_subject("story")
        with pytest.raises(StoreError, match="no story or storyline"):
            store.get_subject("storyline-zzz")
        with pytest.raises(StoreError, match="not a"):
            store.get_subject("' OR 1 --")


def test_a_story_without_headlines_is_labelled_by_its_lead(tmp_path: Path) -> None:
    lead = (
        "Rescue teams in Ostrel pulled a van from the Ostra river on Monday after the"
        " Korvane Bridge collapsed in the night, the fire brigade said. Four were hurt."
    )
    row = {"text": lead, "published": "2025-02-03", "outlet": "Ostrel Courier"}
    (tmp_path / "a.jsonl").write_text(json.dumps(row) + "\n")
    with Store(tmp_path / "db.sqlite") as store:
        group_new_articles(store)  # nothing yet
        from newsweave.pipeline.job import run_ingest_job

        run_ingest_job(store, [str(tmp_path / "a.jsonl")], analyze=False)
        (story,) = store.iter_stories()
        (line,) = store.iter_storylines()
    assert story.label == line.label
    assert story.label == "Rescue teams in Ostrel pulled a van from the Ostra river on Monday…"


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # The first sentence, whole when it is short.
        ("Floods close the Ostrel road. More rain is due.", "Floods close the Ostrel road."),
        # Cut at fourteen words and marked.
        (" ".join(f"w{i}" for i in range(20)) + ".", " ".join(f"w{i}" for i in range(14)) + "…"),
        # ... and before the function words the cut leaves at its end.
        (
            "Divers in Ostrel searched the cold Ostra river for a missing van driver on Monday.",
            "Divers in Ostrel searched the cold Ostra river for a missing van driver…",
        ),
        # A line break ends the first sentence (a headline line before the body).
        ("Bridge falls in Ostrel\nFour people were hurt.", "Bridge falls in Ostrel"),
        ("", ""),
    ],
)
def test_lead_phrase(text: str, label: str) -> None:
    assert lead_phrase(text) == label


def test_an_old_store_is_migrated_with_its_stories_queued(tmp_path: Path) -> None:
    with Store(tmp_path / "db.sqlite") as store:
        ingest_reports(store, tmp_path, "reports.jsonl", REPORTS)
        one_run = _snapshot(store)
    # As a store grouped before storylines existed (migration 9): no storyline tables.
    conn = sqlite3.connect(tmp_path / "db.sqlite")
    with conn:
        for table in ("storylines", "storyline_stories", "storyline_terms", "storyline_meta",
                      "storyline_postings", "storylines_pending"):  # fmt: skip
            conn.execute(f"DROP TABLE {table}")
        for trigger in ("insert", "update", "delete"):
            conn.execute(f"DROP TRIGGER storylines_pending_{trigger}")
        conn.execute("DROP INDEX stories_storyline")
        conn.execute("ALTER TABLE stories DROP COLUMN label")
        conn.execute("ALTER TABLE stories DROP COLUMN storyline_id")
        conn.execute("PRAGMA user_version = 8")
    conn.close()
    with Store(tmp_path / "db.sqlite") as store:
        assert store.conn.execute("SELECT count(*) FROM storylines_pending").fetchone()[0] == 5
        group_new_articles(store)
        assert _snapshot(store) == one_run
