"""Run ``newsweave`` commands on hostile inputs with their time and peak memory measured,
and check what came of them: the shared half of ``benchmarks/hostile.py`` and
``tests/hostile/test_hostile_inputs.py`` (the cases are in ``hostile_cases``).

Each command runs in a child of a small wrapper process that waits for it and reports
``getrusage(RUSAGE_CHILDREN)``: ru_maxrss is the largest of every child a process
ever waited for, so only a wrapper of its own gives one command's peak.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from hostile_cases import Expected, HostileCase, Invocation
from hostile_text import news_page

SRC = Path(__file__).resolve().parents[1] / "src"
# Peak resident memory any one command may reach.
MEMORY_LIMIT_MIB = 2000
# Address space a child may map: a runaway allocation fails fast (a MemoryError, so an
# internal error) instead of swamping a shared machine. spaCy maps some 500 MB.
ADDRESS_SPACE_CAP = 6 << 30
# Seconds a command may take besides its documents' time limits: starting Python,
# loading spaCy, reading and writing the store, on a busy two-core machine.
STARTUP_ALLOWANCE_S = 90.0
# Steps a document goes through under the time limit: extraction, analysis, grouping.
STEPS = 3

# Runs one command with a wall-clock timeout (the whole process group killed when it
# runs out), then prints its exit code, time and peak memory as JSON.
_WRAPPER = """
import json, os, resource, signal, subprocess, sys, time
spec = json.loads(sys.argv[1])
def cap():
    resource.setrlimit(resource.RLIMIT_AS, (spec["cap"], spec["cap"]))
stdin = open(spec["stdin"], "rb") if spec["stdin"] else subprocess.DEVNULL
with open(spec["stdout"], "wb") as out, open(spec["stderr"], "wb") as err:
    started = time.monotonic()
    child = subprocess.Popen(spec["argv"], stdin=stdin, stdout=out, stderr=err,
                             start_new_session=True, preexec_fn=cap)
    try:
        code = child.wait(timeout=spec["timeout"])
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGKILL)
        child.wait()
        code = None
    seconds = time.monotonic() - started
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"code": code, "seconds": seconds, "peak_kib": peak}))
"""

# The ``newsweave`` command itself. Root ignores file modes, so for a read-only store
# (named by the variable) SQLite is made to open it read-only, as for any other user.
_NEWSWEAVE = """
import os, sqlite3, sys
read_only = os.environ.get("NEWSWEAVE_HOSTILE_READ_ONLY")
if read_only:
    from pathlib import Path
    connect = sqlite3.connect
    def connect_read_only(path, *args, **kwargs):
        if str(path) == read_only:
            kwargs["uri"] = True
            return connect(Path(read_only).resolve().as_uri() + "?mode=ro", *args, **kwargs)
        return connect(path, *args, **kwargs)
    sqlite3.connect = connect_read_only
