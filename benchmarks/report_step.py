"""The report step's cost: every story's and storyline's report made and stored, with
one worker process and with two, then the step again on the unchanged store.

Usage: benchmarks/report_step.py [--db FILE] [--workers 1,2]

``--db``: a grouped store (e.g. a Timeline17 digest store), copied, never changed;
default: a store of ``examples/corpus`` built here. For each worker count, the copy's
stored reports are deleted and ``report_changed_subjects`` makes them all: wall
seconds and CPU seconds (this process plus its worker processes, from
``os.times``). The baseline is the same reports made the way the digest made them
before they were stored (``subject_report`` per subject, one process, nothing
stored). One small report is made first, untimed, so that imports are not charged
to whichever run comes first (worker processes pay theirs inside their run). The runs
must store identical reports (``identical``). Last line: one JSON object of metrics.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from newsweave.ingest.files import iter_input_files
from newsweave.pipeline.job import run_ingest_job
from newsweave.pipeline.report import report_changed_subjects, subjects_with_keys
from newsweave.reports.report import subject_report
from newsweave.store.db import Store
from newsweave.store.report_reads import stored_report, stored_report_keys
from newsweave.store.reports import delete_reports

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "corpus"


def cpu_now() -> float:
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def timed(run: Callable[[], Any]) -> tuple[float, float, Any]:
    wall, cpu = time.perf_counter(), cpu_now()
    result = run()
    return time.perf_counter() - wall, cpu_now() - cpu, result


def example_store(folder: Path) -> Path:
    db = folder / "examples.db"
    with Store(db) as store:
        run_ingest_job(store, list(iter_input_files([str(EXAMPLES)])), workers=1, reports=False)
    return db


def bodies(store: Store) -> dict[str, bytes]:
    found = {}
    for subject_id in stored_report_keys(store):
        report = stored_report(store, subject_id)
        found[subject_id] = report.body if report is not None else b""
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a grouped store to copy (default: examples)")
    parser.add_argument("--workers", default="1,2", help="worker counts, comma-separated")
    args = parser.parse_args()
    counts = [int(n) for n in args.workers.split(",")]
    rows, metrics, made = [], {}, []
    with tempfile.TemporaryDirectory() as tmp:
        source = args.db or example_store(Path(tmp))
        work = Path(tmp) / "work.db"
        shutil.copyfile(source, work)
        with Store(work) as store:  # migrates a copy of an older store
            subjects = [subject for subject, _ in subjects_with_keys(store)]
            # Imports and first-use loading, paid by every process once, timed in none.
            subject_report(store, min(subjects, key=lambda s: len(s.article_ids)))
            wall, cpu, _ = timed(lambda: [subject_report(store, s) for s in subjects])
            rows.append(("baseline: subject_report, 1 process", wall, cpu, len(subjects)))
            metrics |= {"baseline_s": round(wall, 2), "baseline_cpu_s": round(cpu, 2)}
            for workers in counts:
                delete_reports(store, stored_report_keys(store))
                wall, cpu, result = timed(
                    lambda w=workers: report_changed_subjects(store, workers=w)  # type: ignore[misc]
                )
                rows.append((f"report step, {workers} worker(s)", wall, cpu, result.made))
                metrics |= {f"w{workers}_s": round(wall, 2), f"w{workers}_cpu_s": round(cpu, 2)}
                metrics[f"w{workers}_failed"] = len(result.failed)
                made.append(bodies(store))
            wall, cpu, result = timed(lambda: report_changed_subjects(store))
            rows.append(("report step again, unchanged", wall, cpu, result.made))
            metrics |= {"rerun_s": round(wall, 2), "rerun_cpu_s": round(cpu, 2)}
    print(f"{'run':40} {'wall s':>8} {'CPU s':>8} {'made':>6}")
    for name, wall, cpu, count in rows:
        print(f"{name:40} {wall:8.2f} {cpu:8.2f} {count:6d}")
    metrics |= {
        "subjects": len(subjects),
        "identical": all(m == made[0] for m in made),
    }
    print(json.dumps(metrics))


if __name__ == "__main__":
    main()
