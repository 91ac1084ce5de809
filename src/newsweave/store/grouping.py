"""The story grouper's state in the store: one new article reads only the rows it
touches (the frequencies of its terms, the postings of its query terms, its candidates
and the stories they belong to) through indexed queries, and writes each change as it
is made, inside the transaction that stores the article's other grouping rows.

What is read is kept for the run: rows that never change once written (an article's
features, its edges to earlier articles, term ids) as read, the rest (frequencies,
later edges, stories, copies) updated with every change this process writes, the
one writer of these tables while it groups.
"""

from __future__ import annotations

import bisect
import json
import math
import sqlite3
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

import numpy as np

from newsweave.rows import iso
from newsweave.stories.features import (
    ENTITY,
    MONTH_MARK,
    WEEKDAY_MARK,
    YEAR_MARK,
    StoryFeatures,
    date_mark_kind,
)
from newsweave.stories.grouper.state import ArticleState, DateMarks, GroupingState, StoryState
from newsweave.stories.index import FloatArray, IdArray, SparseCounts

# Bound parameters per IN (...) query: well under SQLite's limit of 32,766.
CHUNK = 500


class StoredGroupingState(GroupingState):
    def __init__(
        self, conn: sqlite3.Connection, *, entity_boost: float, postings_cap: int, neighbours: int
    ) -> None:
        self.conn = conn
        self.entity_boost = entity_boost
        self.postings_cap = postings_cap
        self.neighbours = neighbours
        self._n_docs = int(_meta(conn, "documents"))
        last_term = conn.execute("SELECT max(id) FROM grouping_terms").fetchone()[0]
        self._next_term = 0 if last_term is None else int(last_term) + 1
        last = conn.execute("SELECT max(seq) FROM grouping_articles").fetchone()[0]
        self._size = 0 if last is None else int(last) + 1
        self._term_id: dict[str, int] = {}
        self._key: dict[int, str] = {}
        self._df: dict[int, int] = {}
        self._articles: dict[int, ArticleState] = {}
        self._neighbour_ids: dict[int, tuple[tuple[str, float], ...]] = {}
        self._number_of: dict[str, int] = {}
        self._article_id: dict[int, str] = {}
        self._earlier: dict[int, dict[int, float]] = {}
        self._later: dict[int, list[tuple[float, int]]] = {}
        self._story_of: dict[int, str] = {}
        self._copy_of: dict[int, int | None] = {}
        self._spans: dict[int, tuple[datetime, datetime] | None] = {}
        self._stories: dict[str, StoryState] = {}

    # ---- the TF-IDF space ------------------------------------------------------------

    def encode(self, counts: Sequence[tuple[str, int]]) -> SparseCounts:
        self._load_terms([key for key, _ in counts])
        new = []
        for key, _ in counts:
            if key not in self._term_id:
                # Ids in order of first appearance, as the in-memory FeatureSpace gives them.
                self._remember_term(key, self._next_term, 0)
                new.append((self._next_term, key, 0))
                self._next_term += 1
        self.conn.executemany("INSERT INTO grouping_terms (id, key, df) VALUES (?,?,?)", new)
        ids = np.fromiter((self._term_id[k] for k, _ in counts), dtype=np.int64, count=len(counts))
        tf = np.fromiter(
            (1.0 + math.log(c) for _, c in counts), dtype=np.float64, count=len(counts)
        )
        entity = np.fromiter(
            (k.startswith(ENTITY) for k, _ in counts), dtype=bool, count=len(counts)
        )
        tf[entity] *= self.entity_boost
        order = np.argsort(ids)
        return SparseCounts(ids[order], tf[order])

    def count(self, sparse: SparseCounts, sign: int) -> None:
        ids = sparse.ids.tolist()
        for i in ids:
            self._df[i] += sign
        self._n_docs += sign
        self.conn.executemany(
            "UPDATE grouping_terms SET df = df + ? WHERE id = ?", [(sign, i) for i in ids]
        )
        self.conn.execute(
            "UPDATE grouping_meta SET value = ? WHERE name = 'documents'", (self._n_docs,)
        )

    def idf(self, ids: IdArray) -> FloatArray:
        df = np.fromiter((self._df[i] for i in ids.tolist()), dtype=np.int64, count=len(ids))
        result: FloatArray = np.log((self._n_docs + 1.0) / (df + 1.0)) + 1.0
        return result

    def date_marks(self, ids: IdArray) -> DateMarks:
        kinds: dict[int, list[int]] = {YEAR_MARK: [], WEEKDAY_MARK: [], MONTH_MARK: []}
        for i in ids.tolist():
            kind = date_mark_kind(self._key[i])
            if kind:
                kinds[kind].append(i)
        return DateMarks(*(frozenset(kinds[k]) for k in (YEAR_MARK, WEEKDAY_MARK, MONTH_MARK)))

    def key_of(self, feature_id: int) -> str:
        return self._key[feature_id]

    def _load_terms(self, keys: Iterable[str]) -> None:
        missing = [k for k in keys if k not in self._term_id]
        for chunk in _chunks(missing):
            marks = ",".join("?" * len(chunk))
            for term_id, key, df in self.conn.execute(
                f"SELECT id, key, df FROM grouping_terms WHERE key IN ({marks})", chunk
            ):
                self._remember_term(str(key), int(term_id), int(df))

    def _remember_term(self, key: str, term_id: int, df: int) -> None:
        self._term_id[key] = term_id
        self._key[term_id] = key
        self._df[term_id] = df

    # ---- the inverted index ----------------------------------------------------------

    def recent_postings(self, feature_ids: Sequence[int]) -> list[IdArray]:
        limit = self.postings_cap if self.postings_cap > 0 else -1
        found = []
        for feature in feature_ids:
            rows = self.conn.execute(
                "SELECT seq FROM grouping_postings WHERE term = ? ORDER BY seq DESC LIMIT ?",
                (feature, limit),
            ).fetchall()
            found.append(np.asarray([r[0] for r in reversed(rows)], dtype=np.int64))
        return found

    def index(self, number: int, keys: Sequence[str]) -> None:
        self.conn.executemany(
            "INSERT INTO grouping_postings (term, seq) VALUES (?,?)",
            [(self._term_id[key], number) for key in keys],
        )

    # ---- articles, the neighbour graph and copies ------------------------------------

    def __len__(self) -> int:
        return self._size

    def number_of(self, article_id: str) -> int | None:
        found = self._number_of.get(article_id)
        if found is None:
            row = self.conn.execute(
                "SELECT seq FROM grouping_articles WHERE article_id = ?", (article_id,)
            ).fetchone()
            if row is None:
                return None
            found = self._number_of[article_id] = int(row[0])
            self._article_id[found] = article_id
        return found

    def article(self, number: int) -> ArticleState:
        found = self._articles.get(number)
        if found is None:
            (article_id,) = self.article_ids([number])
            row = self.conn.execute(
                "SELECT data FROM story_features WHERE article_id = ?", (article_id,)
            ).fetchone()
            record = StoryFeatures.from_row(json.loads(row[0]))
            sparse = self.encode(record.counts)
            found = ArticleState.from_features(record, sparse, self.date_marks(sparse.ids))
            self._articles[number] = found
            self._neighbour_ids[number] = record.neighbours
        return found

    def article_ids(self, numbers: Sequence[int]) -> list[str]:
        missing = [n for n in numbers if n not in self._article_id]
        for chunk in _chunks(missing):
            marks = ",".join("?" * len(chunk))
            for seq, article_id in self.conn.execute(
                f"SELECT seq, article_id FROM grouping_articles WHERE seq IN ({marks})", chunk
            ):
                self._article_id[int(seq)] = str(article_id)
                self._number_of[str(article_id)] = int(seq)
        return [self._article_id[n] for n in numbers]

    def earlier(self, number: int) -> Mapping[int, float]:
        found = self._earlier.get(number)
        if found is None:
            self.article(number)
            found = {}
            for article_id, sim in self._neighbour_ids.get(number, ()):
                other = self.number_of(article_id)
                if other is not None and other != number:
                    found[other] = sim
            self._earlier[number] = found
        return found

    def later(self, number: int) -> Sequence[tuple[float, int]]:
        found = self._later.get(number)
        if found is None:
            rows = self.conn.execute(
                "SELECT sim, seq FROM grouping_edges WHERE target = ?"
                " ORDER BY sim DESC, seq DESC LIMIT ?",
                (number, self.neighbours),
            )
            found = self._later[number] = [(-float(sim), -int(seq)) for sim, seq in rows]
        return found

    def append(self, article: ArticleState, earlier: Mapping[int, float]) -> int:
        number = self._size
        self._size += 1
        self.conn.execute(
            "INSERT INTO grouping_articles (seq, article_id) VALUES (?,?)",
            (number, article.article_id),
        )
        self._articles[number] = article
        self._number_of[article.article_id] = number
        self._article_id[number] = article.article_id
        self._earlier[number] = dict(earlier)
        self._later[number] = []
        self._copy_of[number] = None
        self._spans[number] = None
        for other, sim in earlier.items():
            later = self._later.get(other)
            if later is not None:
                bisect.insort(later, (-sim, -number))  # strongest first, ties: most recent
                del later[self.neighbours :]
        self.conn.executemany(
            "INSERT INTO grouping_edges (target, sim, seq) VALUES (?,?,?)",
            [(other, sim, number) for other, sim in earlier.items()],
        )
        return number

    def copy_of(self, number: int) -> int | None:
        if number not in self._copy_of:
            self._load_copy_rows(number)
        return self._copy_of[number]

    def copies(self, number: int) -> Sequence[int]:
        rows = self.conn.execute(
            "SELECT seq FROM grouping_articles WHERE copy_of = ? ORDER BY seq", (number,)
        )
        return [int(r[0]) for r in rows]

    def copy_span(self, number: int) -> tuple[datetime, datetime] | None:
        if number not in self._spans:
            self._load_copy_rows(number)
        return self._spans[number]

    def add_copy(self, number: int, original: int, span: tuple[datetime, datetime] | None) -> None:
        self._copy_of[number] = original
        self.conn.execute(
            "UPDATE grouping_articles SET copy_of = ? WHERE seq = ?", (original, number)
        )
        if span is not None:
            self._spans[original] = span
            self.conn.execute(
                "UPDATE grouping_articles SET span_first = ?, span_last = ? WHERE seq = ?",
                (span[0].isoformat(), span[1].isoformat(), original),
            )

    def _load_copy_rows(self, number: int) -> None:
        row = self.conn.execute(
            "SELECT copy_of, span_first, span_last FROM grouping_articles WHERE seq = ?",
            (number,),
        ).fetchone()
        self._copy_of[number] = None if row[0] is None else int(row[0])
        self._spans[number] = (
            None
            if row[1] is None
            else (datetime.fromisoformat(row[1]), datetime.fromisoformat(row[2]))
        )

    # ---- stories -----------------------------------------------------------------------

    def story_of(self, number: int) -> str:
        found = self._story_of.get(number)
        if found is None:
            row = self.conn.execute(
                "SELECT story_id FROM grouping_articles WHERE seq = ?", (number,)
            ).fetchone()
            found = self._story_of[number] = str(row[0])
        return found

    def story(self, story_id: str) -> StoryState | None:
        found = self._stories.get(story_id)
        if found is not None:
            return found
        row = self.conn.execute(
            "SELECT start, end, outlets FROM grouping_stories WHERE story_id = ?", (story_id,)
        ).fetchone()
        if row is None:
            return None
        found = StoryState(
            outlets=Counter(json.loads(row[2])), start=_date(row[0]), end=_date(row[1])
        )
        for seq, copy_of in self.conn.execute(
            "SELECT seq, copy_of FROM grouping_articles WHERE story_id = ? ORDER BY seq",
            (story_id,),
        ):
            found.members.append(int(seq))
            if copy_of is None:
                found.nodes.append(int(seq))
            self._story_of[int(seq)] = story_id
        self._stories[story_id] = found
        return found

    def story_ids(self) -> list[str]:
        rows = self.conn.execute("SELECT story_id FROM grouping_stories ORDER BY story_id")
        return [str(r[0]) for r in rows]

    def _set_story_of(self, numbers: Sequence[int], story_id: str) -> None:
        for number in numbers:
            self._story_of[number] = story_id
        self.conn.executemany(
            "UPDATE grouping_articles SET story_id = ? WHERE seq = ?",
            [(story_id, number) for number in numbers],
        )

    def _saved(self, story_id: str, story: StoryState) -> None:
        self._stories[story_id] = story
        self.conn.execute(
            "INSERT OR REPLACE INTO grouping_stories (story_id, start, end, outlets)"
            " VALUES (?,?,?,?)",
            (story_id, iso(story.start), iso(story.end), json.dumps(dict(story.outlets))),
        )

    def _dropped(self, story_id: str) -> None:
        del self._stories[story_id]
        self.conn.execute("DELETE FROM grouping_stories WHERE story_id = ?", (story_id,))


