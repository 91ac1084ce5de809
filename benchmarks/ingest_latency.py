"""How long one `newsweave ingest` takes as the store grows: 1,000 to 100,000 articles.

Usage: benchmarks/ingest_latency.py [--sizes 1000,10000,100000] [--runs 5] [--out DIR]
       [--rebuild]

For each size a store is built once and cached under ``--out`` (default
``out/latency/``, gitignored), one folder per size, corpus version and hash of the
corpus-making code (``n100000-corpus1-<hash>``); ``--rebuild`` builds it again. A
store built by other newsweave code is reused but flagged in the table and in the
JSON (``stores_built_by_current_code``). Then, as a user runs it, it times
``python -m newsweave ingest FILE --db COPY`` in a subprocess for two cases, ``--runs``
times each (the cases interleaved), every run on a fresh copy of the built store (the
.db file plus any -wal/-shm, copied after a checkpoint), so runs never accumulate:

* new: a freshly written HTML article page (headline, date, byline, several
  paragraphs; the text is a PolNeAR development article, which the corpus never
  uses), so extraction, language analysis and grouping of one new article all run;
* dup: an input file that was ingested into the store when it was built, which ingest
  recognises by its id and skips (then the analysis and grouping stages find nothing
  to do).

It also times ``python -m newsweave --help`` (startup). The table shows median, min and
max wall-clock seconds per case and the median CPU seconds (user + system) of the
subprocess, which stretch less than wall-clock time when other work shares the CPUs
(the 1-minute load average before and after the timed runs is printed too). The last
line is one JSON object: ``new_s_<size>`` and ``dup_s_<size>`` (wall-clock medians;
sizes as ``1k``, ``10k``, ``100k``), ``new_cpu_s_<size>`` and ``dup_cpu_s_<size>``,
the ratios ``ratio_new_100k_to_1k`` and ``ratio_dup_100k_to_1k`` (when both sizes
ran), ``articles`` (largest size), ``startup_s``, ``load_avg_1m`` and ``failures``
(runs that exited non-zero or did not do what the case means; each is shown in the
table with its exit code and the tail of its stderr).

Bytecode: the subprocess runs without PYTHONDONTWRITEBYTECODE, the newsweave package
being timed is compiled first (``python -m compileall -q``) and one untimed warm-up run
of each case writes the bytecode of every other module ingest imports, because an
installed package has its bytecode compiled (pip compiles at install) and a user's
second run finds it cached. The subprocess imports the same newsweave as this script
(its folder is put first on PYTHONPATH; this is checked).

How a store is built (fast: the real spaCy analysis runs at ~30 articles/s, too slow
for 100,000): the corpus is the one ``stories_scaling.py`` generates (NeuS + ECB+
texts re-issued by made-up outlets over three years with light perturbations, a tenth
of them one long-running story), in date order. Each generated article gets a simple
HTML page as its raw input (source and URL made up, ``https://www.<outlet>.example/…``),
its paragraphs (the text's lines, or its sentences three at a time when it is one
block) and a headline (its own; for an ECB+ text, which has none, the line after its
leading source-URL line, which is dropped, or else its first words), and is stored
through the store's normal write path, ``Store.add_document(raw, article)``.
One of them, at the middle of the date order, is instead written as an HTML file and
ingested with ``ingest_paths`` (real extraction): that file is the "dup" case's input.
An article id the store already holds (same text, title and outlet) moves the copy to
another made-up outlet, so a store holds exactly the size asked for. Then every
article is grouped by the real stage, ``group_new_articles`` (duplicate records and
links, story features, memberships, stories), as ``newsweave ingest --no-analyze``
would group them: entity keys come from the grouper's capitalised-name fallback, since
no NER has run. Last, every article gets a real but cheap analysis, saved with
``save_analysis`` at the current ``ANALYSIS_VERSION`` so nothing is left pending:
sentences from the project's sentence splitter and time expressions from its timex
finder, over a spaCy tokenizer-only doc (``spacy.blank("en")``); no named entities and
no quotes (both need the NER model).
"""

from __future__ import annotations

import argparse
import hashlib
import html
import inspect
import itertools
import json
import os
import re
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import spacy

