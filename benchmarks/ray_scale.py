"""The pipeline on Ray against the local engine, on WARCs written from the development data.

Usage: benchmarks/ray_scale.py [--records 2304] [--shards 24] [--cpus 2] [--work DIR]
                               [--block-articles 1000]

Writes the Timeline17 dev articles (../shared/data/timelines/t17-dev, every topic
folder mixed, as many as ``--records``) as HTML response records into ``--shards``
gzipped WARC files, one article a page (headline, outlet, date and URL in the page),
then runs ``newsweave run`` over them twice in this process: the local engine (one
process, the baseline: what a laptop does) and the Ray engine on a local Ray of
``--cpus`` CPUs (Ray Data ``map_batches`` over an actor pool of that many workers).

It prints articles/s by wall clock for each (the Ray figure with and without starting
Ray), the CPU seconds of each per-document step summed over workers (the same work in
both engines, so a fair check that nothing is done twice) and of the driver's corpus
step, and the load average, since the machine is shared. Then one JSON line:
``local_articles_per_s``, ``ray_articles_per_s`` (wall, Ray started before timing),
``speedup``, ``same_articles`` (share of articles, by id and content, that both runs
give), ``same_stories`` (share of articles whose story has the same members in both),
``same_storylines`` (likewise for the articles of each article's storyline),
``corpus_step_wall_s`` (wall seconds of each corpus-wide step in each engine: merging
the parts, the duplicates' band keys, verification and resolution, the story blocks and
their merge, the storylines),
``same_duplicates``, ``same_rejections`` (1.0 when both sets are equal), CPU figures
and load averages. On a shared machine the wall-clock speedup says more about the other
work than about Ray: ``cpu_model_speedup`` is the speedup the measured CPU seconds give
on ``--cpus`` idle CPUs (the local run's CPU over the Ray workers' CPU, the corpus
steps' tasks included, divided among the CPUs plus the driver's CPU), and
``*_parallelism`` how many CPUs each run actually got. A record that cannot be
written is counted (``unwritable``) and left out; an input either engine rejects is in
its rejections table and compared.
"""

from __future__ import annotations

import argparse
import gzip
import html
import io
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "timelines" / "t17-dev"
PTB = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "``": '"', "''": '"'}


def t17_articles(limit: int) -> list[dict[str, str]]:
    """Up to ``limit`` articles, taken from the topic folders in turn."""
    topics = [sorted(DATA.iterdir())]
    per_topic = []
    for folder in topics[0]:
        path = folder / "articles.jsonl"
        if path.exists():
            lines = path.read_text(encoding="utf-8").splitlines()
            per_topic.append([dict(json.loads(line), topic=folder.name) for line in lines])
    mixed: list[dict[str, str]] = []
    for index in range(max((len(t) for t in per_topic), default=0)):
        mixed.extend(t[index] for t in per_topic if index < len(t))
    return mixed[:limit]


def page(article: dict[str, str]) -> tuple[str, bytes]:
    """The article as a news page: (URL, HTML)."""
    topic, outlet = article["topic"].split("_", 1)
    lines = [_untokenized(line) for line in article["text"].split("\n") if line.strip()]
    words = lines[0].split() if lines else ["Untitled"]
    title = " ".join(words[:12])
    url = f"https://www.{outlet}.example/{topic}/{article['id']}"
    body = "\n".join(f"<p>{html.escape(line)}</p>" for line in lines[1:] or lines)
    doc = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta property="og:site_name" content="{outlet.capitalize()} Example">
