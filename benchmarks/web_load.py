"""How fast `newsweave serve` answers under load: requests/s and latency per page.

Usage: benchmarks/web_load.py [--db FILE] [--articles 10000] [--requests 200]
       [--connections 8] [--ingest-articles 1000] [--work DIR]

A store of ``--articles`` articles is built once under ``--work`` (default
out/web_load/, gitignored) from Timeline17 development texts recombined at run time
(``web_corpus.py``; nothing of them is committed), or taken from ``--db``. It is
ingested with ``--no-analyze`` (extraction, duplicates, stories and the full-text
index: what the stories, search and article pages read), then the articles of the
``--analyze-newest`` (100) newest stories, the ones whose reports are requested, are
analysed as `ingest` would have: a story's report reads their stored sentences and
quotes (without an analysis its summary splits sentences itself, 2-4 times its CPU).
Analysing all 10,000 would take the better part of an hour here. Each run works on a copy.

The server runs as ``python -m newsweave serve`` in its own process, one uvicorn
worker; the client is this script in a second process (``--client``), on loopback,
with ``--connections`` concurrent connections (httpx, asyncio). For each page it
makes ``--requests`` requests and reports requests/s and p50/p99 latency:

* stories: the stories page (``/``, 50 stories a page, the first four pages);
* search: the search page (``/?q=…``, FTS5, 50 hits) over a fixed list of queries;
* report: a story's full report, ``/api/reports/{id}`` (summary, quote ledger, outlet
  comparison, articles: what the story page shows): ``report`` opens each of the 100
  newest stories once (the server reads each report from the store, where it was
  stored first as the ingest's report step would have; with ``--no-stored-reports``
  it makes each then), ``report_again`` opens them again at random (read from the
  store again; a report the server made is kept in memory under its key); in the run
  while ingesting, a story the ingest grew is made afresh (and stored by the server
  for the next request);
* article: ``/api/articles/{id}`` for articles spread over the store;
* static: ``/static/site.css``, the baseline: what the same server and client manage
  when a request does no work (the ceiling of the HTTP stack on this machine now).

It runs twice: with the store idle, and while ``newsweave ingest --no-analyze`` writes
``--ingest-articles`` new articles into it from a third process. The machine's load
average is printed with the figures (other work shares the CPUs). The last line is
one JSON object: ``stories_rps``, ``report_p99_ms``, ``search_p99_ms``,
``article_p99_ms`` (idle), the same with ``_ingest`` (while writing), ``errors``
(non-200 answers and failed requests over both runs), ``articles``, ``load_avg_1m``.
Targets: errors 0, report_p99_ms <= 250, stories_rps >= 100.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from web_client import PAGES, run_client
from web_corpus import T17, write_corpus

REPO = Path(__file__).resolve().parents[1]
PYTHON = sys.executable


def newsweave(*args: str) -> list[str]:
    return [PYTHON, "-m", "newsweave", *args]


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO / "src"), str(REPO / "benchmarks")])
    return env


def count_articles(db: Path) -> int:
    if not db.exists():
        return 0
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.Error:
        return 0
    finally:
        conn.close()


def build_store(db: Path, articles: int, work: Path, data: Path) -> float:
    """Ingest ``articles`` generated articles with --no-analyze; returns seconds."""
    folder = work / f"corpus-{articles}"
    shutil.rmtree(folder, ignore_errors=True)
    write_corpus(folder, articles, data=data)
    started = time.monotonic()
    subprocess.run(
        newsweave("ingest", "--no-analyze", str(folder), "--db", str(db)),
        env=child_env(), check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    return time.monotonic() - started


def analyze_newest(db: Path, stories: int) -> tuple[int, float]:
    """Analyse the articles of the ``stories`` newest stories (what the report requests
    read), as `ingest` would have; returns how many were analysed and the seconds."""
    from newsweave.analyze import ANALYSIS_VERSION
    from newsweave.analyze.analyzer import Analyzer
    from newsweave.records import AnalysisFailure
    from newsweave.store.analyses import save_analysis
    from newsweave.store.browsing import Listing, articles_by_id, list_stories
    from newsweave.store.db import Store

    started = time.monotonic()
    done = 0
    with Store(db) as store:
        wanted = [
            i for s in list_stories(store, Listing(limit=stories)).items for i in s.article_ids
        ]
        pending = [
            a for a in articles_by_id(store, wanted).values() if store.get_analysis(a) is None
        ]
        items = ((a.id, a.text, a.published, a.language) for a in pending)
        for result in Analyzer().analyze_within(items, 60.0):
            if not isinstance(result, AnalysisFailure):
                save_analysis(store, result, ANALYSIS_VERSION)
                done += 1
    return done, time.monotonic() - started


def store_newest_reports(db: Path, stories: int) -> tuple[int, float]:
    """Store the reports of the ``stories`` newest stories, as the ingest's report step
    stores every changed story's (only these: the store's other 3,000 stories are never
    requested, and most are unanalysed); returns how many were made and the seconds."""
    from newsweave.reports.report import story_subject
    from newsweave.reports.stored import current_report
    from newsweave.store.browsing import Listing, list_stories
    from newsweave.store.db import Store
    from newsweave.store.reports import put_report

    started = time.monotonic()
    made = 0

    def keep(subject_id: str, kind: str, key: str, body: bytes) -> None:
        nonlocal made
        put_report(store, subject_id, kind, key, body)
        made += 1

    with Store(db) as store:
        for item in list_stories(store, Listing(limit=stories)).items:
            current_report(store, story_subject(store.get_story(item.id)), keep=keep)
    return made, time.monotonic() - started


def fresh_copy(db: Path, copy: Path) -> None:
    """A copy of the built store (checkpointed first, so the .db file is all of it)."""
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(db, copy)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(db: Path, port: int, workers: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        newsweave("serve", "--db", str(db), "--port", str(port), "--workers", str(workers)),
        env=child_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited: {server.stderr.read().decode()[-500:]}")  # type: ignore[union-attr]
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/stories?limit=1").status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    server.kill()
    raise RuntimeError("the server did not answer within 120 s")


def client_run(url: str, requests: int, connections: int, server_pid: int) -> dict[str, Any]:
    """The client in its own process; returns its per-page figures."""
    done = subprocess.run(
        [PYTHON, __file__, "--client", url, "--requests", str(requests),
         "--connections", str(connections), "--server-pid", str(server_pid)],
        env=child_env(), capture_output=True, text=True,
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"the client failed: {done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def print_table(label: str, figures: dict[str, Any], load: float) -> None:
    print(f"\n{label} (1-minute load average {load:.2f} on {os.cpu_count()} CPUs)")
    print(
        f"{'page':<9} {'requests':>8} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}"
        f" {'server CPU ms/req':>18} {'errors':>7}"
    )
    for page in PAGES:
        row = figures[page]
        print(
            f"{page:<9} {row['requests']:>8} {row['rps']:>8.1f} {row['p50_ms']:>8.1f}"
            f" {row['p99_ms']:>8.1f} {row['server_cpu_ms']:>18.2f} {row['errors']:>7}"
        )
        for sample in row["error_samples"]:
            print(f"          error: {sample}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, help="A store to load (else one is built).")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=200, help="Requests per page.")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--ingest-articles", type=int, default=1000)
    parser.add_argument("--work", type=Path, default=REPO / "out" / "web_load")
    parser.add_argument("--data", type=Path, default=T17)
    parser.add_argument("--workers", type=int, default=1, help="Server processes.")
    parser.add_argument(
        "--analyze-newest",
        type=int,
        default=100,
        metavar="N",
        help="Analyse the articles of the N newest stories (the reports requested).",
    )
    parser.add_argument(
        "--stored-reports",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="Store the N newest stories' reports first, as ingest's report step would "
        "(--no-stored-reports: the server makes each on first open).",
    )
    parser.add_argument("--client", metavar="URL", help=argparse.SUPPRESS)
    parser.add_argument("--server-pid", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.client:
        figures = run_client(args.client, args.requests, args.connections, args.server_pid)
        print(json.dumps(figures))
        return 0

    args.work.mkdir(parents=True, exist_ok=True)
    built = args.db or args.work / f"store-{args.articles}.db"
    if args.db is None and count_articles(built) < args.articles * 0.9:
        if not args.data.is_dir():
            print(f"no development data at {args.data}: give --db or --data", file=sys.stderr)
            return 2
        for suffix in ("", "-wal", "-shm"):
            Path(f"{built}{suffix}").unlink(missing_ok=True)
        print(f"building {built} ({args.articles} articles, --no-analyze) …", flush=True)
        print(f"built in {build_store(built, args.articles, args.work, args.data):.0f} s")
    if args.analyze_newest:
        analysed, seconds = analyze_newest(built, args.analyze_newest)
        if analysed:
            print(f"analysed the {analysed} articles of the {args.analyze_newest} newest"
                  f" stories in {seconds:.0f} s")  # fmt: skip
        if args.stored_reports:
            made, seconds = store_newest_reports(built, args.analyze_newest)
            if made:
                print(f"stored {made} reports in {seconds:.0f} s")
    db = args.work / "run.db"
    fresh_copy(built, db)
    articles = count_articles(db)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = start_server(db, port, args.workers)
    errors = 0
    figures: dict[str, dict[str, Any]] = {}
    loads: list[float] = []
    try:
        for phase in ("idle", "ingest"):
            ingest = None
            if phase == "ingest":
                extra = args.work / "extra"
                shutil.rmtree(extra, ignore_errors=True)
                write_corpus(extra, args.ingest_articles, seed=1, data=args.data)
                for path in extra.glob("*.jsonl"):  # other URLs: new inputs, not re-runs
                    path.write_text(path.read_text().replace("news.example/", "later.example/"))
                ingest = subprocess.Popen(
                    newsweave("ingest", "--no-analyze", str(extra), "--db", str(db)),
                    env=child_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                )  # fmt: skip
                time.sleep(2)  # let it start writing
            loads.append(os.getloadavg()[0])
            result = client_run(url, args.requests, args.connections, server.pid)
            if ingest is not None:
                result["ingest_still_running"] = ingest.poll() is None
                ingest.wait()
                result["articles_after"] = count_articles(db)
            figures[phase] = result
            errors += sum(result[page]["errors"] for page in PAGES)
            print_table(
                f"{articles} articles, {phase}"
                + (" (ingest writing throughout)" if result.get("ingest_still_running") else ""),
                result,
                loads[-1],
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
    idle, busy = figures["idle"], figures["ingest"]
    summary = {
        "stories_rps": idle["stories"]["rps"],
        "report_p99_ms": idle["report"]["p99_ms"],
        "report_again_p99_ms": idle["report_again"]["p99_ms"],
        "search_p99_ms": idle["search"]["p99_ms"],
        "article_p99_ms": idle["article"]["p99_ms"],
        "static_rps": idle["static"]["rps"],
        "stories_server_cpu_ms": idle["stories"]["server_cpu_ms"],
        "report_server_cpu_ms": idle["report"]["server_cpu_ms"],
        "search_server_cpu_ms": idle["search"]["server_cpu_ms"],
        "stories_rps_ingest": busy["stories"]["rps"],
        "report_p99_ms_ingest": busy["report"]["p99_ms"],
        "report_again_p99_ms_ingest": busy["report_again"]["p99_ms"],
        "search_p99_ms_ingest": busy["search"]["p99_ms"],
        "article_p99_ms_ingest": busy["article"]["p99_ms"],
        "ingest_overlapped": bool(busy.get("ingest_still_running")),
        "errors": errors,
        "articles": articles,
        "connections": args.connections,
        "server_workers": args.workers,
        "requests_per_page": args.requests,
        "report_endpoint": "/api/reports/{id}",
        "analyzed_newest_stories": args.analyze_newest,
        "stored_reports": args.stored_reports,
        "load_avg_1m": round(max(loads), 2),
    }
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
