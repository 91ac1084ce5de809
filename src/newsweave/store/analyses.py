"""Reading and writing language analyses (sentences, entities, times, quotes)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import UTC, datetime

from newsweave.records import Analysis, AnalysisFailure, Article
from newsweave.store.analysis_rows import analysis_to_json
from newsweave.store.db import Store
from newsweave.store.queries import article_from_row

PENDING_QUERY = (
    "SELECT a.* FROM (SELECT article_id FROM articles_unanalyzed"
    " UNION SELECT article_id FROM analyses WHERE version < ? OR version > ?) p"
    " CROSS JOIN articles a ON a.id = p.article_id"
    " LEFT JOIN analysis_failures f ON f.article_id = a.id"
    " WHERE a.seq > ? AND (? OR f.article_id IS NULL OR f.version != ?)"
    " ORDER BY a.seq LIMIT ?"
)


def articles_to_analyze(
    store: Store, version: str, *, retry_failed: bool = False, page: int = 256
) -> Iterator[Article]:
    """Articles with no analysis by this analyzer version (new ones, or after an upgrade).

    Articles whose analysis by this version failed are left out unless
    ``retry_failed``. Read a page at a time, so memory stays flat however many are
    pending, and writes of analyses can interleave with the reading. The pending ones
    come from the queue of articles never analyzed (kept by triggers) and the index on
    versions, so finding none costs nothing however large the store.
    """
    last_seq = 0
    while True:
        rows = store.conn.execute(
            PENDING_QUERY, (version, version, last_seq, retry_failed, version, page)
        ).fetchall()
        if not rows:
            return
        last_seq = rows[-1]["seq"]
        for row in rows:
            yield article_from_row(row)


def save_analysis(store: Store, analysis: Analysis, version: str) -> None:
    """Replace an article's analysis, its quote rows and entity rows, atomically."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    with store.transaction() as conn:
        conn.execute("DELETE FROM analysis_failures WHERE article_id = ?", (analysis.article_id,))
        conn.execute("DELETE FROM quotes WHERE article_id = ?", (analysis.article_id,))
        conn.execute("DELETE FROM entity_mentions WHERE article_id = ?", (analysis.article_id,))
        conn.execute(
            "INSERT OR REPLACE INTO analyses (article_id, version, language, data, analysed_at)"
            " VALUES (?,?,?,?,?)",
            (analysis.article_id, version, analysis.language, analysis_to_json(analysis), now),
        )
        conn.executemany(
            "INSERT INTO quotes (article_id, start, end, text, kind, speaker, speaker_name,"
            " anonymous, cue, antecedent, antecedent_start, antecedent_end)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    analysis.article_id,
                    q.start,
                    q.end,
                    q.text,
                    q.kind,
                    q.speaker,
                    q.speaker_name,
                    int(q.anonymous),
                    q.cue,
                    q.antecedent,
                    q.antecedent_span.start if q.antecedent_span else None,
                    q.antecedent_span.end if q.antecedent_span else None,
                )
                for q in analysis.quotes
            ],
        )
        labels_by_cluster: dict[str, Counter[str]] = defaultdict(Counter)
        for entity in analysis.entities:
            labels_by_cluster[entity.cluster][entity.label] += 1
        conn.executemany(
            "INSERT INTO entity_mentions (article_id, cluster, label, mentions) VALUES (?,?,?,?)",
            [
                (analysis.article_id, cluster, labels.most_common(1)[0][0], labels.total())
                for cluster, labels in labels_by_cluster.items()
            ],
        )


def save_analysis_failure(store: Store, failure: AnalysisFailure, version: str) -> None:
    """Record that an article's analysis by ``version`` failed, and why; an analysis
    stored before (by an older version) stays until a new one replaces it."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    with store.transaction() as conn:
        conn.execute(
            "INSERT OR REPLACE INTO analysis_failures"
            " (article_id, version, reason, detail, failed_at) VALUES (?,?,?,?,?)",
            (failure.article_id, version, failure.reason, failure.detail, now),
        )