<meta property="article:published_time" content="{article["time"]}T12:00:00+00:00">
<title>{html.escape(title)}</title></head><body><nav><a href="/">Home</a></nav>
<main><article><h1>{html.escape(title)}</h1>{body}</article></main>
<footer>Example footer</footer></body></html>"""
    return url, doc.encode("utf-8")


def _untokenized(line: str) -> str:
    words = [PTB.get(w, w) for w in line.split()]
    text = " ".join(words)
    for mark in (" ,", " .", " 's", " ;", " :", " ?", " !", " n't"):
        text = text.replace(mark, mark.lstrip())
    return text


def write_warcs(articles: list[dict[str, str]], folder: Path, shards: int) -> int:
    """``shards`` .warc.gz files, articles dealt to them in turn; returns how many
    records could not be written (left out)."""
    from fastwarc.warc import WarcRecord, WarcRecordType

    folder.mkdir(parents=True, exist_ok=True)
    buffers = [io.BytesIO() for _ in range(shards)]
    unwritable = 0
    for number, article in enumerate(articles):
        try:
            url, doc = page(article)
        except (KeyError, ValueError):
            unwritable += 1
            continue
        record = WarcRecord()
        record.init_headers(record_type=WarcRecordType.response)
        record.headers["WARC-Target-URI"] = url
        record.headers["WARC-Date"] = f"{article['time']}T12:00:00Z"
        record.headers["Content-Type"] = "application/http; msgtype=response"
        head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
        record.set_bytes_content(head + doc)
        record.write(buffers[number % shards])
    for index, buffer in enumerate(buffers):
        (folder / f"crawl-{index:03d}.warc.gz").write_bytes(gzip.compress(buffer.getvalue()))
    return unwritable


def results(output: Path) -> dict[str, Any]:
    def table(name: str) -> list[dict[str, Any]]:
        return pq.read_table(output / f"{name}.parquet").to_pylist()

    articles = {
        r["id"]: (r["title"], r["text"], r["published"], r["outlet"], r["url"])
        for r in table("articles")
    }
    story_of: dict[str, frozenset[str]] = {}
    for story in table("stories"):
        members = frozenset(json.loads(story["article_ids"]))
        story_of.update(dict.fromkeys(members, members))
    links = {(r["article_id"], r["original_id"], r["kind"]) for r in table("duplicates")}
    rejections = {(r["source"], r["reason"]) for r in table("rejections")}
    stories = {r["id"]: json.loads(r["article_ids"]) for r in table("stories")}
    storyline_of: dict[str, frozenset[str]] = {}
    for line in table("storylines"):
        members = frozenset(a for s in json.loads(line["story_ids"]) for a in stories[s])
        storyline_of.update(dict.fromkeys(members, members))
    return {
        "articles": articles,
        "story_of": story_of,
        "storyline_of": storyline_of,
        "links": links,
        "rejections": rejections,
    }


def agreement(a: dict[str, Any], b: dict[str, Any]) -> dict[str, float]:
    ids = set(a["articles"]) | set(b["articles"])
    same = sum(1 for i in ids if a["articles"].get(i) == b["articles"].get(i))
    grouped = set(a["story_of"]) | set(b["story_of"])
    same_story = sum(1 for i in grouped if a["story_of"].get(i) == b["story_of"].get(i))
    lined = set(a["storyline_of"]) | set(b["storyline_of"])
    same_line = sum(1 for i in lined if a["storyline_of"].get(i) == b["storyline_of"].get(i))
    return {
        "same_articles": round(same / len(ids), 4) if ids else 1.0,
        "same_stories": round(same_story / len(grouped), 4) if grouped else 1.0,
        "same_storylines": round(same_line / len(lined), 4) if lined else 1.0,
        "same_duplicates": float(a["links"] == b["links"]),
        "same_rejections": float(a["rejections"] == b["rejections"]),
    }


def timed_run(
    inputs: list[str], output: Path, engine: str, block_articles: int
) -> tuple[Any, float, float]:
    from newsweave.pipeline.run import run
    from newsweave.pipeline.run.corpus import CorpusSettings

    wall, cpu = time.perf_counter(), time.process_time()
    settings = CorpusSettings(block_articles=block_articles)
    report = run(inputs, str(output), engine=engine, corpus_settings=settings)
    return report, time.perf_counter() - wall, time.process_time() - cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=2304)
    parser.add_argument("--shards", type=int, default=24)
    parser.add_argument("--cpus", type=int, default=2)
    parser.add_argument(
        "--block-articles",
        type=int,
        default=1000,
        help="story blocks' size (1000: three blocks here, grouped at once; the run's"
        " default, 4000, would make this corpus one block)",
    )
    parser.add_argument("--work", type=Path, default=None, help="keep the WARCs and outputs here")
    args = parser.parse_args(argv)
    if not DATA.is_dir():
        print(f"development data not found: {DATA}", file=sys.stderr)
        return 2
    work = args.work or Path(tempfile.mkdtemp(prefix="ray_scale-"))
    for old in ("local", "ray"):
        shutil.rmtree(work / old, ignore_errors=True)
    articles = t17_articles(args.records)
    unwritable = write_warcs(articles, work / "warc", args.shards)
    inputs = [str(work / "warc")]
    load_before = os.getloadavg()

    local, local_wall, local_cpu = timed_run(inputs, work / "local", "local", args.block_articles)
    load_mid = os.getloadavg()
    import ray

    started = time.perf_counter()
    ray.init(num_cpus=args.cpus, include_dashboard=False, log_to_driver=False)
    ray_start = time.perf_counter() - started
    try:
        remote, ray_wall, ray_driver_cpu = timed_run(
            inputs, work / "ray", "ray", args.block_articles
        )
    finally:
        ray.shutdown()
    load_after = os.getloadavg()

    n_local, n_ray = local.counts["articles"], remote.counts["articles"]
    worker_cpu_local = sum(v for k, v in local.cpu_seconds.items() if k != "corpus")
    worker_cpu_ray = sum(v for k, v in remote.cpu_seconds.items() if k != "corpus")
    print(
        f"{len(articles)} records ({unwritable} unwritable) in {args.shards} WARCs; "
        f"Ray on {args.cpus} CPUs (started in {ray_start:.1f} s, not in its timing)"
    )
    print(f"{'':22}{'local':>12}{'ray':>12}")
    rows = [
        ("articles", n_local, n_ray),
        ("wall s", local_wall, ray_wall),
        ("articles/s (wall)", n_local / local_wall, n_ray / ray_wall),
        ("articles/s (+start)", n_local / local_wall, n_ray / (ray_wall + ray_start)),
        ("driver CPU s", local_cpu, ray_driver_cpu),
        ("worker CPU s (steps)", worker_cpu_local, worker_cpu_ray),
        ("parallelism (CPU/wall)", worker_cpu_local / local_wall, worker_cpu_ray / ray_wall),
    ]
    rows += [
        (f"  {step} CPU s", local.cpu_seconds[step], remote.cpu_seconds[step])
        for step in ("read", "extract", "analyze", "minhash", "corpus", "corpus_workers")
    ]
    rows += [
        (f"  {phase} wall s", local.wall_seconds[phase], remote.wall_seconds[phase])
        for phase in ("shards", "text_dumps", "corpus")
    ]
    corpus_steps = [k for k in local.wall_seconds if k.startswith("corpus_")]
    rows += [
        (
            f"    {step.removeprefix('corpus_')} wall s",
            local.wall_seconds[step],
            remote.wall_seconds.get(step, 0.0),
        )
        for step in ["merge", *corpus_steps]
    ]
    for name, a, b in rows:
        print(
            f"{name:22}{a:>12.2f}{b:>12.2f}" if isinstance(a, float) else f"{name:22}{a:>12}{b:>12}"
        )
    print(
        f"load average (1 min): {load_before[0]:.2f} before, {load_mid[0]:.2f} between, "
        f"{load_after[0]:.2f} after"
    )
    same = agreement(results(work / "local"), results(work / "ray"))
    metrics = {
        "records": len(articles),
        "unwritable": unwritable,
        "articles": n_local,
        "local_articles_per_s": round(n_local / local_wall, 2),
        "ray_articles_per_s": round(n_ray / ray_wall, 2),
        "ray_articles_per_s_with_start": round(n_ray / (ray_wall + ray_start), 2),
        "speedup": round((n_ray / ray_wall) / (n_local / local_wall), 3),
        **same,
        "local_cpu_s_per_article": round(
            (worker_cpu_local + local.cpu_seconds["corpus"]) / max(n_local, 1), 4
        ),
        "ray_cpu_s_per_article": round(
            (worker_cpu_ray + remote.cpu_seconds["corpus"]) / max(n_ray, 1), 4
        ),
        # What the wall-clock speedup would be with the CPUs to itself: the local run's
        # CPU against the Ray workers' CPU shared over ``cpus`` plus the driver's own
        # (the corpus step, writing parts), which does not run in parallel.
        "cpu_model_speedup": round(
            (worker_cpu_local + local.cpu_seconds["corpus"])
            / (worker_cpu_ray / args.cpus + ray_driver_cpu),
            3,
        ),
        "ray_parallelism": round(worker_cpu_ray / ray_wall, 3),
        "local_parallelism": round(worker_cpu_local / local_wall, 3),
        "corpus_step_wall_s": {
            engine: {
                step.removeprefix("corpus_"): round(report.wall_seconds[step], 2)
                for step in ["merge", *corpus_steps]
            }
            for engine, report in (("local", local), ("ray", remote))
        },
        "load_avg_1m": [round(load_before[0], 2), round(load_mid[0], 2), round(load_after[0], 2)],
        "cpus": args.cpus,
        "block_articles": args.block_articles,
        "story_blocks": remote.corpus_counts.get("story_blocks"),
        "verified_pairs": remote.corpus_counts.get("verified_pairs"),
    }
    print(json.dumps(metrics))
    return 0


if __name__ == "__main__":
    sys.exit(main())