# Every newsweave name this benchmark uses (update here when modules move).
import newsweave
from newsweave.analyze import ANALYSIS_VERSION
from newsweave.analyze.sentences import sentence_records
from newsweave.analyze.timex.finder import find_times
from newsweave.pipeline.group import group_new_articles, open_grouping
from newsweave.pipeline.ingest import ingest_paths
from newsweave.records import Analysis, Article, RawDocument
from newsweave.store.analyses import articles_to_analyze, save_analysis
from newsweave.store.db import Store
from stories_scaling import DATA, OUTLETS, corpus

REPO = Path(__file__).resolve().parents[1]
# Bump when the generated corpus or the way a store is built changes: cached stores
# of another version are not reused.
CORPUS_VERSION = "1"
RUNNING_SHARE = 0.1
DEFAULT_SIZES = (1_000, 10_000, 100_000)
POLNEAR_DEV = DATA / "quotes" / "polnear" / "dev" / "text"
SENTENCES_PER_PARAGRAPH = 3
TITLE_WORDS = 12
STDERR_TAIL = 400
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


# -- the store ------------------------------------------------------------------------


@dataclass(frozen=True)
class BuiltStore:
    """A cached store: the database and the stored input file the "dup" case re-ingests."""

    folder: Path
    size: int
    db: Path
    stored_input: Path
    latest_published: datetime
    meta: dict[str, object] = field(default_factory=dict)


