"""Read-side queries reports use over many articles at once."""

from __future__ import annotations

from pathlib import Path

from newsweave.pipeline.group import group_new_articles
from newsweave.pipeline.ingest import ingest_paths
from newsweave.store.db import Store
from tests.conftest import write_footbridge_story


def test_articles_by_id_and_the_links_among_them(tmp_path: Path) -> None:
    with Store(tmp_path / "q.db") as store:
        ingest_paths(store, [str(write_footbridge_story(tmp_path / "in"))])
        group_new_articles(store)
        ids = [a.id for a in store.iter_articles()]
        wanted = [ids[3], "0" * 16, ids[0], ids[1]]
        assert [a.id for a in store.articles_by_id(wanted)] == [ids[3], ids[0], ids[1]]
        [link] = store.duplicate_links()  # the Porthmere Evening Post copies the wire
        assert store.duplicate_links_among(ids) == [link]
        # A link whose original is not among the ids asked for is not one among them.
        assert store.duplicate_links_among([link.article_id]) == []
