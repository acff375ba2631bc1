"""Queues (weekly slots per profile), series (recurring posts) and snippets."""

from __future__ import annotations

import json
import sqlite3
import uuid
from dataclasses import dataclass, field
from typing import Any

from s200desk.store.database import Database
from s200desk.store.timefmt import utc_now_iso
from s200desk.store.transactions import transaction


def handle_key(handle: str) -> str:
    """A handle as a queue matches it: trimmed, case-insensitive ("@Studio " is "@studio")."""
    return handle.strip().casefold()


@dataclass(frozen=True, slots=True)
class StoredQueue:
    platform: str
    account_id: str
    slots: str
    zone: str
    blocked: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class StoredSeries:
    id: str
    platform: str
    account_id: str
    post: dict[str, Any]
    rule: str
    first_wall: str
    zone: str
    horizon_days: int = 30
    skipped: tuple[str, ...] = ()
    version: int = 1
    cancelled_at: str | None = None
    created_at: str = ""


@dataclass(frozen=True, slots=True)
class PostCancel:
    """A cancel recorded in the outbox for a post (a series' post, as the series asks): on its
    own, or as the second half of an edit or a move (``replacement``: the create that took the
    post's place, with its state and, once made, its post)."""

    post_id: str
    cancel_id: str
    cancel_state: str
    group_id: str | None
    source_key: str | None
    replacement: str | None = None
    replacement_state: str | None = None
    replacement_post: str | None = None


@dataclass(frozen=True, slots=True)
class Snippet:
    id: str
    title: str
    body: str
    updated_at: str = field(default="", compare=False)


class QueuesRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def set(self, queue: StoredQueue) -> None:
        """Keep ``queue`` as the profile's one queue: a row kept under another spelling of the
        same handle (an older "@Studio" for "@studio") is replaced, not kept beside it."""

        def write(conn: sqlite3.Connection) -> None:
            with transaction(conn):
                for other in _same_profile(conn, queue.platform, queue.account_id):
                    if other["account_id"] != queue.account_id:
                        conn.execute(
                            "DELETE FROM queues WHERE platform = ? AND account_id = ?",
                            (queue.platform, other["account_id"]),
                        )
                conn.execute(
                    "INSERT INTO queues (platform, account_id, slots, zone, blocked, updated_at)"
                    " VALUES (?,?,?,?,?,?) ON CONFLICT (platform, account_id) DO UPDATE SET"
                    " slots=excluded.slots, zone=excluded.zone, blocked=excluded.blocked,"
                    " updated_at=excluded.updated_at",
                    (queue.platform, queue.account_id, queue.slots, queue.zone,
                     json.dumps(sorted(set(queue.blocked))), utc_now_iso()),
                )  # fmt: skip

        await self._db.run(write)

    async def get(self, platform: str, account_id: str) -> StoredQueue | None:
        """The profile's queue, its handle matched trimmed and case-insensitively."""

        def read(conn: sqlite3.Connection) -> StoredQueue | None:
            rows = _same_profile(conn, platform, account_id)
            return _queue(rows[0]) if rows else None

        return await self._db.run(read)

    async def all(self) -> list[StoredQueue]:
        return await self._db.run(
            lambda c: [_queue(r) for r in c.execute("SELECT * FROM queues ORDER BY platform")]
        )


def _same_profile(conn: sqlite3.Connection, platform: str, account_id: str) -> list[sqlite3.Row]:
    """The platform's queue rows whose handle is ``account_id`` in any case, newest first."""
    wanted = handle_key(account_id)
    rows = conn.execute(
        "SELECT * FROM queues WHERE platform = ? ORDER BY updated_at DESC", (platform.strip(),)
    )
    return [r for r in rows if handle_key(r["account_id"]) == wanted]


def _queue(row: sqlite3.Row) -> StoredQueue:
    return StoredQueue(
        row["platform"], row["account_id"], row["slots"], row["zone"],
        tuple(json.loads(row["blocked"] or "[]")),
    )  # fmt: skip


class SeriesRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def add(self, series: StoredSeries) -> StoredSeries:
        now = utc_now_iso()

        def write(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT INTO series (id, platform, account_id, post, rule, first_wall, zone,"
                " horizon_days, skipped, version, created_at, updated_at)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (series.id, series.platform, series.account_id,
                 json.dumps(series.post, sort_keys=True), series.rule, series.first_wall,
                 series.zone, series.horizon_days, json.dumps(list(series.skipped)),
                 series.version, now, now),
            )  # fmt: skip

        await self._db.run(write)
        found = await self.get(series.id)
        assert found is not None
        return found

    async def get(self, series_id: str) -> StoredSeries | None:
        def read(conn: sqlite3.Connection) -> StoredSeries | None:
            row = conn.execute("SELECT * FROM series WHERE id = ?", (series_id,)).fetchone()
            return _series(row) if row else None

        return await self._db.run(read)

    async def active(self) -> list[StoredSeries]:
        return await self._db.run(
            lambda c: [
                _series(r)
                for r in c.execute(
                    "SELECT * FROM series WHERE cancelled_at IS NULL ORDER BY created_at, id"
                )
            ]
        )

    async def update(self, series_id: str, **fields: Any) -> None:
        allowed = {"post", "rule", "first_wall", "zone", "horizon_days", "skipped", "version",
                   "cancelled_at"}  # fmt: skip
        if not fields.keys() <= allowed:
            raise ValueError(f"cannot update {sorted(fields.keys() - allowed)}")
        values = {
            k: json.dumps(v if k == "post" else list(v), sort_keys=True)
            if k in ("post", "skipped") else v
            for k, v in fields.items()
        }  # fmt: skip
        values["updated_at"] = utc_now_iso()
        sets = ", ".join(f"{k} = ?" for k in values)
        await self._db.run(
            lambda c: c.execute(
                f"UPDATE series SET {sets} WHERE id = ?", [*values.values(), series_id]
            )
        )


async def cancels_of_posts(db: Database, post_ids: list[str]) -> list[PostCancel]:
    """Every cancel the outbox holds for one of ``post_ids``, oldest first, each with the
    replacement create it waits for when it is half of an edit."""

    def read(conn: sqlite3.Connection) -> list[PostCancel]:
        out: list[PostCancel] = []
        for start in range(0, len(post_ids), 500):
            chunk = post_ids[start : start + 500]
            rows = conn.execute(
                "SELECT c.target_post_id, c.id, c.state, c.group_id, c.source_key,"
                " r.id, r.state, r.post_id FROM outbox_intents c"
                " LEFT JOIN outbox_intents r ON c.role = 'cancel_original'"
                " AND r.id = json_extract(c.payload, '$.replacement')"
                f" WHERE c.kind = 'cancel' AND c.target_post_id IN ({','.join('?' * len(chunk))})"
                " ORDER BY c.created_at, c.rowid",
                chunk,
            )
            out.extend(PostCancel(*row) for row in rows)
        return out

    return await db.run(read) if post_ids else []


def _series(row: sqlite3.Row) -> StoredSeries:
    return StoredSeries(
        id=row["id"], platform=row["platform"], account_id=row["account_id"],
        post=json.loads(row["post"]), rule=row["rule"], first_wall=row["first_wall"],
        zone=row["zone"], horizon_days=int(row["horizon_days"]),
        skipped=tuple(json.loads(row["skipped"] or "[]")), version=int(row["version"]),
        cancelled_at=row["cancelled_at"], created_at=row["created_at"],
    )  # fmt: skip


class SnippetsRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def save(self, title: str, body: str, snippet_id: str | None = None) -> Snippet:
        sid = snippet_id or uuid.uuid4().hex
        now = utc_now_iso()

        def write(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT INTO snippets (id, title, body, created_at, updated_at)"
                " VALUES (?,?,?,?,?) ON CONFLICT (id) DO UPDATE SET title=excluded.title,"
                " body=excluded.body, updated_at=excluded.updated_at",
                (sid, title.strip() or body.strip()[:40], body, now, now),
            )

        await self._db.run(write)
        return Snippet(sid, title.strip() or body.strip()[:40], body, now)

    async def all(self) -> list[Snippet]:
        return await self._db.run(
            lambda c: [
                Snippet(r["id"], r["title"], r["body"], r["updated_at"])
                for r in c.execute("SELECT * FROM snippets ORDER BY title COLLATE NOCASE, id")
            ]
        )

    async def delete(self, snippet_id: str) -> bool:
        return await self._db.run(
            lambda c: c.execute("DELETE FROM snippets WHERE id = ?", (snippet_id,)).rowcount > 0
        )
