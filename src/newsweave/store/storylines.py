"""The storyline step's state in the store (see ``newsweave.stories.storylines``): each
query reads the rows one story touches through an index. Document frequencies and
storylines read are kept for the run, updated with every change this process writes
(it holds the grouping lock: the one writer of these tables). The queue of stories to
place is ``store.storyline_queue``."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime

from newsweave.stories.storylines.state import (
    LEAD_CHARS,
    LineState,
    Member,
    PlacedStory,
    StoryInput,
    StorylineState,
    spread_sample,
)


def _profile(text: str) -> dict[str, float]:
    return {str(k): float(v) for k, v in json.loads(text)}


class StoredStorylineState(StorylineState):
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._df: dict[str, int] = {}
        self._lines: dict[str, LineState | None] = {}
        self._placed = int(self._meta("stories"))

    def _meta(self, name: str) -> int:
        row = self.conn.execute("SELECT value FROM storyline_meta WHERE name = ?", (name,))
        found = row.fetchone()
        return 0 if found is None else int(found[0])

    def _set_meta(self, name: str, value: int) -> None:
        self.conn.execute("UPDATE storyline_meta SET value = ? WHERE name = ?", (value, name))

    # ---- stories -----------------------------------------------------------------

    def story_input(self, story_id: str, sample: int) -> StoryInput | None:
        row = self.conn.execute(
            "SELECT title, outlets, article_count FROM stories WHERE id = ?", (story_id,)
        ).fetchone()
        if row is None:
            return None
        ids = [
            str(r[0])
            for r in self.conn.execute(
                "SELECT m.article_id FROM story_members m JOIN articles a ON a.id = m.article_id"
                " WHERE m.story_id = ? ORDER BY a.seq",
                (story_id,),
            )
        ]
        chosen = spread_sample(ids, sample)
        marks = ",".join("?" * len(chosen))
        data = dict(
            self.conn.execute(
                f"SELECT article_id, data FROM story_features WHERE article_id IN ({marks})",
                chosen,
            ).fetchall()
        )
        members = []
        for article_id in chosen:
            if article_id in data:
                features = json.loads(data[article_id])
                counts = tuple((str(k), int(n)) for k, n in features["counts"])
                members.append(Member(article_id, counts, str(features.get("title") or "")))
        return StoryInput(
            story_id,
            str(row[0] or ""),
            int(row[2]),
            tuple(json.loads(row[1])),
            tuple(members),
        )

    def lead(self, article_id: str) -> str:
        row = self.conn.execute(
            "SELECT substr(text, 1, ?) FROM articles WHERE id = ?", (LEAD_CHARS, article_id)
        ).fetchone()
        return "" if row is None else str(row[0])

    def set_story_label(self, story_id: str, label: str) -> None:
        self.conn.execute("UPDATE stories SET label = ? WHERE id = ?", (label, story_id))

    def placed(self, story_id: str) -> PlacedStory | None:
        row = self.conn.execute(
            "SELECT storyline_id, profile, weight, article_count, outlets FROM storyline_stories"
            " WHERE story_id = ?",
            (story_id,),
        ).fetchone()
        if row is None:
            return None
        return PlacedStory(
            str(row[0]), _profile(row[1]), float(row[2]), int(row[3]), tuple(json.loads(row[4]))
        )

    def place(self, story_id: str, placed: PlacedStory) -> None:
        self.conn.execute(
            "INSERT INTO storyline_stories (story_id, storyline_id, first_day, last_day,"
            " outlets, article_count, profile, weight) SELECT id, ?, julianday(start),"
            " julianday(end), ?, ?, ?, ? FROM stories WHERE id = ?",
            (
                placed.storyline_id,
                json.dumps(list(placed.outlets), ensure_ascii=False),
                placed.article_count,
                json.dumps(list(placed.profile.items()), ensure_ascii=False),
                placed.weight,
                story_id,
            ),
        )
        self.conn.execute(
            "UPDATE stories SET storyline_id = ? WHERE id = ?", (placed.storyline_id, story_id)
        )

    def unplace(self, story_id: str) -> None:
        self.conn.execute("DELETE FROM storyline_stories WHERE story_id = ?", (story_id,))
        self.conn.execute("UPDATE stories SET storyline_id = NULL WHERE id = ?", (story_id,))

    # ---- story-level frequencies -----------------------------------------------------

    def df(self, key: str) -> int:
        found = self._df.get(key)
        if found is None:
            row = self.conn.execute(
                "SELECT df FROM storyline_terms WHERE key = ?", (key,)
            ).fetchone()
            found = self._df[key] = 0 if row is None else int(row[0])
        return found

    def placed_count(self) -> int:
        return self._placed

    def count(self, keys: Sequence[str], sign: int) -> None:
        for key in keys:
            self._df[key] = self.df(key) + sign
        self.conn.executemany(
            "INSERT INTO storyline_terms (key, df) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET df = df + excluded.df",
            [(key, sign) for key in keys],
        )
        self._placed += sign
        self._set_meta("stories", self._placed)

    # ---- storylines --------------------------------------------------------------------

    def candidates(self, keys: Sequence[str], limit: int, per_key: int) -> list[str]:
        hits: Counter[str] = Counter()
        for key in keys:
            for (line_id,) in self.conn.execute(
                "SELECT storyline_id FROM storyline_postings WHERE key = ?"
                " ORDER BY touched DESC LIMIT ?",
                (key, per_key),
            ):
                hits[str(line_id)] += 1
        return [line_id for line_id, _ in sorted(hits.items(), key=lambda kv: (-kv[1], kv[0]))][
            :limit
        ]

    def storyline(self, storyline_id: str) -> LineState | None:
        if storyline_id in self._lines:
            return self._lines[storyline_id]
        row = self.conn.execute(
            "SELECT seq, profile, outlets, story_count, article_count FROM storylines WHERE id = ?",
            (storyline_id,),
        ).fetchone()
        found = (
            None
            if row is None
            else LineState(
                int(row[0]), _profile(row[1]), Counter(json.loads(row[2])), int(row[3]), int(row[4])
            )
        )
        self._lines[storyline_id] = found
        return found

    def new_seq(self) -> int:
        row = self.conn.execute("SELECT max(seq) FROM storylines").fetchone()
        return 0 if row[0] is None else int(row[0]) + 1

    def save_line(self, storyline_id: str, line: LineState, posted: Sequence[str]) -> None:
        self._lines[storyline_id] = line
        touched = self._meta("touched") + 1
        self._set_meta("touched", touched)
        conn = self.conn
        label = conn.execute(
            "SELECT s.label, s.title FROM storyline_stories p JOIN stories s ON s.id = p.story_id"
            " WHERE p.storyline_id = ? ORDER BY p.article_count DESC, p.first_day, p.story_id"
            " LIMIT 1",
            (storyline_id,),
        ).fetchone()
        start, end = (
            conn.execute(
                f"SELECT s.{column} FROM storyline_stories p JOIN stories s ON s.id = p.story_id"
                f" WHERE p.storyline_id = ? AND p.{day} IS NOT NULL ORDER BY p.{day} {order}"
                " LIMIT 1",
                (storyline_id,),
            ).fetchone()
            for column, day, order in (("start", "first_day", "ASC"), ("end", "last_day", "DESC"))
        )
        conn.execute(
            "INSERT INTO storylines (id, seq, label, start, end, outlets, story_count,"
            " article_count, profile, touched, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
            " ON CONFLICT (id) DO UPDATE SET label = excluded.label, start = excluded.start,"
            " end = excluded.end, outlets = excluded.outlets, story_count ="
            " excluded.story_count, article_count = excluded.article_count, profile ="
            " excluded.profile, touched = excluded.touched, updated_at = excluded.updated_at",
            (
                storyline_id,
                line.seq,
                "" if label is None else str(label[0] or label[1] or ""),
                None if start is None else start[0],
                None if end is None else end[0],
                json.dumps(dict(sorted(line.outlets.items())), ensure_ascii=False),
                line.story_count,
                line.article_count,
                json.dumps(list(line.profile.items()), ensure_ascii=False),
                touched,
                datetime.now(UTC).isoformat(timespec="seconds"),
            ),
        )
        conn.execute("DELETE FROM storyline_postings WHERE storyline_id = ?", (storyline_id,))
        conn.executemany(
            "INSERT INTO storyline_postings (key, storyline_id, touched) VALUES (?,?,?)",
            [(key, storyline_id, touched) for key in posted],
        )

    def drop_line(self, storyline_id: str) -> None:
        self._lines[storyline_id] = None
        self.conn.execute("DELETE FROM storylines WHERE id = ?", (storyline_id,))
        self.conn.execute("DELETE FROM storyline_postings WHERE storyline_id = ?", (storyline_id,))

    def move_stories(self, storyline_id: str, into: str) -> None:
        self.conn.execute(
            "UPDATE storyline_stories SET storyline_id = ? WHERE storyline_id = ?",
            (into, storyline_id),
        )
        self.conn.execute(
            "UPDATE stories SET storyline_id = ? WHERE storyline_id = ?", (into, storyline_id)
        )
