"""The report step: every story's and storyline's report stored, made again exactly
when what it is made from changed, the same from one or two workers, resumable."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from newsweave.ingest.files import iter_input_files
from newsweave.pipeline import report as report_step
from newsweave.pipeline.job import run_ingest_job
from newsweave.pipeline.report import report_changed_subjects, subjects_with_keys
from newsweave.reports.report import subject_report
from newsweave.reports.stored import subject_key
from newsweave.store.db import Store
from newsweave.store.report_reads import stored_report, stored_report_keys
from newsweave.store.reports import delete_reports, put_report
from tests.conftest import EXAMPLES

# Held out of the first ingest: the dam story grows by it in the second.
HELD_OUT = "html/herald-2025-03-14-halvard-dam-inquiry.html"


@pytest.fixture(scope="module")
def base_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The example corpus but one article, ingested (reports made by the job); the
    store and the held-out article."""
    root = tmp_path_factory.mktemp("report-step")
    corpus = root / "corpus"
    shutil.copytree(EXAMPLES / "corpus", corpus)
    held_out = root / "held-out.html"
    shutil.move(corpus / HELD_OUT, held_out)
    db = root / "base.db"
    with Store(db) as store:
        job = run_ingest_job(store, list(iter_input_files([str(corpus)])), workers=1)
    assert job.reports is not None and job.reports.made > 0
    return db, held_out


@pytest.fixture
def db(base_db: tuple[Path, Path], tmp_path: Path) -> Path:
    """A copy of the base store a test may write to."""
    copy = tmp_path / "copy.db"
    shutil.copyfile(base_db[0], copy)
    return copy


def stored_bodies(store: Store) -> dict[str, tuple[str, bytes]]:
    bodies = {}
    for subject_id in stored_report_keys(store):
        found = stored_report(store, subject_id)
        assert found is not None
        bodies[subject_id] = (found.key, found.body)
    return bodies


def test_stored_reports_are_the_reports_made_fresh(db: Path) -> None:
    with Store(db) as store:
        keyed = subjects_with_keys(store)
        assert {s.kind for s, _ in keyed} == {"story", "storyline"}
        for subject, key in keyed:
            found = stored_report(store, subject.id)
            assert found is not None and found.key == key == subject_key(store, subject)
            fresh = json.loads(json.dumps(subject_report(store, subject)))
            assert json.loads(found.body) == fresh
        again = report_changed_subjects(store)
    assert (again.made, again.unchanged, again.deleted) == (0, len(keyed), 0)


def test_a_new_article_changes_its_story_key_and_report(
    db: Path, base_db: tuple[Path, Path]
) -> None:
    with Store(db) as store:
        before = stored_report_keys(store)
        old_ids = {a.id for a in store.iter_articles()}
        job = run_ingest_job(store, [str(base_db[1])], workers=1)
        (new_id,) = [a.id for a in store.iter_articles() if a.id not in old_ids]
        story = next(s for s in store.iter_stories() if new_id in s.article_ids)
        after = stored_report_keys(store)
        found = stored_report(store, story.id)
        current = {s.id: key for s, key in subjects_with_keys(store)}
    assert job.reports is not None and job.reports.made >= 1
    assert job.reports.unchanged >= 1  # the stories it did not touch were kept
    assert after == current  # every subject's report current, none of a gone one
    assert found is not None and before.get(story.id) != found.key
    listed = json.loads(found.body)["articles"]
    assert new_id in {a["id"] for a in listed} | {c["id"] for a in listed for c in a["copies"]}


def test_analysing_an_article_again_makes_its_reports_again(db: Path) -> None:
    with Store(db) as store:
        story = max(store.iter_stories(), key=lambda s: len(s.article_ids))
        # As if analysed by an older analyzer, and reported then: the job analyses it
        # again with this one.
        store.conn.execute(
            "UPDATE analyses SET version = '0', analysed_at = '2000-01-01T00:00:00+00:00'"
            " WHERE article_id = ?",
            (story.article_ids[0],),
        )
        assert report_changed_subjects(store).made >= 1  # its stamp is in the key
        before = stored_report_keys(store)
        job = run_ingest_job(store, [], workers=1)
        found = stored_report(store, story.id)
    assert job.analyzed == 1
    assert job.reports is not None and job.reports.made >= 1
    assert found is not None and found.key != before[story.id]


def test_reports_of_subjects_gone_are_deleted(db: Path) -> None:
    with Store(db) as store:
        # A story merged into another (or emptied) since its report was stored.
        put_report(store, "story-merged-away", "story", "old-key", b"{}")
        result = report_changed_subjects(store)
        assert stored_report(store, "story-merged-away") is None
    assert (result.made, result.deleted) == (0, 1)


def test_one_and_two_workers_store_the_same_reports(db: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    shutil.copyfile(db, other)
    bodies = []
    for path, workers in ((db, 1), (other, 2)):
        with Store(path) as store:
            delete_reports(store, stored_report_keys(store))
            result = report_changed_subjects(store, workers=workers)
            assert result.made > 0 and not result.failed
            bodies.append(stored_bodies(store))
    # Compared as JSON values: another test's monkeypatch may leave this process's
    # SECTIONS in another order, which orders the keys of the reports made here.
    one, two = ({i: json.loads(b) for i, (_, b) in made.items()} for made in bodies)
    assert {i: k for i, (k, _) in bodies[0].items()} == {i: k for i, (k, _) in bodies[1].items()}
    for subject_id, report in one.items():
        for section, value in report.items():
            assert (subject_id, section, value) == (subject_id, section, two[subject_id][section])


def test_a_killed_report_step_resumes_where_it_stopped(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store(db) as store:
        expected = stored_bodies(store)
        delete_reports(store, expected)
        stored = 0

        def put_then_die(*args: object) -> None:
            nonlocal stored
            if stored == 3:
                raise KeyboardInterrupt  # killed mid-step
            put_report(*args)  # type: ignore[arg-type]
            stored += 1

        monkeypatch.setattr(report_step, "put_report", put_then_die)
        with pytest.raises(KeyboardInterrupt):
            report_changed_subjects(store, workers=1)
        assert len(stored_report_keys(store)) == 3
        monkeypatch.undo()
        resumed = report_changed_subjects(store, workers=1)
        assert (resumed.made, resumed.unchanged) == (len(expected) - 3, 3)
        assert {i: b for i, (_, b) in stored_bodies(store).items()} == {
            i: b for i, (_, b) in expected.items()
        }
