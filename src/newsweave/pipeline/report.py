"""The report step: every story and storyline whose report is missing or out of date
gets it made and stored; reports of subjects that no longer exist (merged away,
emptied) are deleted.

A report's key (``newsweave.reports.stored``) names what it is made from, so the step
compares keys and makes only what changed. Each report is stored in a transaction of
its own: a killed step keeps what it finished, and running it again makes the rest.
A large batch is made in worker processes, each reading the store read-only, while
the main process alone writes; a report depends only on the store, so the stored
reports are the same whichever process made them.
"""

from __future__ import annotations

import logging
import multiprocessing
import signal
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from newsweave.pipeline.job import StepProgress, no_progress
from newsweave.pipeline.workers import default_workers
from newsweave.reports.reads import open_process_scope, reads_scope
from newsweave.reports.report import Subject, story_subject, storyline_subject
from newsweave.reports.stored import report_json, report_key
from newsweave.store.db import Store
from newsweave.store.queries import StoredLink, StoreReader
from newsweave.store.report_reads import analysis_stamps, stored_report_keys
from newsweave.store.reports import delete_reports, put_report

log = logging.getLogger(__name__)

# Below this many reports to make, starting workers (each imports numpy, scipy and
# scikit-learn, ~1-2 s) costs more than the second core saves.
WORKER_MIN_REPORTS = 32


@dataclass(frozen=True, slots=True)
class ReportStepResult:
    made: int  # reports made and stored in this run
    unchanged: int  # reports whose stored key was current
    deleted: int  # reports of subjects that no longer exist
    failed: tuple[str, ...] = ()  # subjects whose report raised (logged, not stored)


def subjects_with_keys(reader: StoreReader) -> list[tuple[Subject, str]]:
    """Every story and storyline with the key of its report as it would be made now."""
    stories = {story.id: story_subject(story) for story in reader.iter_stories()}
    subjects = list(stories.values())
    subjects += [storyline_subject(line) for line in reader.iter_storylines()]
    stamps = analysis_stamps(reader)
    links: dict[str, list[StoredLink]] = {}
    for link in reader.duplicate_links():
        links.setdefault(link.article_id, []).append(link)
        links.setdefault(link.original_id, []).append(link)
    keyed = []
    for subject in subjects:
        touching = [link for i in subject.article_ids for link in links.get(i, ())]
        members = [stories[i] for i in subject.story_ids if i in stories]
        keyed.append((subject, report_key(subject, stamps, touching, members)))
    return keyed


def report_changed_subjects(
    store: Store, *, workers: int | None = None, progress: StepProgress = no_progress
) -> ReportStepResult:
    """Make and store the report of every subject whose key changed, delete those of
    subjects gone. ``workers``: processes making reports (None: one per core when
    there are at least WORKER_MIN_REPORTS to make; 1: none)."""
    keyed = subjects_with_keys(store)
    stored = stored_report_keys(store)
    deleted = delete_reports(store, set(stored) - {subject.id for subject, _ in keyed})
    todo = [(subject, key) for subject, key in keyed if stored.get(subject.id) != key]
    # The largest first: the workers finish together rather than one on a long tail.
    todo.sort(key=lambda item: (-len(item[0].article_ids), item[0].id))
    if workers is None:
        workers = default_workers() if len(todo) >= WORKER_MIN_REPORTS else 1
    if not Path(store.path).is_file():  # an in-memory store: workers cannot open it
        workers = 1
    failed: list[str] = []
    with progress("reports", len(todo)) as advance:
        made = _in_workers(store, todo, workers) if workers > 1 else _here(store, todo)
        for subject, key, body in made:
            if body is None:
                failed.append(subject.id)
            else:
                put_report(store, subject.id, subject.kind, key, body)
            advance()
    return ReportStepResult(
        len(todo) - len(failed), len(keyed) - len(todo), deleted, tuple(sorted(failed))
    )


