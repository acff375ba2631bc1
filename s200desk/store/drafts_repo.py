"""Composer drafts: autosaved locally, listed newest first, reopened, deleted once sent."""

from __future__ import annotations

import json
import sqlite3
import uuid
from dataclasses import dataclass, field
from typing import Any

from s200desk.store.database import Database
from s200desk.store.timefmt import utc_now_iso

TITLE_CHARS = 80


@dataclass(frozen=True, slots=True)
class Draft:
    id: str
    title: str
    data: dict[str, Any] = field(default_factory=dict)
    source_post: str | None = None
    created_at: str = ""
    updated_at: str = ""


def title_for(data: dict[str, Any]) -> str:
    """The first line of the caption, shortened; what the drafts list shows."""
    caption = str(data.get("caption") or "").strip()
    first = caption.splitlines()[0] if caption else ""
    if not first:
        return "(no caption)"
    return first if len(first) <= TITLE_CHARS else first[: TITLE_CHARS - 1] + "…"


def _draft(row: sqlite3.Row) -> Draft:
    return Draft(
        id=row["id"],
        title=row["title"],
        data=json.loads(row["data"] or "{}"),
        source_post=row["source_post"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def _save(
    conn: sqlite3.Connection, draft_id: str, data: dict[str, Any], source_post: str | None
) -> Draft:
    now = utc_now_iso()
    text = json.dumps(data, sort_keys=True, ensure_ascii=False)
    conn.execute(
        "INSERT INTO drafts (id, title, data, source_post, created_at, updated_at)"
        " VALUES (?,?,?,?,?,?) ON CONFLICT (id) DO UPDATE SET title=excluded.title,"
        " data=excluded.data, source_post=COALESCE(excluded.source_post, drafts.source_post),"
        " updated_at=excluded.updated_at",
        (draft_id, title_for(data), text, source_post, now, now),
    )
    row = conn.execute("SELECT * FROM drafts WHERE id = ?", (draft_id,)).fetchone()
    return _draft(row)


class DraftsRepo:
    """The ``drafts`` table of one workspace database."""

    def __init__(self, db: Database) -> None:
        self._db = db

    @staticmethod
    def new_id() -> str:
        return uuid.uuid4().hex

    async def save(
        self, draft_id: str, data: dict[str, Any], *, source_post: str | None = None
    ) -> Draft:
        """Insert or replace the draft's data (one statement: a crash leaves old or new)."""
        return await self._db.run(_save, draft_id, dict(data), source_post)

    async def get(self, draft_id: str) -> Draft | None:
        def fn(conn: sqlite3.Connection) -> Draft | None:
            row = conn.execute("SELECT * FROM drafts WHERE id = ?", (draft_id,)).fetchone()
            return _draft(row) if row else None

        return await self._db.run(fn)

    async def list(self, limit: int | None = None) -> list[Draft]:
        def fn(conn: sqlite3.Connection) -> list[Draft]:
            sql = "SELECT * FROM drafts ORDER BY updated_at DESC, id"
            args: tuple[Any, ...] = ()
            if limit is not None:
                sql += " LIMIT ?"
                args = (limit,)
            return [_draft(r) for r in conn.execute(sql, args)]

        return await self._db.run(fn)

    async def delete(self, draft_id: str) -> bool:
        def fn(conn: sqlite3.Connection) -> bool:
            return conn.execute("DELETE FROM drafts WHERE id = ?", (draft_id,)).rowcount > 0

        return await self._db.run(fn)

    async def count(self) -> int:
        return await self._db.run(
            lambda c: int(c.execute("SELECT COUNT(*) FROM drafts").fetchone()[0])
        )
