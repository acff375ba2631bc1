"""Repositories: the only code that writes SQL against the cache tables. All methods are async
and run on the database thread (see ``Database.run``)."""

from __future__ import annotations

import asyncio
import bisect
import contextlib
import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from s200desk.store import post_search
from s200desk.store.database import CACHE_KIB, WAL_AUTOCHECKPOINT, Database
from s200desk.store.post_json import JsonWrite, upsert_posts_json
from s200desk.store.queries import (
    PostFilter,
    count_posts,
    get_post,
    list_profiles,
    placeholders,
    post_where,
    query_posts,
)
from s200desk.store.records import (
    StoredPlatform,
    StoredPost,
    StoredProfile,
    platform_row,
    posts_json,
    profile_row,
)
from s200desk.store.timefmt import parse_utc, utc_now_iso
from s200desk.store.transactions import transaction

UPSERT_BATCH = 500


def _chunks(items: Sequence[Any], size: int) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]





# --------------------------------------------------------------------------- profiles


class ProfilesRepo:
    """Connected social profiles, keyed by (platform, account_id)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def replace_all(
        self, profiles: Iterable[Any]
    ) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        """Make the table hold exactly ``profiles``; returns (changed keys, removed keys)."""
        now = utc_now_iso()
        rows = [profile_row(p, now) for p in profiles]
        return await self._db.run(_replace_profiles, rows)

    async def list(self, platforms: Sequence[str] | None = None) -> list[StoredProfile]:
        return await self._db.run(list_profiles, list(platforms) if platforms else None)

    async def get(self, platform: str, account_id: str) -> StoredProfile | None:
        found = await self._db.run(list_profiles, [platform], account_id)
        return found[0] if found else None


def _replace_profiles(
    conn: sqlite3.Connection, rows: list[tuple[Any, ...]]
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    with transaction(conn):
        before = {
            (r["platform"], r["account_id"]): r["raw"]
            for r in conn.execute("SELECT platform, account_id, raw FROM profiles")
        }
        conn.executemany(
            "INSERT INTO profiles (platform, account_id, display_name, status, connected_at, raw,"
            " updated_at) VALUES (?,?,?,?,?,?,?) ON CONFLICT (platform, account_id) DO UPDATE SET"
            " display_name=excluded.display_name, status=excluded.status,"
            " connected_at=excluded.connected_at, raw=excluded.raw, updated_at=excluded.updated_at",
            rows,
        )
        keep = {(r[0], r[1]) for r in rows}
        removed = [key for key in before if key not in keep]
        conn.executemany("DELETE FROM profiles WHERE platform=? AND account_id=?", removed)
    changed = [(r[0], r[1]) for r in rows if before.get((r[0], r[1])) != r[5]]
    return changed, removed





# --------------------------------------------------------------------------- platforms


class PlatformsRepo:
    """The platforms endpoint's capabilities (media types, caption and size limits)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def replace_all(self, platforms: Iterable[Any]) -> tuple[list[str], list[str]]:
        """Make the table hold exactly ``platforms``; returns (changed ids, removed ids)."""
        now = utc_now_iso()
        rows = [platform_row(p, now) for p in platforms]
        return await self._db.run(_replace_platforms, rows)

    async def list(self) -> list[StoredPlatform]:
        return await self._db.run(_list_platforms, None)

    async def get(self, platform_id: str) -> StoredPlatform | None:
        found = await self._db.run(_list_platforms, platform_id)
        return found[0] if found else None


