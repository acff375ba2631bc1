"""The media library and its upload queue (table ``media_items``, migration 0004).

Every method runs its SQL on the database thread; records are frozen dataclasses so the media
service and the UI never see a ``sqlite3.Row``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any

from s200desk.store.database import Database
from s200desk.store.timefmt import utc_now_iso
from s200desk.store.transactions import transaction

# States in which the queue still has work to do by itself.
ACTIVE_MEDIA_STATES = ("queued", "hosting", "hosted", "ingesting")
MEDIA_STATES = (*ACTIVE_MEDIA_STATES, "ready", "failed", "cancelled")


@dataclass(frozen=True, slots=True)
class MediaRecord:
    """One library item: a local file or web address on its way to (or in) the media library."""

    id: str
    source: str  # 'file' | 'url'
    name: str
    state: str
    path: str | None = None
    file_mtime: float | None = None
    source_url: str | None = None
    public_url: str | None = None
    host_key: str | None = None
    host_kind: str | None = None
    mime: str | None = None
    size: int | None = None
    sent_bytes: int = 0
    file_id: str | None = None
    intent_id: str | None = None
    error: str | None = None
    error_code: str | None = None
    width: int | None = None
    height: int | None = None
    created_at: str = ""
    updated_at: str = ""

    @property
    def kind(self) -> str | None:
        """'image', 'video' or None while the type is unknown (a URL not yet ingested)."""
        if not self.mime:
            return None
        return "image" if self.mime.startswith("image/") else "video"

    @property
    def ready(self) -> bool:
        return self.state == "ready" and bool(self.file_id)

    def with_(self, **changes: Any) -> MediaRecord:
        return replace(self, **changes)


_COLUMNS = tuple(f.name for f in fields(MediaRecord))
_SELECT = f"SELECT {', '.join(_COLUMNS)} FROM media_items"


def _record(row: sqlite3.Row) -> MediaRecord:
    return MediaRecord(**{name: row[name] for name in _COLUMNS})


def _insert(conn: sqlite3.Connection, rec: MediaRecord) -> MediaRecord:
    now = utc_now_iso()
    rec = rec.with_(created_at=rec.created_at or now, updated_at=now)
    marks = ", ".join("?" for _ in _COLUMNS)
    with transaction(conn):
        conn.execute(
            f"INSERT INTO media_items ({', '.join(_COLUMNS)}) VALUES ({marks})",
            [getattr(rec, c) for c in _COLUMNS],
        )
    return rec


def _update(
    conn: sqlite3.Connection, media_id: str, changes: dict[str, Any], expect: Sequence[str] | None
) -> MediaRecord | None:
    bad = set(changes) - set(_COLUMNS) - {"updated_at"}
    if bad or "id" in changes:
        raise ValueError(f"cannot update {sorted(bad) or ['id']}")
    changes = {**changes, "updated_at": utc_now_iso()}
    sets = ", ".join(f"{k} = ?" for k in changes)
    sql = f"UPDATE media_items SET {sets} WHERE id = ?"
    args: list[Any] = [*changes.values(), media_id]
    if expect:
        sql += f" AND state IN ({', '.join('?' for _ in expect)})"
        args.extend(expect)
    with transaction(conn):
        cur = conn.execute(sql, args)
        if cur.rowcount == 0:
            return None
        row = conn.execute(f"{_SELECT} WHERE id = ?", (media_id,)).fetchone()
    return _record(row)


def _get(conn: sqlite3.Connection, media_id: str) -> MediaRecord | None:
    row = conn.execute(f"{_SELECT} WHERE id = ?", (media_id,)).fetchone()
    return _record(row) if row else None


def _list(
    conn: sqlite3.Connection, states: Sequence[str] | None, limit: int | None
) -> list[MediaRecord]:
    sql = _SELECT
    args: list[Any] = []
    if states:
        sql += f" WHERE state IN ({', '.join('?' for _ in states)})"
        args.extend(states)
    sql += " ORDER BY created_at DESC, id"
    if limit:
        sql += " LIMIT ?"
        args.append(limit)
    return [_record(r) for r in conn.execute(sql, args)]


def _find_ready_copy(
    conn: sqlite3.Connection, path: str, size: int, mtime: float
) -> MediaRecord | None:
    row = conn.execute(
        f"{_SELECT} WHERE source = 'file' AND path = ? AND size = ? AND file_mtime = ?"
        " AND state = 'ready' AND file_id IS NOT NULL ORDER BY updated_at DESC LIMIT 1",
        (path, size, mtime),
    ).fetchone()
    return _record(row) if row else None


def _by_file_ids(conn: sqlite3.Connection, ids: Sequence[str]) -> dict[str, MediaRecord]:
    out: dict[str, MediaRecord] = {}
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        marks = ", ".join("?" for _ in chunk)
        for row in conn.execute(f"{_SELECT} WHERE file_id IN ({marks})", chunk):
            rec = _record(row)
            out[rec.file_id or ""] = rec
    return out


def _delete(conn: sqlite3.Connection, media_id: str) -> bool:
    with transaction(conn):
        return conn.execute("DELETE FROM media_items WHERE id = ?", (media_id,)).rowcount > 0


class MediaRepo:
    """Insert, update and read ``media_items`` rows."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def insert(self, rec: MediaRecord) -> MediaRecord:
        return await self._db.run(_insert, rec)

    async def update(
        self, media_id: str, *, expect: Iterable[str] | None = None, **changes: Any
    ) -> MediaRecord | None:
        """Apply ``changes``; with ``expect``, only while the row is in one of those states."""
        return await self._db.run(
            _update, media_id, changes, tuple(expect) if expect is not None else None
        )

    async def get(self, media_id: str) -> MediaRecord | None:
        return await self._db.run(_get, media_id)

    async def list(
        self, states: Iterable[str] | None = None, *, limit: int | None = None
    ) -> list[MediaRecord]:
        """Newest first."""
        return await self._db.run(_list, tuple(states) if states else None, limit)

    async def find_ready_copy(self, path: str, size: int, mtime: float) -> MediaRecord | None:
        """The same unchanged file, already in the library (its file_id is reused)."""
        return await self._db.run(_find_ready_copy, path, size, mtime)

    async def by_file_ids(self, ids: Sequence[str]) -> dict[str, MediaRecord]:
        return await self._db.run(_by_file_ids, list(ids))

    async def delete(self, media_id: str) -> bool:
        return await self._db.run(_delete, media_id)
