"""The store's read side for subjects: stories and the storylines above them, by id or
id prefix (part of :class:`~newsweave.store.queries.StoreReader`)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import datetime

from newsweave.errors import AmbiguousId, BadQuery, UnknownId
from newsweave.records import Story, Storyline
from newsweave.store.migrations import has_table


class SubjectQueries:
    conn: sqlite3.Connection

    def count_stories(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM stories").fetchone()[0])

    def iter_stories(self) -> Iterator[Story]:
        """Stories, the largest and latest first, with their member article ids."""
        rows = self.conn.execute(
            "SELECT * FROM stories ORDER BY article_count DESC, end DESC, id"
        ).fetchall()
        for row in rows:
            yield self._story_from_row(row)

    def _story_from_row(self, row: sqlite3.Row) -> Story:
        members = [
            r[0]
            for r in self.conn.execute(
                "SELECT m.article_id FROM story_members m"
                " JOIN articles a ON a.id = m.article_id"
                " WHERE m.story_id = ? ORDER BY a.published, a.seq",
                (row["id"],),
            )
        ]
        keys = row.keys()
        # A store read before migration 8 (readers do not migrate) has no labels yet.
        label = row["label"] if "label" in keys else None
        return Story(
            id=row["id"],
            title=row["title"],
            article_ids=tuple(members),
            start=_date(row["start"]),
            end=_date(row["end"]),
            outlets=tuple(json.loads(row["outlets"])),
            label=label or row["title"],
            storyline_id=row["storyline_id"] if "storyline_id" in keys else None,
        )

    def get_story(self, id_prefix: str) -> Story:
        """A story by id or unambiguous id prefix ("story-" may be left out)."""
        return self._story_from_row(self._one_by_prefix("stories", "story", id_prefix))

    def _one_by_prefix(self, table: str, noun: str, id_prefix: str) -> sqlite3.Row:
        """The one row :meth:`_by_prefix` finds; UnknownId for none, AmbiguousId for two."""
        rows = self._by_prefix(table, noun, id_prefix)
        if not rows:
            raise UnknownId(f"no {noun} with id {id_prefix}")
        if len(rows) > 1:
            raise AmbiguousId(f"id prefix {id_prefix} is ambiguous; give more characters")
        return rows[0]

    def _by_prefix(self, table: str, noun: str, id_prefix: str) -> list[sqlite3.Row]:
        """At most two rows of ``table`` whose id starts with ``id_prefix`` or with
        ``noun-`` and ``id_prefix``. Story ids start "story-", storyline ids
        "storyline-": a prefix of one is never a prefix of the other's hex part."""
        wanted = id_prefix.lower()
        if not wanted or not all(c in "0123456789abcdefghijklmnopqrstuvwxyz-" for c in wanted):
            raise BadQuery(f"not a {noun} id: {id_prefix!r}")
        if table == "storylines" and not has_table(self.conn, "storylines"):
            return []
        # Range bounds rather than LIKE, so the id index is used (LIKE scanned the table:
        # ~40 ms a lookup at 10,000 articles).
        return self.conn.execute(
            f"SELECT * FROM {table} WHERE (id >= ? AND id < ?) OR (id >= ? AND id < ?)"
            " ORDER BY id LIMIT 2",
            (*prefix_range(wanted), *prefix_range(f"{noun}-{wanted}")),
        ).fetchall()

    # ---- storylines ------------------------------------------------------------------

    def count_storylines(self) -> int:
        if not has_table(self.conn, "storylines"):
            return 0
        return int(self.conn.execute("SELECT count(*) FROM storylines").fetchone()[0])

    def iter_storylines(self) -> Iterator[Storyline]:
        """Storylines, the largest and latest first, with their stories and articles."""
        if not has_table(self.conn, "storylines"):
            return
        rows = self.conn.execute(
            "SELECT * FROM storylines ORDER BY article_count DESC, end DESC, id"
        ).fetchall()
        for row in rows:
            yield self._storyline_from_row(row)

    def get_storyline(self, id_prefix: str) -> Storyline:
        """A storyline by id or unambiguous id prefix ("storyline-" may be left out)."""
        return self._storyline_from_row(self._one_by_prefix("storylines", "storyline", id_prefix))

    def get_subject(self, id_prefix: str) -> Story | Storyline:
        """A story or a storyline by id or unambiguous id prefix: "story-…" and
        "storyline-…" ids, or the hex part of either."""
        stories = self._by_prefix("stories", "story", id_prefix)
        storylines = self._by_prefix("storylines", "storyline", id_prefix)
        found = len(stories) + len(storylines)
        if found == 0:
            raise UnknownId(
                f"no story or storyline with id {id_prefix}"
                " (see `newsweave stories` and `newsweave storylines`)"
            )
        if found > 1:
            raise AmbiguousId(
                f"id prefix {id_prefix} is ambiguous; give more characters"
                " (or the full id, starting story- or storyline-)"
            )
        if stories:
            return self._story_from_row(stories[0])
        return self._storyline_from_row(storylines[0])

    def _storyline_from_row(self, row: sqlite3.Row) -> Storyline:
        stories = [
            str(r[0])
            for r in self.conn.execute(
                "SELECT id FROM stories WHERE storyline_id = ?"
                " ORDER BY julianday(start) IS NULL, julianday(start), id",
                (row["id"],),
            )
        ]
        articles = [
            str(r[0])
            for r in self.conn.execute(
                "SELECT m.article_id FROM stories s JOIN story_members m ON m.story_id = s.id"
                " JOIN articles a ON a.id = m.article_id WHERE s.storyline_id = ?"
                " ORDER BY a.published IS NULL, julianday(a.published), a.seq",
                (row["id"],),
            )
        ]
        return Storyline(
            id=row["id"],
            label=row["label"],
            story_ids=tuple(stories),
            article_ids=tuple(articles),
            start=_date(row["start"]),
            end=_date(row["end"]),
            outlets=tuple(sorted(json.loads(row["outlets"]))),
        )


def _date(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def prefix_range(prefix: str) -> tuple[str, str]:
    """Bounds of the ids starting with ``prefix`` (ids are ASCII: U+FFFF sorts after
    every character they hold), for an index range scan."""
    return prefix, prefix + "\uffff"