def _replace_platforms(
    conn: sqlite3.Connection, rows: list[tuple[Any, ...]]
) -> tuple[list[str], list[str]]:
    with transaction(conn):
        before = {r["id"]: r["raw"] for r in conn.execute("SELECT id, raw FROM platforms")}
        conn.executemany(
            "INSERT INTO platforms (id, name, media_types, max_caption_length, max_video_size_mb,"
            " max_image_size_mb, raw, updated_at) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (id) DO"
            " UPDATE SET name=excluded.name, media_types=excluded.media_types,"
            " max_caption_length=excluded.max_caption_length,"
            " max_video_size_mb=excluded.max_video_size_mb,"
            " max_image_size_mb=excluded.max_image_size_mb, raw=excluded.raw,"
            " updated_at=excluded.updated_at",
            rows,
        )
        keep = {r[0] for r in rows}
        removed = [pid for pid in before if pid not in keep]
        conn.executemany("DELETE FROM platforms WHERE id=?", [(pid,) for pid in removed])
    return [r[0] for r in rows if before.get(r[0]) != r[6]], removed


def _list_platforms(conn: sqlite3.Connection, platform_id: str | None) -> list[StoredPlatform]:
    sql = (
        "SELECT id, name, media_types, max_caption_length, max_video_size_mb,"
        " max_image_size_mb FROM platforms"
    )
    args: list[Any] = []
    if platform_id is not None:
        sql += " WHERE id = ?"
        args.append(platform_id)
    sql += " ORDER BY id"
    return [
        StoredPlatform(r[0], r[1], json.loads(r[2]), r[3], r[4], r[5])
        for r in conn.execute(sql, args)
    ]


# --------------------------------------------------------------------------- posts





# The writer's page cache during a bulk write (PostsRepo.begin_bulk_write), in KiB: at 100,000
# posts, 3,000 a write, 16 MB took the insert from 1.2 to 0.8 s of CPU (8 MB: 0.95-1.1 s, and
# 100 MB no better than 16) for ~10 MB more peak memory than 8 MB.
BULK_CACHE_KIB = 16_000
BULK_CHECKPOINT_WAIT_MS = 100


