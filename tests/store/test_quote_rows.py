"""Quote rows carry the antecedent a pronoun speaker was resolved to, through the
store's quote table and the analysis JSON alike."""

from __future__ import annotations

import json
from pathlib import Path

from newsweave.pipeline.analyze import analyze_new_articles
from newsweave.pipeline.ingest import ingest_paths
from newsweave.store.db import Store

TEXT = (
    'The ferry operator\'s duty manager said the crossing was "closed for the night".\n\n'
    '"No boat will leave before the wind drops," he said.'
)


def test_antecedent_is_stored_and_read_back(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    line = {
        "url": "https://example.test/ferry",
        "title": "Ferry crossing closed",
        "outlet": "The Quay Gazette",
        "published": "2025-02-01",
        "text": TEXT,
    }
    feed.write_text(json.dumps(line) + "\n", encoding="utf-8")
    with Store(tmp_path / "s.db") as store:
        ingest_paths(store, [str(feed)])
        analyze_new_articles(store)
        rows = list(store.iter_quote_rows())
        article = next(store.iter_articles())
        analysis = store.get_analysis(article)
    linked = [r for r in rows if r["speaker"] == "he"]
    assert len(linked) == 1
    row = linked[0]
    assert row["speaker_name"] is None and row["anonymous"] is True
    assert row["antecedent"] == "The ferry operator's duty manager"
    assert article.text[row["antecedent_start"] : row["antecedent_end"]] == row["antecedent"]
    assert analysis is not None
    (quote,) = [q for q in analysis.quotes if q.speaker == "he"]
    assert quote.antecedent == row["antecedent"]
    assert quote.antecedent_span is not None
    assert quote.antecedent_span.start == row["antecedent_start"]
