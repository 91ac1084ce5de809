"""No input can take the store down: each hostile input (generated here, at run time)
goes through ``newsweave`` in a process of its own and ends in a clear rejection, a
stored article or a one-line user error, within its time limit and under 2 GB; then an
ordinary article ingested into the same store is analysed and grouped.

The cases are shared with ``benchmarks/hostile.py``; the unit tests of each fix (in
``tests/ingest``, ``tests/pipeline``, ``tests/cli``, ...) say why each outcome is right.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, html_page

# benchmarks/ is not a package: import the shared case and runner modules by path.
sys.path.insert(0, str(REPO / "benchmarks"))

from hostile_cases import CASES, HostileCase
from hostile_runner import (
    MEMORY_LIMIT_MIB,
    Running,
    command_timeout,
    fill_store,
    follow_up_problems,
    ingest_counts,
    run_case,
    run_measured,
    unmet,
)

# Short enough to keep the suite quick, long enough for every ordinary step.
TIME_LIMIT_S = 10.0
ORDINARY_TITLE = "Marren flood barrier fails at Holloway Cross"  # html_page()'s


@pytest.fixture(scope="module")
def filled_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("filled") / "store.db"
    filled = fill_store(store, time_limit_s=TIME_LIMIT_S)
    assert filled.exit_code == 0, filled.stderr
    return store


def _param(case: HostileCase) -> object:
    return pytest.param(case, id=case.name, marks=[pytest.mark.slow] if case.slow else [])


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs a Unix system")
@pytest.mark.timeout(2 * command_timeout(TIME_LIMIT_S) + 60)
@pytest.mark.parametrize("case", [_param(case) for case in CASES])
def test_hostile_input_ends_clearly_within_limits_and_the_store_goes_on(
    case: HostileCase, tmp_path: Path, filled_store: Path
) -> None:
    run = run_case(case, tmp_path / "case", filled_store, time_limit_s=TIME_LIMIT_S)
    for measured in run.measured:
        assert not measured.hung, f"{measured.args}: killed after {measured.seconds:.0f} s"
        assert measured.seconds < command_timeout(TIME_LIMIT_S)
        assert not measured.crashed, measured.stderr
        assert measured.exit_code in case.expected.exit_codes, measured.stderr
        assert 0 < measured.peak_mib < MEMORY_LIMIT_MIB
    assert unmet(run) == []

    ordinary = tmp_path / "ordinary.html"
    ordinary.write_text(html_page(), encoding="utf-8")
    store = run.invocation.store
    after = run_measured(
        ("ingest", str(ordinary), "--db", str(store)), tmp_path / "logs", time_limit_s=TIME_LIMIT_S
    )
    assert after.exit_code == 0, after.stderr
    assert ingest_counts(after.stdout)["new"] == 1
    # Only the new article is analysed and grouped: nothing the case left is redone.
    assert re.search(r"(?<!\d)1 analyzed; 1 grouped", after.stdout), after.stdout
    assert follow_up_problems(store, ORDINARY_TITLE) == []


def _case(name: str) -> HostileCase:
    return next(case for case in CASES if case.name == name)


@pytest.mark.timeout(300)
def test_each_command_gets_its_own_peak_memory(tmp_path: Path, filled_store: Path) -> None:
    # /dev/zero as stdin is read up to the 200 MB input bound before it is rejected; a
    # user error after it peaks at what Python and click take. Were the peak the largest
    # of every command the test process ran, the second would read as the first.
    big = run_case(_case("dev-zero-as-stdin"), tmp_path / "big", filled_store, time_limit_s=10)
    small = run_case(
        _case("articles-not-sqlite"), tmp_path / "small", filled_store, time_limit_s=10
    )
    assert 200 < big.peak_mib < 600
    assert 0 < small.peak_mib < 100


@pytest.mark.timeout(120)
def test_a_command_that_never_ends_is_killed_and_counted_as_hung(tmp_path: Path) -> None:
    # A FIFO as stdin that no one writes to: the read blocks for ever.
    fifo = tmp_path / "silent"
    os.mkfifo(fifo)
    keep_open = os.open(fifo, os.O_RDWR)  # a writer that never writes: no end of file
    try:
        running = Running(
            ("ingest", "-", "--db", str(tmp_path / "store.db")), tmp_path, timeout_s=5, stdin=fifo
        )
        measured = running.finish()
    finally:
        os.close(keep_open)
    assert measured.hung and not measured.crashed
    assert 5 <= measured.seconds < 30