class PostsRepo:
    """Every post the server listed, plus status changes made locally (cancel)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def upsert_many(self, posts: Iterable[Any], batch_size: int = UPSERT_BATCH) -> list[str]:
        """Insert or update posts (API models or dicts) in batches, yielding to the event loop
        between batches. Returns the ids whose stored data actually changed."""
        items = list(posts)
        changed: list[str] = []
        for i, batch in enumerate(_chunks(items, max(1, batch_size))):
            if i:
                await asyncio.sleep(0)
            write = await self._db.run(upsert_posts_json, [posts_json(batch)], pages=False)
            changed.extend(write.changed)
        return changed

    async def upsert_pages(self, pages: Sequence[str], *, mark_unchanged: bool = True) -> JsonWrite:
        """Store pages of GET api-posts as the server sent them (JSON text), in one
        transaction, without building them in Python: see ``store.post_json``. Raises
        ``MalformedPostsError`` (storing nothing) when a page is not the documented shape.
        ``mark_unchanged=False``: the posts that did not change keep their old write mark
        (``prune_not_upserted_since`` is for a full pass only)."""
        return await self._db.run(
            upsert_posts_json, list(pages), pages=True, mark_unchanged=mark_unchanged
        )

    async def store_details(self, post: Any) -> bool:
        """Keep the full post as GET by id returned it (media, platform options); True if it
        changed what the store held."""
        before = await self.get(_post_id(post))
        await self._db.run(
            upsert_posts_json, [posts_json([post])], pages=False, details_at=utc_now_iso()
        )
        after = await self.get(_post_id(post))
        return before is None or after is None or before.raw != after.raw

    async def query(self, f: PostFilter | None = None) -> list[StoredPost]:
        return await self._db.run(query_posts, f)

    async def count(self, f: PostFilter | None = None) -> int:
        return await self._db.run(count_posts, f)

    async def get(self, post_id: str) -> StoredPost | None:
        return await self._db.run(get_post, post_id)

    async def mark_status(self, post_id: str, status: str) -> bool:
        """Set a post's status locally (e.g. "cancelled" once the server confirmed it)."""
        return await self._db.run(_mark_status, post_id, status)

    async def mark_cancelled(self, post_ids: Sequence[str]) -> list[str]:
        """Record posts the store still has as scheduled as cancelled, as ``mark_status`` does
        (the status and the raw JSON's status; media, options and details stay), in one
        transaction. A post whose stored status is no longer scheduled (a write came first) is
        left alone. Returns the ids changed."""
        return await self._db.run(_mark_cancelled, list(post_ids))

    async def status_tally(self, set_aside: Sequence[str]) -> tuple[int, dict[str, int]]:
        """How many posts the store holds, and how many per status without ``set_aside``."""
        return await self._db.run(_status_tally, list(dict.fromkeys(set_aside)))

    async def schedule_of(self, post_ids: Sequence[str]) -> dict[str, tuple[str, datetime | None]]:
        """The stored status and scheduled time of each of ``post_ids`` the store holds."""

        def read(conn: sqlite3.Connection) -> dict[str, tuple[str, datetime | None]]:
            rows = conn.execute(
                "SELECT id, status, scheduled_for FROM posts"
                " WHERE id IN (SELECT value FROM json_each(?))",
                (json.dumps(list(post_ids)),),
            )
            return {r[0]: (r[1], parse_utc(r[2])) for r in rows}

        return await self._db.run(read) if post_ids else {}

    async def delete(self, post_ids: Sequence[str]) -> int:
        return await self._db.run(_delete_posts, list(post_ids))

    async def ids(self) -> set[str]:
        return await self._db.run(lambda c: {r[0] for r in c.execute("SELECT id FROM posts")})

    async def existing(self, post_ids: Sequence[str]) -> set[str]:
        """Which of ``post_ids`` the store holds (one query per 500, not one per id)."""
        wanted = list(dict.fromkeys(post_ids))

        def read(conn: sqlite3.Connection) -> set[str]:
            found: set[str] = set()
            for chunk in _chunks(wanted, 500):
                marks = placeholders(len(chunk))
                sql = f"SELECT id FROM posts WHERE id IN ({marks})"
                found.update(r[0] for r in conn.execute(sql, list(chunk)))
            return found

        return await self._db.run(read) if wanted else set()

    async def moments(self, f: PostFilter) -> list[datetime]:
        """When each matching post happens (its ``sort_at``), oldest first: a queue needs only
        that, and building whole records for thousands of posts costs far more."""

        def read(conn: sqlite3.Connection) -> list[datetime]:
            where, args = post_where(f)
            rows = conn.execute(f"SELECT sort_at FROM posts{where} ORDER BY sort_at", args)
            return [moment for (text,) in rows if (moment := parse_utc(text)) is not None]

        return await self._db.run(read)

    async def ids_with_status(self, statuses: Sequence[str]) -> set[str]:
        """The ids of the stored posts in one of ``statuses``."""
        marks = placeholders(len(statuses))
        sql = f"SELECT id FROM posts WHERE status IN ({marks})"
        return await self._db.run(lambda c: {r[0] for r in c.execute(sql, list(statuses))})

    async def listing_places(self, post_ids: Sequence[str]) -> dict[str, tuple[int, int]]:
        """Where each of ``post_ids`` sits in the server's listing (newest created first) as
        far as the store knows: from the number of stored posts created after it to that
        plus the posts created at the same moment (the listing orders those its own way)."""
        wanted = list(dict.fromkeys(post_ids))

        def read(conn: sqlite3.Connection) -> dict[str, tuple[int, int]]:
            # Two scans of created_at (no index: every insert would pay for one), and the
            # posts between the oldest and the newest wanted sorted; ranking all 100,000
            # with a window function costs three times as much.
            created = dict(conn.execute(
                "SELECT id, created_at FROM posts WHERE created_at IS NOT NULL"
                " AND id IN (SELECT value FROM json_each(?))",
                (json.dumps(wanted),),
            ).fetchall())  # fmt: skip
            if not created:
                return {}
            lo, hi = min(created.values()), max(created.values())
            above = conn.execute(
                "SELECT count(*) FROM posts WHERE created_at > ?", (hi,)
            ).fetchone()[0]
            between = [t for (t,) in conn.execute(
                "SELECT created_at FROM posts WHERE created_at BETWEEN ? AND ?"
                " ORDER BY created_at", (lo, hi),
            )]  # fmt: skip
            n = len(between)
            return {
                pid: (above + n - bisect.bisect_right(between, at),
                      above + n - bisect.bisect_left(between, at))
                for pid, at in created.items()
            }  # fmt: skip

        return await self._db.run(read) if wanted else {}

    async def begin_bulk_write(self) -> bool:
        """Before writing most of a listing into a store that lacks it (a first sync): the
        posts written from now on are left out of the search index until ``end_bulk_write``
        fills it (searches scan meanwhile, with the same answers), the write-ahead log is not
        copied into the database file after each write (that copy and its fsync are done once,
        by ``end_bulk_write``), and the page cache holds the indexes the rows go into (random
        ids: with SQLite's 2 MB each insert rereads index pages from the log, a third of the
        insert's time). Returns whether the search index is now behind."""

        def begin(conn: sqlite3.Connection) -> bool:
            conn.execute("PRAGMA wal_autocheckpoint = 0")
            conn.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
            return post_search.defer(conn)

        return await self._db.run(begin)

    async def search_index_behind(self) -> bool:
        """Whether the search index lacks posts a bulk write left to fill afterwards."""
        return await self._db.run(lambda c: post_search.usable(c) and not post_search.complete(c))

    async def end_bulk_write(self) -> None:
        """After a bulk write (or one interrupted before): index what it left out, a few
        thousand posts a transaction so that other work on the database thread goes between
        them, and merge what that made into one segment; then copy the log into the database
        file and resume automatic checkpoints."""
        try:
            behind = await self.search_index_behind()
            while not await self._db.run(post_search.fill_step):
                await asyncio.sleep(0)
            if behind:
                await self._db.run(post_search.merge)
        except BaseException:
            # Failed or cancelled (the next sync resumes the filling): the usual settings come
            # back all the same, else the log would grow until the store is closed.
            with contextlib.suppress(Exception):  # a store already closed has no settings
                await self._db.run(_usual_settings)
            raise
        await self._db.run(_end_bulk_write)

    async def write_mark(self) -> int:
        """A mark of "now" in write order; pass it to ``prune_not_upserted_since`` later."""
        return await self._db.run(_write_mark)

    async def prune_not_upserted_since(self, mark: int) -> list[str]:
        """Delete the posts no write touched after ``mark`` (taken when a sync started): the
        ones the server no longer lists. Returns their ids."""
        return await self._db.run(_prune_posts, mark)


