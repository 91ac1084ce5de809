"""Hostile inputs through ``newsweave ingest``: the cases of ``hostile_cases`` (runaway
paragraphs, devices, FIFOs, concurrent ingests, user errors, deep nesting, bombs...) and
random mutations of real pages (truncated, bytes flipped, deeply nested tags inserted, a
giant attribute, a slice repeated many times, every ``>`` stripped).

Every command runs in a process of its own with its time and peak memory measured. A
crash is an exit 3 or an "internal error"; a hang, a command still running after its
documents' time limits and a startup allowance. Mutated pages are ingested in batches;
a batch that crashes or hangs is run again file by file to name the input. After each
case an ordinary article is ingested into the same store and must be analysed and
grouped; at the end every store must pass SQLite's integrity check.

    python benchmarks/hostile.py [--mutations 300] [--time-limit 20] [--batch 10]

Prints a table per case and per mutation, then one JSON line: cases, crashes, hangs,
max_rss_mb, store_ok (and unexpected outcomes, failed follow-ups, seconds).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from hostile_cases import CASES
from hostile_runner import (
    FOLLOW_UP_TITLE,
    Measured,
    elapsed_since,
    fill_store,
    follow_up_page,
    follow_up_problems,
    outcome,
    run_case,
    run_measured,
    unmet,
)

DATA = Path(__file__).resolve().parents[2] / "shared/data/extraction/wcxb-dev-articles/html"
MIB = 1 << 20
_TAG_NAME = re.compile(rb"<[a-zA-Z][a-zA-Z0-9]*")

Mutation = Callable[[random.Random, bytes], bytes]


def truncate(rng: random.Random, page: bytes) -> bytes:
    return page[: rng.randrange(1, len(page))]


def flip_bytes(rng: random.Random, page: bytes) -> bytes:
    flipped = bytearray(page)
    for _ in range(rng.randint(1, 64)):
        flipped[rng.randrange(len(flipped))] = rng.randrange(256)
    return bytes(flipped)


def nest_tags(rng: random.Random, page: bytes) -> bytes:
    tag = rng.choice((b"div", b"span", b"b", b"table", b"li", b"blockquote"))
    at = rng.randrange(len(page))
    return page[:at] + (b"<" + tag + b">") * rng.choice((500, 5_000, 50_000)) + page[at:]


def giant_attribute(rng: random.Random, page: bytes) -> bytes:
    tags = [found.end() for found in _TAG_NAME.finditer(page)]
    at = rng.choice(tags) if tags else 0
    value = b"c " * rng.randint(50_000, 2 * MIB)
    return page[:at] + b' class="' + value + b'"' + page[at:]


def repeat_slice(rng: random.Random, page: bytes) -> bytes:
    start = rng.randrange(len(page))
    size = rng.randint(20, 5_000)
    times = min(rng.randint(100, 20_000), 20 * MIB // size)
    return page[:start] + page[start : start + size] * times + page[start + size :]


def strip_closers(_rng: random.Random, page: bytes) -> bytes:
    return page.replace(b">", b"")


MUTATIONS: dict[str, Mutation] = {
    "truncate": truncate,
    "flip-bytes": flip_bytes,
    "nest-tags": nest_tags,
    "giant-attribute": giant_attribute,
    "repeat-slice": repeat_slice,
    "strip-closers": strip_closers,
}


def row(name: str, seconds: float, peak_mib: float, result: str) -> None:
    print(f"{name:34} {seconds:8.1f} {peak_mib:8.0f}  {result}", flush=True)


def run_cases(work: Path, time_limit_s: float, tally: Counter[str]) -> list[Path]:
    """Every hostile case, each followed by an ordinary article; the stores they left."""
    filled = work / "filled" / "store.db"
    filled.parent.mkdir(parents=True)
    fill_store(filled, time_limit_s=time_limit_s)
    stores = []
    for case in CASES:
        folder = work / "cases" / case.name
        try:
            run = run_case(case, folder, filled, time_limit_s=time_limit_s)
        except Exception as error:  # a case the harness cannot run is reported, not fatal
            tally["harness_errors"] += 1
            row(case.name, 0, 0, f"harness error: {type(error).__name__}: {error}")
            continue
        tally["cases"] += 1
        tally["hangs"] += any(m.hung for m in run.measured)
        tally["crashes"] += any(m.crashed for m in run.measured)
        tally["max_rss_kib"] = max(tally["max_rss_kib"], int(run.peak_mib * 1024))
        problems = unmet(run)
        tally["unexpected"] += bool(problems)
        page = folder / "follow-up.html"
        page.write_text(follow_up_page(), encoding="utf-8")
        after = run_measured(
            ("ingest", str(page), "--db", str(run.invocation.store)),
            folder / "logs",
            time_limit_s=time_limit_s,
        )
        tally["max_rss_kib"] = max(tally["max_rss_kib"], int(after.peak_mib * 1024))
        follow_up = [] if after.exit_code == 0 else [f"follow-up exit {after.exit_code}"]
        if not follow_up and run.invocation.store.is_file():
            follow_up = follow_up_problems(run.invocation.store, FOLLOW_UP_TITLE)
        tally["follow_up_failures"] += bool(follow_up)
        stores.append(run.invocation.store)
        note = "; ".join(problems + follow_up)
        result = outcome(run) + (f"  UNEXPECTED: {note}" if note else "")
        row(case.name, run.seconds, run.peak_mib, result)
    return stores


def mutated_pages(count: int, seed: int, folder: Path) -> list[tuple[Path, str]]:
    """``count`` mutated copies of the development pages, written into ``folder``."""
    rng = random.Random(seed)
    sources = sorted(DATA.glob("*.html.gz"))
    folder.mkdir(parents=True)
    made = []
    for number in range(count):
        source = rng.choice(sources)
        name = rng.choice(sorted(MUTATIONS))
        mutated = MUTATIONS[name](rng, gzip.decompress(source.read_bytes()))
        path = folder / f"{number:04d}-{name}-{source.name.removesuffix('.gz')}"
        path.write_bytes(mutated)
        made.append((path, name))
    return made


def file_outcomes(store: Path) -> dict[str, str]:
    """What became of each input the store has seen: stored, or its rejection reason."""
    from newsweave.store.db import Store

    if not store.is_file():
        return {}
    with Store(store, readonly=True) as reader:
        found = {r.source: f"rejected {r.reason}" for r in reader.rejections()}
        for article in reader.iter_articles():
            found.update((source, "stored") for source in reader.sources_of(article.id))
    return found


def run_batch(files: list[Path], store: Path, logs: Path, time_limit_s: float) -> Measured:
    args = ("ingest", *map(str, files), "--db", str(store))
    return run_measured(args, logs, time_limit_s=time_limit_s, documents=len(files))


def run_mutations(
    work: Path, count: int, seed: int, batch: int, time_limit_s: float, tally: Counter[str]
) -> Path:
    store = work / "mutations" / "store.db"
    pages = mutated_pages(count, seed, work / "mutations" / "in")
    kinds = dict(pages)
    results: Counter[tuple[str, str]] = Counter()
    for first in range(0, len(pages), batch):
        files = [path for path, _ in pages[first : first + batch]]
        measured = run_batch(files, store, work / "mutations" / "logs", time_limit_s)
        tally["max_rss_kib"] = max(tally["max_rss_kib"], int(measured.peak_mib * 1024))
        failed: dict[Path, str] = {}
        if measured.crashed or measured.hung:
            # Name the input: each file of the batch alone (stored ones are skipped).
            for path in files:
                alone = run_batch([path], store, work / "mutations" / "logs", time_limit_s)
                if alone.crashed or alone.hung:
                    failed[path] = "hang" if alone.hung else "crash"
                    print(
                        f"  {failed[path]}: {path.name}: {alone.stderr.strip()[-300:]}",
                        file=sys.stderr,
                    )
        tally["crashes"] += sum(kind == "crash" for kind in failed.values())
        tally["hangs"] += sum(kind == "hang" for kind in failed.values())
        tally["cases"] += len(files)
        seen = file_outcomes(store)
        for path in files:
            result = failed.get(path) or seen.get(str(path), "duplicate")
            results[kinds[path], result] += 1
        names = Counter(kinds[path] for path in files)
        label = f"mutations {first + 1}-{first + len(files)}"
        state = f"exit {measured.exit_code}"
        state = "hang" if measured.hung else "crash" if measured.crashed else state
        row(label, measured.seconds, measured.peak_mib, f"{state}; {dict(names)}")
    print(f"\n{'mutation':18} outcome: files")
    for kind in sorted(MUTATIONS):
        found = {result: n for (name, result), n in sorted(results.items()) if name == kind}
        print(f"{kind:18} {found}")
    return store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mutations", type=int, default=300)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--batch", type=int, default=10, help="mutated pages per ingest")
    parser.add_argument("--time-limit", type=float, default=20.0, help="per document, seconds")
    parser.add_argument("--work", type=Path, help="keep inputs and stores here")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="newsweave-hostile-"))
    started = time.monotonic()
    tally: Counter[str] = Counter()
    print(f"{'case':34} {'seconds':>8} {'peak MiB':>8}  outcome")
    stores = run_cases(work, args.time_limit, tally)
    if args.mutations and DATA.is_dir():
        stores.append(
            run_mutations(work, args.mutations, args.seed, args.batch, args.time_limit, tally)
        )
    elif args.mutations:
        print(f"no development pages at {DATA}: mutations skipped", file=sys.stderr)
    store_ok = all(not _integrity(store) for store in stores)
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    metrics = {
        "cases": tally["cases"],
        "crashes": tally["crashes"],
        "hangs": tally["hangs"],
        "max_rss_mb": round(tally["max_rss_kib"] / 1024, 1),
        "store_ok": store_ok,
        "unexpected": tally["unexpected"],
        "follow_up_failures": tally["follow_up_failures"],
        "harness_errors": tally["harness_errors"],
        "mutations": args.mutations if DATA.is_dir() else 0,
        "time_limit_s": args.time_limit,
        "seconds": round(elapsed_since(started), 1),
    }
    print(json.dumps(metrics))


def _integrity(store: Path) -> list[str]:
    from newsweave.store.db import Store

    if not store.is_file():
        return []
    with Store(store, readonly=True) as reader:
        return reader.integrity_problems()


if __name__ == "__main__":
    main()
