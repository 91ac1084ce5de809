"""Pages rendered in worker processes: the same files as rendered in one process."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from newsweave.digest import rendering
from newsweave.digest.pages import MANIFEST
from newsweave.digest.site import build_digest
from newsweave.store.db import Store
from tests.digest.conftest import Digest


def files(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_worker_processes_write_the_same_files_as_one_process(
    example_digest: Digest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here, workers = tmp_path / "here", tmp_path / "workers"
    db = tmp_path / "digest.db"
    shutil.copy(example_digest.db, db)
    with Store(db) as store:
        alone = build_digest(store, here, workers=1)

        def not_here(*_args: object) -> None:
            raise AssertionError("pages were rendered in the main process")

        # The example corpus is below the threshold: workers=2 forces the worker path,
        # and the main process must not render a page itself.
        monkeypatch.setattr(rendering, "_here", not_here)
        shared = build_digest(store, workers, workers=2)
    assert alone.written == shared.written > alone.stories + alone.storylines
    assert files(here) == files(workers)  # the manifest too
    assert (workers / MANIFEST).is_file()


def test_worker_processes_keep_the_manifest_rules(example_digest: Digest, tmp_path: Path) -> None:
    site, db = tmp_path / "site", tmp_path / "digest.db"
    shutil.copy(example_digest.db, db)
    with Store(db) as store:
        first = build_digest(store, site, workers=2)
        again = build_digest(store, site, workers=2)
        assert (again.written, again.unchanged, again.removed) == (0, first.written, 0)
        gone = next((site / "articles").glob("*.html"))
        kept = gone.read_bytes()
        gone.unlink()
        third = build_digest(store, site, workers=2)
    assert third.written == 1 and gone.read_bytes() == kept