from newsweave.cli import main
main(sys.argv[1:])
"""


@dataclass(frozen=True, slots=True)
class Measured:
    """One finished command: exit code (None when killed at its timeout), wall time,
    peak resident memory, and what it printed."""

    args: tuple[str, ...]
    exit_code: int | None
    seconds: float
    peak_mib: float
    stdout: str
    stderr: str

    @property
    def hung(self) -> bool:
        return self.exit_code is None

    @property
    def crashed(self) -> bool:
        """Exit 3 or an "internal error": a bug, whatever the input."""
        return self.exit_code == 3 or "internal error" in self.stderr or "Traceback" in self.stderr


class Running:
    """A command started in its measuring wrapper; ``finish()`` waits for it."""

    def __init__(
        self,
        args: tuple[str, ...],
        folder: Path,
        *,
        timeout_s: float,
        stdin: Path | None = None,
        read_only: Path | None = None,
    ) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.args = args
        self.stdout = folder / f"out-{os.getpid()}-{id(self)}.txt"
        self.stderr = self.stdout.with_suffix(".err")
        spec = {
            "argv": [sys.executable, "-c", _NEWSWEAVE, *args],
            "stdin": str(stdin) if stdin else None,
            "stdout": str(self.stdout),
            "stderr": str(self.stderr),
            "timeout": timeout_s,
            "cap": ADDRESS_SPACE_CAP,
        }
        env = {**os.environ, "PYTHONPATH": str(SRC)}
        env.pop("NEWSWEAVE_DEBUG", None)
        if read_only is not None and os.geteuid() == 0:
            env["NEWSWEAVE_HOSTILE_READ_ONLY"] = str(read_only)
        self.timeout_s = timeout_s
        self.wrapper = subprocess.Popen(
            [sys.executable, "-c", _WRAPPER, json.dumps(spec)],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )

    def finish(self) -> Measured:
        # The wrapper kills its command at the timeout; give it time to report.
        report, _ = self.wrapper.communicate(timeout=self.timeout_s + 60)
        figures = json.loads(report.strip().splitlines()[-1])
        return Measured(
            self.args,
            figures["code"],
            figures["seconds"],
            figures["peak_kib"] / 1024,
            self.stdout.read_text(errors="replace"),
            self.stderr.read_text(errors="replace"),
        )


def command_timeout(time_limit_s: float, documents: int = 1) -> float:
    return STARTUP_ALLOWANCE_S + STEPS * time_limit_s * documents


def limited(args: tuple[str, ...], time_limit_s: float) -> tuple[str, ...]:
    """``args`` with the per-document time limit, for the commands that take one."""
    if args and args[0] in ("ingest", "analyze"):
        return (*args, "--time-limit", f"{time_limit_s:g}")
    return args


def run_measured(
    args: tuple[str, ...],
    folder: Path,
    *,
    time_limit_s: float,
    documents: int = 1,
    stdin: Path | None = None,
) -> Measured:
    return Running(
        limited(args, time_limit_s),
        folder,
        timeout_s=command_timeout(time_limit_s, documents),
        stdin=stdin,
    ).finish()


@dataclass(frozen=True, slots=True)
class CaseRun:
    case: HostileCase
    invocation: Invocation
    measured: tuple[Measured, ...]

    @property
    def seconds(self) -> float:
        return max(m.seconds for m in self.measured)

    @property
    def peak_mib(self) -> float:
        return max(m.peak_mib for m in self.measured)


def run_case(case: HostileCase, folder: Path, filled: Path, *, time_limit_s: float) -> CaseRun:
    """Build the case's inputs in ``folder`` and run its commands (at once, when
    several), each measured."""
    folder.mkdir(parents=True, exist_ok=True)
    invocation = case.build(folder, filled)
    if invocation.read_only:
        invocation.store.chmod(0o444)
    try:
        running = [
            Running(
                limited(args, time_limit_s),
                folder / "logs",
                timeout_s=command_timeout(time_limit_s),
                stdin=invocation.stdin,
                read_only=invocation.store if invocation.read_only else None,
            )
            for args in invocation.commands
        ]
        measured = tuple(run.finish() for run in running)
    finally:
        if invocation.read_only:
            invocation.store.chmod(0o644)
    return CaseRun(case, invocation, measured)


_SUMMARY = re.compile(r"(\d+) new, (\d+) duplicate, (\d+) rejected(?:, (\d+) skipped)?")
_REJECTED = re.compile(r"^rejected (.+?): ([a-z0-9-]+) \(", re.M)


def ingest_counts(stdout: str) -> dict[str, int]:
    """The counts an ingest's summary line gives (new, duplicate, rejected, skipped)."""
    found = _SUMMARY.search(stdout)
    if found is None:
        return {}
    keys = ("new", "duplicate", "rejected", "skipped")
    return {key: int(value or 0) for key, value in zip(keys, found.groups(), strict=True)}


def rejection_reasons(stderr: str) -> dict[str, str]:
    """Reason of each rejected source, from an ingest's stderr."""
    return {source: reason for source, reason in _REJECTED.findall(stderr)}


def stored_titles(store: Path) -> list[str]:
    from newsweave.store.db import Store

    if not store.is_file():
        return []
    with Store(store, readonly=True) as reader:
        return [article.title or "" for article in reader.iter_articles()]