def code_fingerprint() -> str:
    """A hash of the newsweave sources, recorded with each built store: a store built
    by other code is still used, but the report says so."""
    package = Path(newsweave.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(str(path.relative_to(package)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def corpus_key() -> str:
    """The corpus version and a hash of the code that generates and stores it, so an
    edit to either never reuses a stale store."""
    import stories_scaling

    digest = hashlib.sha256()
    for function in (stories_scaling.base_stories, stories_scaling.perturbed, corpus,
                     generated_articles, GeneratedArticle, paragraphs_of, headline_and_body,
                     article_page, cheap_analyses, build_store):  # fmt: skip
        digest.update(inspect.getsource(function).encode())
    return f"corpus{CORPUS_VERSION}-{digest.hexdigest()[:8]}"


def store_folder(out: Path, size: int) -> Path:
    return out / f"n{size}-{corpus_key()}"


def outlet_slug(outlet: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", outlet.lower()).strip("-")


def paragraphs_of(text: str) -> tuple[str, ...]:
    """The text's lines as paragraphs; one long block is cut into paragraphs of a few
    sentences, as a news page sets it."""
    lines = tuple(line.strip() for line in text.splitlines() if line.strip())
    if len(lines) > 1:
        return lines
    sentences = _SENTENCE.split(text.strip())
    return tuple(
        " ".join(sentences[i : i + SENTENCES_PER_PARAGRAPH])
        for i in range(0, len(sentences), SENTENCES_PER_PARAGRAPH)
    )


def headline_and_body(title: str, text: str) -> tuple[str, tuple[str, ...]]:
    """The headline and body paragraphs of a corpus text. NeuS texts have a title; ECB+
    texts have none, and half of them start with a line giving the source URL, then
    the headline line: the URL line is dropped and the headline line becomes the
    headline. Other untitled texts are headed by their first words."""
    paragraphs = paragraphs_of(text)
    if paragraphs and paragraphs[0].startswith("http"):
        paragraphs = paragraphs[1:]
        if not title.strip() and len(paragraphs) > 1:
            return paragraphs[0].rstrip("."), paragraphs[1:]
    if title.strip():
        return title.strip(), paragraphs
    words = paragraphs[0].split()[:TITLE_WORDS] if paragraphs else ["Untitled"]
    return " ".join(words).rstrip(".,;:"), paragraphs


def article_page(
    title: str, paragraphs: Sequence[str], outlet: str, published: datetime, author: str
) -> str:
    """A plain news article page: site furniture around a headline, byline, date and
    the paragraphs."""
    esc = html.escape
    body = "\n".join(f"<p>{esc(p)}</p>" for p in paragraphs)
    when = published.isoformat()
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta property="og:site_name" content="{esc(outlet)}">
<meta property="og:title" content="{esc(title)}">
<meta property="article:published_time" content="{when}">
<meta name="author" content="{esc(author)}">
<title>{esc(title)} | {esc(outlet)}</title></head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/politics">Politics</a></li><li><a href="/world">World</a></li></ul></nav>
<main><article><h1>{esc(title)}</h1>
<p class="byline">By {esc(author)} · <time datetime="{when}">{published:%d %B %Y}</time></p>
{body}
</article>
<aside class="related"><h3>More from {esc(outlet)}</h3><ul>
<li><a href="/a">Council approves new budget for road repairs</a></li>
<li><a href="/b">Weather: a wet weekend ahead</a></li></ul></aside>
</main>
<footer>© {published:%Y} {esc(outlet)}. All rights reserved.
<a href="/privacy">Privacy</a> <a href="/terms">Terms</a></footer>
</body></html>
"""


@dataclass(frozen=True)
class GeneratedArticle:
    key: str
    title: str
    paragraphs: tuple[str, ...]
    published: datetime  # aware (UTC), as extraction stores dates
    outlet: str

    def page(self) -> str:
        return article_page(self.title, self.paragraphs, self.outlet, self.published, "Staff")

    def url(self) -> str:
        return f"https://www.{outlet_slug(self.outlet)}.example/news/{self.key}.html"

    def raw_and_article(self) -> tuple[RawDocument, Article]:
        url = self.url()
        raw = RawDocument(
            content=self.page().encode("utf-8"),
            source=url,
            format="html",
            url=url,
            fetched_at=self.published + timedelta(hours=1),
        )
        article = Article(
            raw_id=raw.id,
            source=raw.source,
            paragraphs=self.paragraphs,
            title=self.title,
            outlet=self.outlet,
            published=self.published,
            author="Staff",
            language="en",
            url=url,
        )
        return raw, article


def generated_articles(size: int) -> list[GeneratedArticle]:
    """``size`` articles in date order from the stories_scaling corpus.

    A copy whose article id (outlet, title, text) is already taken moves to the next
    outlet that frees it; past every outlet (the long-running story repeats its few
    perturbed texts thousands of times) its headline also gets an "(update N)", as a
    re-issued live page would."""
    articles: list[GeneratedArticle] = []
    # Per (title, text): the (outlet, update) pairs used; the article id hashes those.
    taken: dict[tuple[str, tuple[str, ...]], set[tuple[str, int]]] = {}
    for doc in corpus(size, running_share=RUNNING_SHARE):
        assert doc.published is not None
        title, paragraphs = headline_and_body(doc.title, doc.text)
        if not paragraphs:
            continue
        used = taken.setdefault((title, paragraphs), set())
        start = OUTLETS.index(doc.outlet) if doc.outlet in OUTLETS else 0
        step = next(
            s
            for s in itertools.count()
            if (OUTLETS[(start + s) % len(OUTLETS)], s // len(OUTLETS)) not in used
        )
        outlet, update = OUTLETS[(start + step) % len(OUTLETS)], step // len(OUTLETS)
        used.add((outlet, update))
        headline = f"{title} (update {update})" if update else title
        published = doc.published.replace(tzinfo=UTC)
        articles.append(GeneratedArticle(doc.article_id, headline, paragraphs, published, outlet))
    return articles


def cheap_analyses(nlp: spacy.language.Language, articles: Sequence[Article]) -> Iterator[Analysis]:
    """Sentences (the project's splitter) and times (its timex finder) over a
    tokenizer-only doc; no entities, no quotes."""
    for article, doc in zip(articles, nlp.pipe(a.text for a in articles), strict=True):
        sentences = sentence_records(doc)
        times = find_times(doc.text, sentences, article.published)
        yield Analysis(article.id, article.language or "en", sentences, (), times, ())


class Progress:
    def __init__(self, label: str, total: int) -> None:
        self.label, self.total, self.done = label, total, 0
        self.started = time.perf_counter()
        self.every = max(1, total // 10)

    def advance(self, _item: object = None) -> None:
        self.done += 1
        if self.done % self.every == 0 or self.done == self.total:
            elapsed = time.perf_counter() - self.started
            print(
                f"  {self.label}: {self.done:,}/{self.total:,} "
                f"({elapsed:.0f} s, {self.done / max(elapsed, 1e-9):,.0f}/s)",
                file=sys.stderr,
                flush=True,
            )

    def seconds(self) -> float:
        return round(time.perf_counter() - self.started, 1)


def build_store(folder: Path, size: int) -> BuiltStore:
    """Build the store of ``size`` articles in ``folder`` (emptied first)."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    db = folder / "store.db"
    stored_input = (folder / "inputs" / "stored-article.html").resolve()
    stored_input.parent.mkdir()
    print(f"building a store of {size:,} articles in {folder}", file=sys.stderr, flush=True)
    phases: dict[str, float] = {}
    articles = generated_articles(size)
    if len(articles) != size:
        raise RuntimeError(f"corpus gave {len(articles)} distinct articles, not {size}")
    via_file = len(articles) // 2
    with Store(db) as store:
        progress = Progress("store", size)
        for index, generated in enumerate(articles):
            if index == via_file:
                stored_input.write_text(generated.page(), encoding="utf-8")
                report = ingest_paths(store, [str(stored_input)])
                if report.new != 1:
                    raise RuntimeError(f"the stored input was not stored as new: {report}")
            else:
                status, _ = store.add_document(*generated.raw_and_article())
                if status != "article":
                    raise RuntimeError(f"{generated.key} was stored as {status}")
            progress.advance()
        phases["store_s"] = progress.seconds()

        progress = Progress("group", size)
        grouped = group_new_articles(store, on_article=progress.advance)
        phases["group_s"] = progress.seconds()
        if grouped != size:
            raise RuntimeError(f"grouped {grouped} articles, not {size}")

        progress = Progress("analyze", size)
        nlp = spacy.blank("en")
        pending = articles_to_analyze(store, ANALYSIS_VERSION)
        while batch := list(itertools.islice(pending, 256)):
            for analysis in cheap_analyses(nlp, batch):
                save_analysis(store, analysis, ANALYSIS_VERSION)
                progress.advance()
        phases["analyze_s"] = progress.seconds()
        latest = store.conn.execute(
            "SELECT published FROM articles ORDER BY julianday(published) DESC LIMIT 1"
        ).fetchone()[0]
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    check = store_counts(db)
    if check != {"articles": size, "analyzed": size, "grouped": size}:
        raise RuntimeError(f"built store is incomplete: {check}")
    latest_published = datetime.fromisoformat(latest)
    meta: dict[str, object] = {
        "size": size,
        "corpus": corpus_key(),
        "stored_input": str(stored_input),
        "latest_published": latest_published.isoformat(),
        "code": code_fingerprint(),
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        **phases,
        "db_mb": round(db.stat().st_size / 2**20, 1),
    }
    # Written last: a folder without it is an interrupted build, never reused.
    (folder / "meta.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
    print(f"  built: {json.dumps(meta)}", file=sys.stderr, flush=True)
    return BuiltStore(folder, size, db, stored_input, latest_published, meta)


def store_counts(db: Path) -> dict[str, int]:
    """Articles, articles with a current analysis, articles in a story (read-only)."""
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        one = lambda sql, *args: int(conn.execute(sql, args).fetchone()[0])  # noqa: E731
        return {
            "articles": one("SELECT count(*) FROM articles"),
            "analyzed": one(
                "SELECT count(*) FROM articles a JOIN analyses n ON n.article_id = a.id"
                " WHERE n.version = ?",
                ANALYSIS_VERSION,
            ),
            "grouped": one(
                "SELECT count(*) FROM articles a JOIN story_members m ON m.article_id = a.id"
            ),
        }
    finally:
        conn.close()


def load_store(folder: Path, size: int) -> BuiltStore | None:
    """The cached store in ``folder``, brought to the current schema, or None."""
    meta_path = folder / "meta.json"
    if not meta_path.is_file():
        return None
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    db, stored_input = folder / "store.db", Path(meta["stored_input"])
    if meta.get("size") != size or not db.is_file() or not stored_input.is_file():
        return None
    # Opening it for writing applies any newer schema migration once, here, rather
    # than in every timed run, and so does building the grouping state of a store
    # grouped before that state existed; then everything is checkpointed into the .db.
    with Store(db) as store:
        open_grouping(store)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return BuiltStore(
        folder, size, db, stored_input, datetime.fromisoformat(meta["latest_published"]), meta
    )


def ensure_store(out: Path, size: int, *, rebuild: bool) -> BuiltStore:
    folder = store_folder(out, size)
    built = None if rebuild else load_store(folder, size)
    if built is not None:
        print(f"reusing the store of {size:,} articles in {folder}", file=sys.stderr)
        return built
    return build_store(folder, size)


def copy_store(built: BuiltStore, target: Path) -> Path:
    """A fresh copy of the built store (the .db file and any -wal/-shm) in ``target``."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    db = target / built.db.name
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{built.db}{suffix}")
        if source.exists():
            shutil.copyfile(source, f"{db}{suffix}")
    os.sync()  # the copy's dirty pages are written now, not during the timed run
    return db


# -- the new article ----------------------------------------------------------------


def new_article_page(published: datetime) -> str:
    """A news page for an article the store does not hold: the first PolNeAR
    development article with six or more paragraphs (title line, then paragraphs)."""
    for path in sorted(POLNEAR_DEV.glob("*.txt")):
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
        lines = [line for line in lines if line]
        if len(lines) >= 7:
            title, paragraphs = lines[0].rstrip("."), lines[1:]
            return article_page(title, paragraphs, OUTLETS[0], published, "Dana Whitfield")
    raise FileNotFoundError(f"no PolNeAR development article with 6+ paragraphs in {POLNEAR_DEV}")


# -- timing ---------------------------------------------------------------------------


@dataclass
class Run:
    seconds: float  # wall clock, as the user waits
    cpu: float  # user + system CPU seconds of the subprocess (less sensitive to load)
    code: int
    stdout: str
    stderr: str
    problem: str = ""  # why the run does not count, when it does not


@dataclass
class Case:
    name: str
    size: int | None
    runs: list[Run] = field(default_factory=list)

    def good(self) -> list[float]:
        return [r.seconds for r in self.runs if not r.problem]

    def failures(self) -> list[Run]:
        return [r for r in self.runs if r.problem]

    def median(self) -> float | None:
        good = self.good()
        return round(statistics.median(good), 3) if good else None

    def cpu_median(self) -> float | None:
        cpu = [r.cpu for r in self.runs if not r.problem]
        return round(statistics.median(cpu), 3) if cpu else None


def subprocess_env() -> dict[str, str]:
    """The user's environment, bytecode writing allowed, the timed newsweave first on
    PYTHONPATH."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    src = str(Path(newsweave.__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH", "")) if p)
    env.pop("NEWSWEAVE_DB", None)
    env.pop("NEWSWEAVE_DEBUG", None)
    return env


def prepare_interpreter(env: dict[str, str]) -> None:
    """Compile the newsweave package's bytecode, and check that the subprocess imports
    the newsweave this script does."""
    package = Path(newsweave.__file__).resolve().parent
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], env=env, check=True)
    found = subprocess.run(
        [sys.executable, "-c", "import newsweave; print(newsweave.__file__)"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    if Path(found).resolve() != Path(newsweave.__file__).resolve():
        raise RuntimeError(f"the subprocess imports {found}, not {newsweave.__file__}")


def timed(args: Sequence[str], env: dict[str, str], cwd: Path) -> Run:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "newsweave", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    run = Run(round(seconds, 3), round(cpu, 3), done.returncode, done.stdout, done.stderr)
    if done.returncode != 0:
        run.problem = f"exit {done.returncode}: {tail(done.stderr or done.stdout)}"
    return run


def tail(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= STDERR_TAIL else "…" + text[-STDERR_TAIL:]


EXPECTED = {"new": "1 new, 0 duplicate, 0 rejected", "dup": "0 new, 1 duplicate, 0 rejected"}


def ingest_run(
    built: BuiltStore, case: str, new_file: Path, work: Path, env: dict[str, str]
) -> Run:
    """One timed ingest of the case's input into a fresh copy of the built store."""
    db = copy_store(built, work / "copy")
    source = new_file if case == "new" else built.stored_input
    run = timed(["ingest", str(source), "--db", str(db)], env, work)
    if not run.problem and EXPECTED[case] not in run.stdout:
        run.problem = f"unexpected summary: {tail(run.stdout)}"
    shutil.rmtree(work / "copy", ignore_errors=True)
    return run


def size_label(size: int) -> str:
    return f"{size // 1000}k" if size % 1000 == 0 else str(size)


def measure(
    stores: Sequence[BuiltStore], runs: int, work: Path, *, warmup: bool = True
) -> tuple[Case, list[Case]]:
    """Time startup and both ingest cases for every store; runs interleave the cases."""
    env = subprocess_env()
    prepare_interpreter(env)
    work.mkdir(parents=True, exist_ok=True)
    newest = max(b.latest_published for b in stores)
    new_file = work / "new-article.html"
    new_file.write_text(new_article_page(newest + timedelta(hours=6)), encoding="utf-8")
    if warmup:  # writes the bytecode of everything ingest imports; not timed
        for case in ("new", "dup"):
            ingest_run(stores[0], case, new_file, work, env)
        timed(["--help"], env, work)
    startup = Case("startup", None)
    for _ in range(runs):
        run = timed(["--help"], env, work)
        startup.runs.append(run)
    cases: list[Case] = []
    for built in stores:
        by_name = {name: Case(name, built.size) for name in ("new", "dup")}
        for index in range(runs):
            for name, case in by_name.items():
                run = ingest_run(built, name, new_file, work, env)
                case.runs.append(run)
                print(
                    f"  {size_label(built.size)} {name} run {index + 1}/{runs}: "
                    f"{run.seconds:.3f} s{' FAILED ' + run.problem if run.problem else ''}",
                    file=sys.stderr,
                    flush=True,
                )
        cases.extend(by_name.values())
    return startup, cases


# -- report ---------------------------------------------------------------------------


def table(startup: Case, cases: Sequence[Case], stores: Sequence[BuiltStore]) -> str:
    current = code_fingerprint()
    lines = [
        "| articles | case | median s | min s | max s | median CPU s | ok runs | failures "
        "| store |",
        "|---:|---|---:|---:|---:|---:|---:|---|---|",
    ]
    built = {b.size: b for b in stores}
    for case in [startup, *cases]:
        good = case.good()
        cells = ["—"] * 3
        if good:
            cells = [f"{x:.3f}" for x in (statistics.median(good), min(good), max(good))]
        cpu = case.cpu_median()
        cells.append("—" if cpu is None else f"{cpu:.3f}")
        failed = "; ".join(r.problem for r in case.failures()) or ""
        store = ""
        if case.size is not None:
            b = built[case.size]
            store = f"{b.meta.get('db_mb', '?')} MB"
            if b.meta.get("code") != current:
                store += ", built by other code"
        size = "—" if case.size is None else f"{case.size:,}"
        lines.append(
            f"| {size} | {case.name} | {' | '.join(cells)} | {len(good)}/{len(case.runs)} "
            f"| {failed} | {store} |"
        )
    return "\n".join(lines)


def summary(
    startup: Case, cases: Sequence[Case], stores: Sequence[BuiltStore]
) -> dict[str, object]:
    result: dict[str, object] = {}
    for case in cases:
        assert case.size is not None
        median = case.median()
        if median is not None:
            result[f"{case.name}_s_{size_label(case.size)}"] = median
            result[f"{case.name}_cpu_s_{size_label(case.size)}"] = case.cpu_median()
    for name in ("new", "dup"):
        low, high = result.get(f"{name}_s_1k"), result.get(f"{name}_s_100k")
        if isinstance(low, float) and isinstance(high, float) and low > 0:
            result[f"ratio_{name}_100k_to_1k"] = round(high / low, 3)
    result["articles"] = max(b.size for b in stores)
    startup_median = startup.median()
    if startup_median is not None:
        result["startup_s"] = startup_median
    result["runs"] = max((len(c.runs) for c in cases), default=0)
    result["failures"] = sum(len(c.failures()) for c in [startup, *cases])
    current = code_fingerprint()
    result["stores_built_by_current_code"] = all(b.meta.get("code") == current for b in stores)
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--sizes",
        default=",".join(str(s) for s in DEFAULT_SIZES),
        help="store sizes in articles, comma-separated (default 1000,10000,100000)",
    )
    parser.add_argument("--runs", type=int, default=5, help="timed runs per case (default 5)")
    parser.add_argument("--out", type=Path, default=REPO / "out" / "latency")
    parser.add_argument("--rebuild", action="store_true", help="build the stores again")
    args = parser.parse_args(argv)
    sizes = sorted({int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()})
    needed = (DATA / "summaries" / "neus", DATA / "stories" / "ecbplus", POLNEAR_DEV)
    if missing := [str(p) for p in needed if not p.is_dir()]:
        print(f"development data not found: {', '.join(missing)}", file=sys.stderr)
        return 2
    out = args.out.resolve()
    stores = [ensure_store(out, size, rebuild=args.rebuild) for size in sizes]
    load_before = os.getloadavg()[0]
    startup, cases = measure(stores, args.runs, out / "runs")
    load_after = os.getloadavg()[0]
    print(table(startup, cases, stores))
    print(
        f"1-minute load average {load_before:.1f} before the timed runs, {load_after:.1f} "
        f"after, on {os.cpu_count()} CPUs (wall-clock times stretch when others run)"
    )
    result = summary(startup, cases, stores)
    result["load_avg_1m"] = [round(load_before, 2), round(load_after, 2)]
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