Made = tuple[Subject, str, bytes | None]


def _here(reader: StoreReader, todo: Sequence[tuple[Subject, str]]) -> Iterator[Made]:
    # One reads scope for the batch: a storyline reads the articles its stories do.
    # The step writes reports only, so what the scope keeps stays current.
    with reads_scope():
        for subject, key in todo:
            yield subject, key, _made_or_none(reader, subject)


def _made_or_none(reader: StoreReader, subject: Subject) -> bytes | None:
    # One subject's broken data must not stop the reports of all the others.
    try:
        return report_json(reader, subject)
    except Exception:
        log.exception("could not make the report of %s", subject.id)
        return None


# Reports queued per worker: one being made and one ready, so that no worker waits
# for the main process between two reports.
IN_FLIGHT = 2


def _in_workers(store: Store, todo: Sequence[tuple[Subject, str]], workers: int) -> Iterator[Made]:
    """Reports made in ``workers`` processes, yielded as they finish (any order: each
    is stored on its own). After a worker died, the rest are made here.

    Each worker keeps what it reads (:mod:`newsweave.reports.reads`), and a storyline
    reads what its stories do: so the reports of one storyline and its stories (a
    family) go to the worker that took the family's first, largest report. A worker
    with none of its families left takes the largest report left (the workers still
    finish together)."""
    # spawn, not fork: the main process holds an open SQLite connection. One pool of
    # one process per worker, so that the step chooses which worker makes what.
    spawn = multiprocessing.get_context("spawn")
    pools = [
        ProcessPoolExecutor(
            max_workers=1, mp_context=spawn, initializer=_start_worker, initargs=(store.path,)
        )
        for _ in range(workers)
    ]
    family = _families(todo)
    owner: dict[str, int] = {}
    pending = list(todo)
    running: dict[Future[bytes | None], tuple[int, Subject, str]] = {}
    queued = [0] * workers
    done: set[str] = set()

    def dispatch(worker: int) -> None:
        while queued[worker] < IN_FLIGHT and pending:
            at = next(
                (
                    k
                    for k, (subject, _) in enumerate(pending)
                    if owner.get(family[subject.id], worker) == worker
                ),
                0,
            )
            subject, key = pending.pop(at)
            owner.setdefault(family[subject.id], worker)
            running[pools[worker].submit(_make_in_worker, subject)] = (worker, subject, key)
            queued[worker] += 1

    try:
        for worker in range(workers):
            dispatch(worker)
        while running:
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                worker, subject, key = running.pop(future)
                queued[worker] -= 1
                body = future.result()
                done.add(subject.id)
                dispatch(worker)
                yield subject, key, body
    except Exception as exc:  # BrokenProcessPool, or a worker that could not start
        log.warning("report workers failed (%s); making the rest here", exc)
        yield from _here(store, [item for item in todo if item[0].id not in done])
    finally:
        for pool in pools:
            pool.shutdown(wait=True, cancel_futures=True)


def _families(todo: Sequence[tuple[Subject, str]]) -> dict[str, str]:
    """Each subject's family: its storyline's id for a storyline and its stories, its
    own for a story in no storyline."""
    family = {subject.id: subject.id for subject, _ in todo}
    for subject, _ in todo:
        for story_id in subject.story_ids:
            family[story_id] = subject.id
    return family


_reader: Store | None = None


def _start_worker(path: str) -> None:
    """Open the store read-only once per worker, with one BLAS thread (the workers are
    the parallelism); Ctrl-C is the main process's to handle."""
    global _reader
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from threadpoolctl import threadpool_limits  # installed with scikit-learn

    threadpool_limits(1, user_api="blas")
    _reader = Store(path, readonly=True)
    open_process_scope()  # the worker lives for one step, which writes reports only


def _make_in_worker(subject: Subject) -> bytes | None:
    assert _reader is not None, "worker not started"
    return _made_or_none(_reader, subject)