def state_built(conn: sqlite3.Connection) -> bool:
    """Whether the state tables hold the store's grouping: filled (see migration 4),
    and up to date with the last story feature row, which a newsweave from before them
    could have written without them (the last row written has the highest seq)."""
    if not _meta(conn, "built"):
        return False
    last_row = conn.execute("SELECT seq FROM story_features ORDER BY rowid DESC LIMIT 1")
    last_feature = last_row.fetchone()
    last_state = conn.execute("SELECT max(seq) FROM grouping_articles").fetchone()[0]
    if last_feature is None or last_state is None:
        return last_feature is None and last_state is None
    return int(last_feature[0]) == int(last_state)


def mark_state_built(conn: sqlite3.Connection) -> None:
    conn.execute("UPDATE grouping_meta SET value = 1 WHERE name = 'built'")


STATE_TABLES = (
    "grouping_terms",
    "grouping_postings",
    "grouping_edges",
    "grouping_articles",
    "grouping_stories",
    "dedup_bands",
    "dedup_signatures",
    "dedup_hashes",
)


def clear_state(conn: sqlite3.Connection) -> None:
    """Empty the state tables (their rows are rebuilt or regrouped next)."""
    for table in STATE_TABLES:
        conn.execute(f"DELETE FROM {table}")
    conn.execute("UPDATE grouping_meta SET value = 0 WHERE name = 'documents'")


def _meta(conn: sqlite3.Connection, name: str) -> int:
    row = conn.execute("SELECT value FROM grouping_meta WHERE name = ?", (name,)).fetchone()
    return 0 if row is None else int(row[0])


def _date(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def _chunks(items: list[str] | list[int]) -> Iterable[list[str] | list[int]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]