def _post_id(post: Any) -> str:
    if isinstance(post, dict):
        return str(post.get("id"))
    return str(getattr(post, "id", ""))


def _usual_settings(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    conn.execute(f"PRAGMA wal_autocheckpoint = {WAL_AUTOCHECKPOINT}")


def _end_bulk_write(conn: sqlite3.Connection) -> None:
    _usual_settings(conn)
    # TRUNCATE rather than leaving it to the next write, which then paid ~0.1 s to restart and
    # cut a log of a few hundred MB. It waits for readers still on the log (the list's queries
    # under way): 0.1 s at most, else it gives up and journal_size_limit cuts the file later.
    busy = conn.execute("PRAGMA busy_timeout").fetchone()[0]
    conn.execute(f"PRAGMA busy_timeout = {BULK_CHECKPOINT_WAIT_MS}")
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(busy)}")


def _write_mark(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT value FROM counters WHERE name = 'posts_upsert'").fetchone()[0])


def _mark_status(
    conn: sqlite3.Connection, post_id: str, status: str, only_if: str | None = None
) -> bool:
    """Set a post's status and its raw JSON's; with ``only_if``, only while it still has that
    status."""
    cur = conn.execute(
        "UPDATE posts SET status = ?, raw = json_set(raw, '$.status', ?)"
        " WHERE id = ? AND (? IS NULL OR status = ?)",
        (status, status, post_id, only_if, only_if),
    )
    return cur.rowcount > 0


def _mark_cancelled(conn: sqlite3.Connection, ids: list[str]) -> list[str]:
    with transaction(conn):
        return [pid for pid in ids if _mark_status(conn, pid, "cancelled", only_if="scheduled")]


def _status_tally(conn: sqlite3.Connection, set_aside: list[str]) -> tuple[int, dict[str, int]]:
    # One read transaction, so one snapshot: the counts and the set-aside rows agree. The
    # counts come from the (status, sort_at) index alone: 100,000 posts in ~15 ms, where one
    # statement testing each row's id against the set-aside took 70.
    conn.execute("BEGIN")
    try:
        counts = dict(conn.execute("SELECT status, count(*) FROM posts GROUP BY status"))
        aside = conn.execute(
            "SELECT status, count(*) FROM posts WHERE id IN (SELECT value FROM json_each(?))"
            " GROUP BY status",
            (json.dumps(set_aside),),
        ).fetchall()
    finally:
        conn.execute("COMMIT")
    total = sum(counts.values())
    for status, n in aside:
        counts[status] -= n
    return total, counts


def _delete_posts(conn: sqlite3.Connection, ids: list[str]) -> int:
    total = 0
    with transaction(conn):
        for chunk in _chunks(ids, 500):
            total += conn.execute(
                f"DELETE FROM posts WHERE id IN ({placeholders(len(chunk))})", list(chunk)
            ).rowcount
    return total


def _prune_posts(conn: sqlite3.Connection, mark: int) -> list[str]:
    with transaction(conn):
        ids = [r[0] for r in conn.execute("SELECT id FROM posts WHERE upsert_seq <= ?", (mark,))]
        conn.execute("DELETE FROM posts WHERE upsert_seq <= ?", (mark,))
    return ids


# --------------------------------------------------------------------------- sync state


@dataclass(frozen=True)
class SyncState:
    name: str
    last_attempt_at: datetime | None
    last_success_at: datetime | None
    last_error: str | None
    last_error_kind: str | None
    item_count: int | None


class SyncStateRepo:
    """When each thing (profiles, platforms, posts, all) last synced, and the last error."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def record_attempt(self, name: str) -> None:
        await self._db.run(_upsert_state, name, {"last_attempt_at": utc_now_iso()})

    async def record_success(self, name: str, item_count: int | None = None) -> None:
        await self._db.run(
            _upsert_state,
            name,
            {
                "last_success_at": utc_now_iso(),
                "item_count": item_count,
                "last_error": None,
                "last_error_kind": None,
            },
        )

    async def record_error(self, name: str, kind: str, message: str) -> None:
        await self._db.run(_upsert_state, name, {"last_error": message, "last_error_kind": kind})

    async def get(self, name: str) -> SyncState | None:
        found = await self._db.run(_states, name)
        return found.get(name)

    async def all(self) -> dict[str, SyncState]:
        return await self._db.run(_states, None)


_STATE_FIELDS = (
    "last_attempt_at",
    "last_success_at",
    "last_error",
    "last_error_kind",
    "item_count",
)


def _upsert_state(conn: sqlite3.Connection, name: str, values: dict[str, Any]) -> None:
    cols = [c for c in _STATE_FIELDS if c in values]
    conn.execute(
        f"INSERT INTO sync_state (name, {','.join(cols)}) VALUES (?{',?' * len(cols)})"
        f" ON CONFLICT (name) DO UPDATE SET {','.join(f'{c}=excluded.{c}' for c in cols)}",
        [name, *(values[c] for c in cols)],
    )


def _states(conn: sqlite3.Connection, name: str | None) -> dict[str, SyncState]:
    sql = f"SELECT name, {','.join(_STATE_FIELDS)} FROM sync_state"
    args: list[Any] = []
    if name is not None:
        sql += " WHERE name = ?"
        args.append(name)
    return {
        r[0]: SyncState(r[0], parse_utc(r[1]), parse_utc(r[2]), r[3], r[4], r[5])
        for r in conn.execute(sql, args)
    }
