"""Windowed reads of the posts table for a list that shows 100,000 posts without loading them.

The posts list asks for a count and then only the rows it paints (``rows``: one block at a
time, LIMIT/OFFSET over the same ORDER BY), so its cost follows the screen, not the cache. The
reader owns a read-only connection of its own, used on the thread that made it (the UI's):
the database thread writes through WAL and a reader never blocks it, and a Qt model must
answer ``rowCount``/``data`` synchronously (over a large store the list model reads ``keys``
through a second reader on a worker thread: ``ui.posts.key_fetcher``). No Qt here (layers:
the ui imports this).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from s200desk.store import post_search
from s200desk.store.queries import LIST_COLUMNS, placeholders, post_from_row
from s200desk.store.records import StoredPost
from s200desk.store.timefmt import to_utc_iso

SortKey = Literal["platform", "profile", "caption", "status", "when"]

# The profile column shows the profile's display name when the store knows it.
_PROFILE_NAME = (
    "COALESCE((SELECT pr.display_name FROM profiles pr WHERE pr.platform = posts.platform"
    " AND pr.account_id = posts.account_id), posts.account_id)"
)
_SORT_SQL: dict[str, str] = {
    "platform": "platform",
    "profile": f"{_PROFILE_NAME} COLLATE NOCASE",
    "caption": "caption COLLATE NOCASE",
    "status": "status",
}


@dataclass(frozen=True)
class ListQuery:
    """What the posts list shows: its filters and its sort (as ``ui.posts.model`` has them)."""

    profiles: frozenset[tuple[str, str]] = frozenset()
    platforms: frozenset[str] = frozenset()
    statuses: frozenset[str] = frozenset()
    # Statuses left out when ``statuses`` is empty ("All but cancelled").
    hidden: frozenset[str] = frozenset()
    text: str = ""
    sort: SortKey = "when"
    descending: bool = True

    def where(self, among: Sequence[int] | None = None) -> tuple[str, list[Any]]:
        """The WHERE clause and its arguments; ``among``: the search index's candidates (the
        rowids that may hold the text), which the clause then reads instead of every post."""
        clauses: list[str] = []
        args: list[Any] = []
        if among is not None:
            clauses.append("rowid IN (SELECT value FROM json_each(?))")
            args.append(json.dumps(list(among)))
        if self.profiles:
            pairs = " OR ".join("(platform = ? AND account_id = ?)" for _ in self.profiles)
            clauses.append(f"({pairs})")
            for platform, account in sorted(self.profiles):
                args.extend((platform, account))
        if self.platforms:
            clauses.append(f"platform IN ({placeholders(len(self.platforms))})")
            args.extend(sorted(self.platforms))
        if self.statuses:
            clauses.append(f"status IN ({placeholders(len(self.statuses))})")
            args.extend(sorted(self.statuses))
        elif self.hidden:
            clauses.append(f"status NOT IN ({placeholders(len(self.hidden))})")
            args.extend(sorted(self.hidden))
        text = self.text.strip()
        if text:
            # The list searches what it shows: caption, handle and platform (LIKE ignores the
            # case of ASCII letters; the in-memory list's casefold also folds other scripts).
            # ESCAPE only when the text holds a wildcard: it costs a fifth of the search.
            if any(c in text for c in "%_\\"):
                escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
                pattern = f"%{escaped}%"
                like = "LIKE ? ESCAPE '\\'"
            else:
                pattern, like = f"%{text}%", "LIKE ?"
            clauses.append(f"(caption {like} OR account_id {like} OR platform {like})")
            args.extend((pattern, pattern, pattern))
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", args

    def order_by(self) -> str:
        # Ties keep the store's own order (newest moment first), as the in-memory sort does.
        if self.sort == "when":
            direction = "DESC" if self.descending else "ASC"
            return f" ORDER BY sort_at {direction}, id {direction}"
        direction = "DESC" if self.descending else "ASC"
        return f" ORDER BY {_SORT_SQL[self.sort]} {direction}, sort_at DESC, id DESC"


class PostWindowReader:
    """The order and blocks of rows of one workspace's posts, over a read-only connection.

    ``keys`` answers a filter with the rowids of every matching post in the list's order (one
    query: ~30 ms at 100,000 posts); ``rows`` then reads any block of them by rowid, so the last
    screen costs what the first does (LIMIT/OFFSET walked 90,000 rows for it: 240 ms).
    """

    def __init__(self, conn: sqlite3.Connection, path: Path | None = None) -> None:
        self._conn = conn
        self.path = path
        # The trigram index (migration 0015), when this store has it and this SQLite reads it.
        self.indexed_search = post_search.usable(conn)

    @classmethod
    def open(cls, db_path: Path) -> PostWindowReader:
        """A reader of the store at ``db_path`` (which must exist: the store made it)."""
        conn = sqlite3.connect(f"{Path(db_path).as_uri()}?mode=ro", uri=True, timeout=2.0)
        conn.execute("PRAGMA query_only = ON")
        return cls(conn, Path(db_path))

    def close(self) -> None:
        self._conn.close()

    def interrupt(self) -> None:
        """Stop the query under way, from any thread (it then raises sqlite3.OperationalError)."""
        self._conn.interrupt()

    def total(self) -> int:
        """Every post in the store, before any filter."""
        return int(self._conn.execute("SELECT COUNT(*) FROM posts").fetchone()[0])

    def count(self, q: ListQuery) -> int:
        where, args = q.where()
        return int(self._conn.execute(f"SELECT COUNT(*) FROM posts{where}", args).fetchone()[0])

    def _keys_sql(self, q: ListQuery) -> tuple[str, list[Any]]:
        text = q.text.strip()
        if self.indexed_search and post_search.indexable(text):
            among = post_search.candidates(self._conn, text)
            if among is not None:
                # Few candidates: read just their rows and order them (a post by its number:
                # 0.2 ms where the scan below takes 25-50 ms at 100,000 posts).
                where, args = q.where(among)
                return f"SELECT rowid FROM posts{where}{q.order_by()}", args
        where, args = q.where()
        # posts_list_order (migration 0014) holds the list's order and every column a filter
        # but the profile one tests, so one pass over it answers without a sort or a table row
        # (100,000 posts: 15-35 ms). SQLite's own pick for a platform or status filter, that
        # column's index, reads each row's status from the table and sorts the ties again:
        # 45 ms for a platform, 138 ms for "Published". Sorted by another column, the index
        # is still the smallest thing to read before the sort (70-120 ms against SQLite's pick,
        # 240-580). A profile's own index stays the better one.
        source = "posts" if q.profiles else "posts INDEXED BY posts_list_order"
        return f"SELECT rowid FROM {source}{where}{q.order_by()}", args

    def keys(self, q: ListQuery) -> list[int]:
        """The rowids of every post ``q`` matches, in the list's order."""
        sql, args = self._keys_sql(q)
        # One string rather than 100,000 one-column rows: a third less time in Python.
        joined = self._conn.execute(f"SELECT group_concat(rowid) FROM ({sql})", args).fetchone()
        return list(map(int, joined[0].split(","))) if joined and joined[0] else []

    def rows(self, keys: Sequence[int]) -> dict[int, StoredPost]:
        """The posts with these rowids (a block of ``keys``), by rowid."""
        found: dict[int, StoredPost] = {}
        for start in range(0, len(keys), 500):
            chunk = list(keys[start : start + 500])
            marks = placeholders(len(chunk))
            sql = f"SELECT rowid, {LIST_COLUMNS} FROM posts WHERE rowid IN ({marks})"
            for r in self._conn.execute(sql, chunk):
                found[int(r[0])] = post_from_row(r[1:])
        return found

    def key_of(self, post_id: str) -> int | None:
        row = self._conn.execute("SELECT rowid FROM posts WHERE id = ?", (post_id,)).fetchone()
        return int(row[0]) if row else None

    def between(
        self, since: datetime, until: datetime, statuses: Collection[str] = ()
    ) -> list[StoredPost]:
        """The posts whose moment falls in [since, until), every status unless given (the
        calendar's visible range)."""
        sql = f"SELECT {LIST_COLUMNS} FROM posts WHERE sort_at >= ? AND sort_at < ?"
        args: list[Any] = [to_utc_iso(since), to_utc_iso(until)]
        if statuses:
            sql += f" AND status IN ({placeholders(len(statuses))})"
            args.extend(sorted(statuses))
        sql += " ORDER BY sort_at DESC, id DESC"
        return [post_from_row(r) for r in self._conn.execute(sql, args)]

    def explain(self, q: ListQuery) -> list[str]:
        """SQLite's plan for the list's order query (the benchmark records it)."""
        sql, args = self._keys_sql(q)
        return [str(r[-1]) for r in self._conn.execute(f"EXPLAIN QUERY PLAN {sql}", args)]
