"""How long the digest of a realistic corpus takes, stage by stage, on this machine.

Usage: benchmarks/digest.py [--data DIR] [--workers N] [--baseline] [--work DIR]

``--data`` (default ``../shared/data/timelines/t17-dev``, 2,304 articles, 2.26M words)
is either a Timeline17-layout folder (``TOPIC/articles.jsonl`` with ``id``, ``time``,
``text``), converted first (not timed) into one JSONL input per topic with
``published`` = ``time``, ``outlet`` = the part of the topic name after ``_`` and
``text``, or a folder of inputs ``newsweave ingest`` reads as they are. A line that is
not a JSON object with a text is left out of the conversion and counted
(``bad_lines``); ingest itself rejects and counts what it cannot use (``rejected``).

First run, from an empty store, the stages of ``newsweave ingest`` one after the
other, through the same functions it calls: ingest and extract, analysis, duplicates
and stories, each with ``--workers`` processes (default one per core; 1: none). The
stages after those (storylines, reports, HTML) belong to ``newsweave digest``: when
that command exists, it is run on the grouped store (it finds nothing new to ingest,
analyse or group) and timed as one more stage; until then they are not timed and
``reports_s`` is null.

Second run: the same command a user repeats (``newsweave digest`` when it exists, else
``newsweave ingest``) on the same folder and store, in a subprocess, nothing new.

For every stage: wall seconds and CPU seconds (this process and its worker processes:
other work shares the CPUs, which stretches wall time but hardly CPU time), and the
1-minute load average before and after the run. Peak memory is sampled every 0.2 s
over this process and all its children (RSS summed). ``--baseline`` also runs the
first run as before this benchmark existed (analysis in one process, grouping one
article at a time) on a second store, for comparison.

The last line is one JSON object: ``total_s``, ``analysis_s``, ``reports_s``,
``peak_rss_mb``, ``second_run_s`` and per stage ``<stage>_s`` / ``<stage>_cpu_s``,
``articles``, ``articles_per_s``, ``workers``, ``cpu_count``, ``load_avg_1m_before`` /
``_after``, ``bad_lines``, ``rejected``, and with ``--baseline`` ``baseline_total_s``
and ``baseline_cpu_s``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "timelines" / "t17-dev"


@dataclass(frozen=True)
class StageTime:
    name: str
    wall_s: float
    cpu_s: float
    items: int


def convert_timeline17(data: Path, out: Path) -> tuple[int, int]:
    """Write one JSONL input per topic folder; returns (records written, bad lines)."""
    written = bad = 0
    out.mkdir(parents=True, exist_ok=True)
    for topic in sorted(p for p in data.iterdir() if (p / "articles.jsonl").is_file()):
        outlet = topic.name.split("_", 1)[-1]
        lines = []
        for line in (topic / "articles.jsonl").read_text(encoding="utf-8").splitlines():
            record = _record(line, outlet)
            if record is None:
                bad += bool(line.strip())
                continue
            lines.append(json.dumps(record, ensure_ascii=False))
        (out / f"{topic.name}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        written += len(lines)
    return written, bad


def _record(line: str, outlet: str) -> dict[str, str] | None:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError:
        return None
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
        return None
    record = {"outlet": outlet, "text": obj["text"]}
    if isinstance(obj.get("time"), str):
        record["published"] = obj["time"]
    return record


def is_timeline17(data: Path) -> bool:
    return any((p / "articles.jsonl").is_file() for p in data.iterdir() if p.is_dir())


def cpu_seconds() -> float:
    """CPU time of this process and of its children that have ended (the workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class MemorySampler:
    """Peak RSS of this process and its descendants, summed, sampled from /proc."""

    def __init__(self, every_s: float = 0.2) -> None:
        self.every_s = every_s
        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(self.every_s):
            self.peak_kb = max(self.peak_kb, _tree_rss_kb(os.getpid()))


def _tree_rss_kb(pid: int) -> int:
    total = 0
    todo = [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += next(
                int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")
            )
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, StopIteration, ValueError):
            continue  # ended meanwhile, or a kernel thread without RSS
    return total


def timed(name: str, step: Callable[[], int]) -> StageTime:
    wall, cpu = time.perf_counter(), cpu_seconds()
    items = step()
    return StageTime(name, time.perf_counter() - wall, cpu_seconds() - cpu, items)


def digest_command_exists() -> bool:
    from newsweave.cli import cli

    return "digest" in getattr(cli, "commands", {})


def first_run(
    inputs: Path, db: Path, out: Path, *, workers: int | None, bulk: bool | None
) -> tuple[list[StageTime], int]:
    """The stages from an empty store; returns their times and the rejected inputs."""
    from newsweave.pipeline.analyze import analyze_new_articles
    from newsweave.pipeline.group import group_new_articles
    from newsweave.pipeline.ingest import ingest_paths
    from newsweave.store.db import Store

    stages = []
    with Store(db) as store:
        reports = []

        def ingest() -> int:
            reports.append(ingest_paths(store, [str(inputs)], workers=workers))
            return reports[0].new

        stages.append(timed("ingest_extract", ingest))
        stages.append(timed("analysis", lambda: analyze_new_articles(store, workers=workers)))
        stages.append(
            timed(
                "duplicates_stories",
                lambda: group_new_articles(store, analyzed_only=True, bulk=bulk, workers=workers),
            )
        )
    if digest_command_exists():
        # Storylines, reports and HTML: what `digest` adds once the store is grouped.
        stages.append(timed("storylines_reports_html", lambda: _cli("digest", inputs, db, out)))
    return stages, reports[0].rejected


def _cli(command: str, inputs: Path, db: Path, out: Path) -> int:
    args = [sys.executable, "-m", "newsweave", command, str(inputs), "--db", str(db)]
    if command == "digest":
        args += ["-o", str(out)]
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1):  # 1: some input was rejected, which is counted
        raise SystemExit(f"{command} failed ({done.returncode}): {done.stderr[-2000:]}")
    new = re.search(r"(\d+) new", done.stdout)
    return int(new.group(1)) if new else 0