def unmet(run: CaseRun) -> list[str]:
    """What the case expected and did not get (nothing: an empty list)."""
    expected: Expected = run.case.expected
    problems = []
    for m in run.measured:
        if m.hung:
            problems.append(f"{' '.join(m.args[:2])}: still running after its timeout")
        elif m.exit_code not in expected.exit_codes:
            problems.append(f"exit {m.exit_code}, expected {sorted(expected.exit_codes)}")
        if m.crashed:
            problems.append(f"internal error: {m.stderr.strip()[-300:]}")
        if m.peak_mib >= MEMORY_LIMIT_MIB:
            problems.append(f"peak memory {m.peak_mib:.0f} MiB")
    stderr = "".join(m.stderr for m in run.measured)
    reported = set(rejection_reasons(stderr).values())
    problems += [f"no {reason} rejection" for reason in expected.reasons if reason not in reported]
    unexpected = reported - {*expected.reasons, *expected.may_reject}
    problems += [f"unexpected {reason} rejection" for reason in sorted(unexpected)]
    skipped = sum(ingest_counts(m.stdout).get("skipped", 0) for m in run.measured)
    if skipped != expected.skipped:
        problems.append(f"{skipped} skipped, expected {expected.skipped}")
    if expected.message is not None:
        lines = stderr.strip().splitlines()
        if len(lines) != 1 or expected.message not in stderr:
            problems.append(f"not the one-line error {expected.message!r}: {stderr[-300:]!r}")
    titles = stored_titles(run.invocation.store)
    if expected.articles is not None and len(titles) != expected.articles:
        problems.append(f"{len(titles)} articles stored, expected {expected.articles}")
    if expected.title is not None and expected.title not in titles:
        problems.append(f"no article titled {expected.title!r} (stored: {titles})")
    return problems


def outcome(run: CaseRun) -> str:
    """A few words on what came of a case, for a table."""
    if any(m.hung for m in run.measured):
        return "hang"
    if any(m.crashed for m in run.measured):
        return "crash"
    codes = sorted({m.exit_code for m in run.measured if m.exit_code is not None})
    if codes == [2]:
        return "user error"
    reasons = sorted(set(rejection_reasons("".join(m.stderr for m in run.measured)).values()))
    counts = [ingest_counts(m.stdout) for m in run.measured]
    parts = [f"{sum(c.get('new', 0) for c in counts)} stored"]
    parts += [f"rejected {', '.join(reasons)}"] if reasons else []
    skipped = sum(c.get("skipped", 0) for c in counts)
    parts += [f"{skipped} skipped"] if skipped else []
    return "; ".join(parts)


FOLLOW_UP_TITLE = "Tollen harbour reopens after the ferry grounding"


def follow_up_page() -> str:
    """The ordinary article ingested after each case (in no case's inputs)."""
    return news_page(FOLLOW_UP_TITLE, site="Wendmoor Weekly")


def follow_up_problems(store: Path, title: str) -> list[str]:
    """What is wrong with the ordinary article ``title`` just ingested into ``store``:
    it must be stored, analysed and grouped into a story."""
    from newsweave.store.db import Store

    with Store(store, readonly=True) as reader:
        found = [a for a in reader.iter_articles() if a.title == title]
        if not found:
            return [f"{title!r} not stored"]
        problems = []
        if reader.get_analysis(found[0]) is None:
            problems.append(f"{title!r} not analysed")
        if not any(found[0].id in story.article_ids for story in reader.iter_stories()):
            problems.append(f"{title!r} in no story")
        problems += [f"integrity: {p}" for p in reader.integrity_problems()]
    return problems


def fill_store(store: Path, *, time_limit_s: float) -> Measured:
    """A store holding one ordinary article, for the cases that need one to copy."""
    page = store.parent / "filler.html"
    page.write_text(news_page(), encoding="utf-8")
    return run_measured(
        ("ingest", str(page), "--db", str(store)), store.parent / "logs", time_limit_s=time_limit_s
    )


def elapsed_since(started: float) -> float:
    return time.monotonic() - started
