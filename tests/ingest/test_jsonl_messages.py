"""Rejection details of malformed JSONL lines read as plain English."""

from __future__ import annotations

import pytest

from newsweave.ingest.files import read_bytes
from newsweave.records import Rejection


@pytest.mark.parametrize(
    ("line", "detail"),
    [
        # json says "Unterminated string starting at": the column completes it, once
        ('{"title": "cut off', "line 1: Unterminated string starting at column 11"),
        # a message that does not end in "at" gets " at column N" added
        ('{"title" "x"}', "line 1: Expecting ':' delimiter at column 10"),
    ],
)
def test_bad_json_detail_names_the_column_once(line: str, detail: str) -> None:
    found = list(read_bytes(line.encode(), "feed.jsonl"))
    assert [(r.reason, r.detail) for r in found if isinstance(r, Rejection)] == [
        ("bad-json", detail)
    ]
