"""The store's read-side SQL: plain functions of an open ``sqlite3.Connection``.

The repositories run them on the database thread; the first frame (``s200desk.ui.first_frame``)
runs them on a read-only connection before the event loop, the database thread or asyncio exist,
so this module imports neither.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from s200desk.store.records import StoredPost, StoredProfile
from s200desk.store.timefmt import parse_utc, to_utc_iso


def placeholders(n: int) -> str:
    return ",".join("?" * n)


def list_profiles(
    conn: sqlite3.Connection, platforms: list[str] | None, account_id: str | None = None
) -> list[StoredProfile]:
    sql = "SELECT platform, account_id, display_name, status, connected_at FROM profiles"
    where: list[str] = []
    args: list[Any] = []
    if platforms:
        where.append(f"platform IN ({placeholders(len(platforms))})")
        args.extend(platforms)
    if account_id is not None:
        where.append("account_id = ?")
        args.append(account_id)
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY platform, account_id"
    return [StoredProfile(r[0], r[1], r[2], r[3], parse_utc(r[4])) for r in conn.execute(sql, args)]


@dataclass(frozen=True)
class PostFilter:
    """What the posts list, calendar and sidebar ask for. Empty sequences mean "any"."""

    platforms: Sequence[str] = ()
    statuses: Sequence[str] = ()
    account_ids: Sequence[str] = ()
    # Case-insensitive substring of the caption (also matches account id and post id).
    text: str | None = None
    # Bounds on the post's moment (scheduled, else published, else created): since <= t < until.
    since: datetime | None = None
    until: datetime | None = None
    limit: int | None = None
    offset: int = 0
    # Exact (platform, account_id) pairs, for a sidebar that selects profiles.
    profiles: Sequence[tuple[str, str]] = ()
    order: Literal["desc", "asc"] = "desc"


def post_where(f: PostFilter | None) -> tuple[str, list[Any]]:
    if f is None:
        return "", []
    clauses: list[str] = []
    args: list[Any] = []
    if f.platforms:
        clauses.append(f"platform IN ({placeholders(len(f.platforms))})")
        args.extend(f.platforms)
    if f.statuses:
        clauses.append(f"status IN ({placeholders(len(f.statuses))})")
        args.extend(f.statuses)
    if f.account_ids:
        clauses.append(f"account_id IN ({placeholders(len(f.account_ids))})")
        args.extend(f.account_ids)
    if f.profiles:
        pairs = " OR ".join("(platform = ? AND account_id = ?)" for _ in f.profiles)
        clauses.append(f"({pairs})")
        for platform, account in f.profiles:
            args.extend((platform, account))
    if f.text and f.text.strip():
        pattern = (
            "%" + f.text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        )
        # LIKE is case-insensitive for ASCII; enough at the cache's size (10k rows: a few ms).
        clauses.append(
            "(caption LIKE ? ESCAPE '\\' OR account_id LIKE ? ESCAPE '\\' OR id LIKE ? ESCAPE '\\')"
        )
        args.extend((pattern, pattern, pattern))
    if f.since is not None:
        clauses.append("sort_at >= ?")
        args.append(to_utc_iso(f.since))
    if f.until is not None:
        clauses.append("sort_at < ?")
        args.append(to_utc_iso(f.until))
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", args


LIST_COLUMNS = (
    "id, platform, account_id, caption, status, platform_post_id, created_at,"
    " published_at, scheduled_for, media, platform_options, details_at"
)


def post_from_row(r: sqlite3.Row | tuple[Any, ...], with_raw: bool = False) -> StoredPost:
    return StoredPost(
        id=r[0],
        platform=r[1],
        account_id=r[2],
        caption=r[3],
        status=r[4],
        platform_post_id=r[5],
        created_at=parse_utc(r[6]),
        published_at=parse_utc(r[7]),
        scheduled_for=parse_utc(r[8]),
        media=json.loads(r[9]),
        platform_options=json.loads(r[10]),
        raw=json.loads(r[12]) if with_raw else None,
        details_at=parse_utc(r[11]),
    )


def query_posts(conn: sqlite3.Connection, f: PostFilter | None) -> list[StoredPost]:
    where, args = post_where(f)
    direction = "ASC" if f is not None and f.order == "asc" else "DESC"
    sql = f"SELECT {LIST_COLUMNS} FROM posts{where} ORDER BY sort_at {direction}, id {direction}"
    if f is not None and (f.limit is not None or f.offset):
        sql += " LIMIT ? OFFSET ?"
        args.extend((f.limit if f.limit is not None else -1, max(0, f.offset)))
    return [post_from_row(r) for r in conn.execute(sql, args)]


def count_posts(conn: sqlite3.Connection, f: PostFilter | None) -> int:
    where, args = post_where(f)
    return int(conn.execute(f"SELECT COUNT(*) FROM posts{where}", args).fetchone()[0])


def get_post(conn: sqlite3.Connection, post_id: str) -> StoredPost | None:
    r = conn.execute(f"SELECT {LIST_COLUMNS}, raw FROM posts WHERE id = ?", (post_id,)).fetchone()
    return post_from_row(r, with_raw=True) if r else None


def last_sync_at(conn: sqlite3.Connection) -> datetime | None:
    """When the last whole sync succeeded (``SyncStateRepo``'s "all" row), if ever."""
    row = conn.execute("SELECT last_success_at FROM sync_state WHERE name = 'all'").fetchone()
    return parse_utc(row[0]) if row else None
