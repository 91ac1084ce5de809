"""The hostile-input benchmark's page mutations and outcome reading, on made-up pages."""

from __future__ import annotations

import random
import sys

import pytest

from tests.conftest import REPO, html_page

# benchmarks/ is not a package: import its modules by path.
sys.path.insert(0, str(REPO / "benchmarks"))

from hostile import MUTATIONS
from hostile_runner import ingest_counts, rejection_reasons

PAGE = html_page().encode()


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_each_mutation_changes_the_page_the_same_way_for_a_seed(name: str) -> None:
    mutate = MUTATIONS[name]
    first = mutate(random.Random(4), PAGE)
    assert first != PAGE
    assert mutate(random.Random(4), PAGE) == first


def test_mutations_do_what_they_say() -> None:
    rng = random.Random(4)
    assert PAGE.startswith(MUTATIONS["truncate"](rng, PAGE))
    assert b">" not in MUTATIONS["strip-closers"](rng, PAGE)
    assert len(MUTATIONS["giant-attribute"](rng, PAGE)) > len(PAGE) + 100_000
    assert MUTATIONS["nest-tags"](rng, PAGE).count(b"<") >= PAGE.count(b"<") + 500
    flipped = MUTATIONS["flip-bytes"](rng, PAGE)
    assert len(flipped) == len(PAGE)
    assert sum(a != b for a, b in zip(flipped, PAGE, strict=True)) <= 64


def test_outcomes_are_read_from_what_ingest_prints() -> None:
    stdout = "3 new, 1 duplicate, 2 rejected, 4 skipped (not regular files); 3 analyzed → x.db"
    assert ingest_counts(stdout) == {"new": 3, "duplicate": 1, "rejected": 2, "skipped": 4}
    assert ingest_counts("1 new, 0 duplicate, 0 rejected → x.db")["skipped"] == 0
    stderr = (
        "rejected /in/a.html: binary (contains control bytes; ...)\n"
        "skipped /in/pipe.html: a FIFO (named pipe), not a regular file\n"
        "rejected /in/w.jsonl#3: bad-json (line 4: Expecting value at column 1)\n"
    )
    assert rejection_reasons(stderr) == {"/in/a.html": "binary", "/in/w.jsonl#3": "bad-json"}