def traceability(db: Path) -> dict[str, int]:
    """Every object in every stored report that quotes an article (``text``,
    ``article_id``, ``start``, ``end``) checked against that article's text at its
    offsets: ``quoted_spans`` checked, ``untraceable`` that differ."""
    import json as json_module

    from newsweave.store.db import Store
    from newsweave.store.report_reads import stored_report

    checked = wrong = 0
    with Store(db, readonly=True) as store:
        texts: dict[str, str] = {}
        subjects = [s.id for s in store.iter_stories()] + [s.id for s in store.iter_storylines()]
        for subject_id in subjects:
            stored = stored_report(store, subject_id)
            if stored is None:
                continue
            for item in _quoting(json_module.loads(stored.body)):
                article_id = item["article_id"]
                if article_id not in texts:
                    texts[article_id] = store.get_article(article_id).text
                checked += 1
                wrong += texts[article_id][item["start"] : item["end"]] != item["text"]
    return {"quoted_spans": checked, "untraceable": wrong}


def _quoting(node: object) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        if {"text", "article_id", "start", "end"} <= node.keys():
            found.append(node)
        for value in node.values():
            found += _quoting(value)
    elif isinstance(node, list):
        for value in node:
            found += _quoting(value)
    return found


def table(stages: list[StageTime], second: StageTime, baseline: list[StageTime] | None) -> str:
    rows = [f"{'stage':28} {'wall s':>8} {'CPU s':>8} {'items':>7}"]
    for stage in [*stages, second]:
        rows.append(f"{stage.name:28} {stage.wall_s:8.1f} {stage.cpu_s:8.1f} {stage.items:7d}")
    for stage in baseline or []:
        name = f"baseline {stage.name}"
        rows.append(f"{name:28} {stage.wall_s:8.1f} {stage.cpu_s:8.1f} {stage.items:7d}")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--baseline", action="store_true")
    parser.add_argument("--work", type=Path, default=None, help="keep the stores here")
    args = parser.parse_args()
    if not args.data.is_dir():
        raise SystemExit(f"no data folder at {args.data}")
    sys.path.insert(0, str(REPO / "src"))
    from newsweave.pipeline.workers import default_workers

    work = args.work or Path(tempfile.mkdtemp(prefix="newsweave-digest-"))
    work.mkdir(parents=True, exist_ok=True)
    bad_lines = 0
    inputs = args.data
    if is_timeline17(args.data):
        inputs = work / "inputs"
        _, bad_lines = convert_timeline17(args.data, inputs)
    db = work / "digest.db"
    for old in work.glob("*.db*"):
        old.unlink()
    load_before = os.getloadavg()[0]
    with MemorySampler() as memory:
        stages, rejected = first_run(inputs, db, work / "digest", workers=args.workers, bulk=None)
    second_command = "digest" if digest_command_exists() else "ingest"
    second = timed(
        f"second run ({second_command})", lambda: _cli(second_command, inputs, db, work / "digest")
    )
    baseline = None
    if args.baseline:
        baseline, _ = first_run(inputs, work / "baseline.db", work / "b", workers=1, bulk=False)
    load_after = os.getloadavg()[0]
    articles = stages[0].items
    total = sum(s.wall_s for s in stages)
    print(table(stages, second, baseline))
    print(
        f"load average (1 min) {load_before:.1f} before, {load_after:.1f} after;"
        f" {os.cpu_count()} CPUs; work in {work}"
    )
    by_name = {s.name: s for s in stages}
    result: dict[str, object] = {
        "total_s": round(total, 1),
        "total_cpu_s": round(sum(s.cpu_s for s in stages), 1),
        "analysis_s": round(by_name["analysis"].wall_s, 1),
        "reports_s": (
            round(by_name["storylines_reports_html"].wall_s, 1)
            if "storylines_reports_html" in by_name
            else None
        ),
        "peak_rss_mb": round(memory.peak_kb / 1024),
        "second_run_s": round(second.wall_s, 2),
        "second_run_cpu_s": round(second.cpu_s, 2),
        "articles": articles,
        "articles_per_s": round(articles / total, 1) if total else None,
        "workers": args.workers or default_workers(),
        "cpu_count": os.cpu_count(),
        "load_avg_1m_before": round(load_before, 1),
        "load_avg_1m_after": round(load_after, 1),
        "bad_lines": bad_lines,
        "rejected": rejected,
    }
    for stage in stages:
        result[f"{stage.name}_s"] = round(stage.wall_s, 1)
        result[f"{stage.name}_cpu_s"] = round(stage.cpu_s, 2)
    result.update(traceability(db))
    if baseline:
        result["baseline_total_s"] = round(sum(s.wall_s for s in baseline), 1)
        result["baseline_cpu_s"] = round(sum(s.cpu_s for s in baseline), 1)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
