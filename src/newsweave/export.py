"""Exports of stored records: JSONL (one object a line), CSV, Parquet."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from newsweave.errors import NewsweaveError
from newsweave.rows import (
    ARTICLE_FIELDS,
    QUOTE_FIELDS,
    STORY_FIELDS,
    STORYLINE_FIELDS,
    article_row,
    story_row,
    storyline_row,
)
from newsweave.store.queries import StoreReader

EXPORT_FORMATS = ("jsonl", "csv", "parquet")


def export_articles(store: StoreReader, fmt: str, output: str | None) -> int:
    rows = (article_row(a) for a in store.iter_articles())
    return write_rows(rows, ARTICLE_FIELDS, fmt, output)


def export_quotes(store: StoreReader, fmt: str, output: str | None) -> int:
    return write_rows(store.iter_quote_rows(), QUOTE_FIELDS, fmt, output)


def export_stories(store: StoreReader, fmt: str, output: str | None) -> int:
    return write_rows((story_row(s) for s in store.iter_stories()), STORY_FIELDS, fmt, output)


def export_storylines(store: StoreReader, fmt: str, output: str | None) -> int:
    rows = (storyline_row(s) for s in store.iter_storylines())
    return write_rows(rows, STORYLINE_FIELDS, fmt, output)


def write_rows(
    rows: Iterable[dict[str, Any]], fields: tuple[str, ...], fmt: str, output: str | None
) -> int:
    """Write dict rows in one of EXPORT_FORMATS to a file, or stdout when output is None."""
    if output is not None:
        check_output_path(output)
    if fmt == "parquet":
        if output is None:
            raise NewsweaveError("Parquet is binary: give --output FILE")
        return _write_parquet(rows, fields, output)
    count = 0
    with _open_text(output) as stream:
        if fmt == "csv":
            writer = csv.DictWriter(stream, fieldnames=fields, extrasaction="ignore")
            writer.writeheader()
            for row in rows:
                writer.writerow({k: _csv_value(v) for k, v in row.items()})
                count += 1
        elif fmt == "jsonl":
            for row in rows:
                stream.write(json.dumps(row, ensure_ascii=False) + "\n")
                count += 1
        else:
            raise NewsweaveError(f"unknown export format {fmt!r} (one of {EXPORT_FORMATS})")
    return count


def check_output_path(output: str) -> None:
    """Refuse, with what to do, an output path that cannot be written as a file."""
    path = Path(output)
    if path.is_dir():
        raise NewsweaveError(f"--output {output} is a folder: give a file name in it")
    if not path.parent.is_dir():
        raise NewsweaveError(
            f"--output {output}: folder {path.parent} does not exist; create it first"
        )


def _csv_value(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else value


def _write_parquet(rows: Iterable[dict[str, Any]], fields: tuple[str, ...], output: str) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pylist([{k: row.get(k) for k in fields} for row in rows])
    try:
        pq.write_table(table, output)
    except OSError as exc:
        raise NewsweaveError(f"cannot write --output {output}: {exc.strerror or exc}") from exc
    return int(table.num_rows)


@contextmanager
def _open_text(output: str | None) -> Iterator[IO[str]]:
    if output is None:
        yield sys.stdout
        return
    try:
        stream = open(output, "w", encoding="utf-8", newline="")  # noqa: SIM115
    except OSError as exc:
        raise NewsweaveError(f"cannot write --output {output}: {exc.strerror}") from exc
    with stream:
        yield stream
