"""The emulator's state in SQLite: `:memory:` by default, a file when it must survive a restart."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from .timefmt import to_db

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS accounts (id TEXT PRIMARY KEY, name TEXT NOT NULL, plan TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS api_keys (
    key TEXT PRIMARY KEY, account_id TEXT NOT NULL REFERENCES accounts(id),
    revoked INTEGER NOT NULL DEFAULT 0, created_seq INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS profiles (
    account_id TEXT NOT NULL, handle TEXT NOT NULL, platform TEXT NOT NULL,
    display_name TEXT NOT NULL, status TEXT NOT NULL, connected_at TEXT NOT NULL,
    PRIMARY KEY (account_id, handle, platform)
);
CREATE TABLE IF NOT EXISTS media (
    file_id TEXT PRIMARY KEY, account_id TEXT NOT NULL, size INTEGER NOT NULL,
    type TEXT NOT NULL, url TEXT NOT NULL, created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS posts (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL, account_id TEXT NOT NULL,
    handle TEXT NOT NULL, platform TEXT NOT NULL, caption TEXT NOT NULL, status TEXT NOT NULL,
    platform_post_id TEXT, media TEXT NOT NULL, platform_options TEXT NOT NULL,
    created_at TEXT NOT NULL, published_at TEXT, scheduled_for TEXT, cap_day TEXT NOT NULL,
    error_code TEXT, error_message TEXT, via TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS posts_by_account ON posts (account_id, created_at);
CREATE INDEX IF NOT EXISTS posts_by_status ON posts (account_id, status, created_at);
CREATE INDEX IF NOT EXISTS posts_by_platform ON posts (account_id, platform, created_at);
CREATE INDEX IF NOT EXISTS posts_by_platform_status
    ON posts (account_id, platform, status, created_at);
CREATE INDEX IF NOT EXISTS posts_by_cap_day ON posts (account_id, cap_day, platform, status);
CREATE INDEX IF NOT EXISTS posts_due ON posts (status, scheduled_for);
-- Counts per (account, platform, status), kept by triggers, so a listing's total costs a few
-- rows instead of a scan of every post.
CREATE TABLE IF NOT EXISTS post_counts (
    account_id TEXT NOT NULL, platform TEXT NOT NULL, status TEXT NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (account_id, platform, status)
);
-- Bumped by every write that can move a post in or out of a listing, or within one.
CREATE TABLE IF NOT EXISTS post_listing_version (id INTEGER PRIMARY KEY CHECK (id = 1), v INTEGER);
INSERT OR IGNORE INTO post_listing_version VALUES (1, 0);
CREATE TRIGGER IF NOT EXISTS posts_counted_insert AFTER INSERT ON posts BEGIN
    INSERT INTO post_counts VALUES (new.account_id, new.platform, new.status, 1)
        ON CONFLICT (account_id, platform, status) DO UPDATE SET n = n + 1;
    UPDATE post_listing_version SET v = v + 1;
END;
CREATE TRIGGER IF NOT EXISTS posts_counted_delete AFTER DELETE ON posts BEGIN
    UPDATE post_counts SET n = n - 1 WHERE account_id = old.account_id
        AND platform = old.platform AND status = old.status;
    UPDATE post_listing_version SET v = v + 1;
END;
CREATE TRIGGER IF NOT EXISTS posts_counted_update
AFTER UPDATE OF account_id, platform, status, created_at ON posts BEGIN
    UPDATE post_counts SET n = n - 1 WHERE account_id = old.account_id
        AND platform = old.platform AND status = old.status;
    INSERT INTO post_counts VALUES (new.account_id, new.platform, new.status, 1)
        ON CONFLICT (account_id, platform, status) DO UPDATE SET n = n + 1;
    UPDATE post_listing_version SET v = v + 1;
END;
CREATE TABLE IF NOT EXISTS webhooks (
    id TEXT PRIMARY KEY, account_id TEXT, url TEXT NOT NULL, secret TEXT NOT NULL,
    events TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS deliveries (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL, webhook_id TEXT NOT NULL,
    event_id TEXT NOT NULL, event_type TEXT NOT NULL, url TEXT NOT NULL, body TEXT NOT NULL,
    state TEXT NOT NULL, next_attempt_at TEXT, attempts TEXT NOT NULL
);
"""

COUNTED_STATUSES = ("published", "scheduled", "pending")
# A deep page starts from the nearest remembered position instead of skipping every row before
# it: positions every ANCHOR_STEP rows, rebuilt when the listing changes (its version moves).
ANCHOR_STEP = 200
POST_COLUMNS = (
    "id", "account_id", "handle", "platform", "caption", "status", "platform_post_id", "media",
    "platform_options", "created_at", "published_at", "scheduled_for", "cap_day", "error_code",
    "error_message", "via",
)
_POST_COLUMN_SET = frozenset(POST_COLUMNS)
MediaRow = tuple[str, str, int, str, str, datetime]  # file_id, account_id, size, type, url, at
_POST_JSON_INDEXES = tuple(POST_COLUMNS.index(c) for c in ("media", "platform_options"))
_POST_TIME_INDEXES = tuple(
    POST_COLUMNS.index(c) for c in ("created_at", "published_at", "scheduled_for")
)


def _row(row: sqlite3.Row | None) -> dict[str, Any] | None:
    return dict(row) if row is not None else None


class State:
    """Every read and write of the emulator goes through here, under one lock (threads share it)."""

    def __init__(self, path: str | None = None) -> None:
        self.path = path or ":memory:"
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self.lock = threading.RLock()
        if self.path != ":memory:":
            self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(SCHEMA)
        self._recount_if_missing()
        self._anchors: dict[tuple[str, tuple[Any, ...]], tuple[int, list[tuple[str, int]]]] = {}

    def close(self) -> None:
        with self.lock:
            self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self.lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    @contextmanager
    def _maybe_transaction(self) -> Iterator[None]:
        """One transaction for a batch of writes, unless the caller already opened one."""
        if self._db.in_transaction:
            yield
        else:
            with self.transaction():
                yield

    def _one(self, sql: str, *args: Any) -> dict[str, Any] | None:
        with self.lock:
            return _row(self._db.execute(sql, args).fetchone())

    def _all(self, sql: str, *args: Any) -> list[dict[str, Any]]:
        with self.lock:
            return [dict(r) for r in self._db.execute(sql, args).fetchall()]

    def _exec(self, sql: str, *args: Any) -> int:
        with self.lock:
            return self._db.execute(sql, args).rowcount

    # meta
    def get_meta(self, key: str) -> str | None:
        row = self._one("SELECT value FROM meta WHERE key = ?", key)
        return row["value"] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self._exec("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", key, value)

    # accounts and keys
    def add_account(self, account_id: str, name: str, plan: str) -> None:
        self._exec("INSERT INTO accounts (id, name, plan) VALUES (?, ?, ?)", account_id, name, plan)

    def account(self, account_id: str) -> dict[str, Any] | None:
        return self._one("SELECT * FROM accounts WHERE id = ?", account_id)

    def set_plan_everywhere(self, plan: str) -> None:
        self._exec("UPDATE accounts SET plan = ?", plan)

    def add_key(self, key: str, account_id: str) -> None:
        with self.lock:
            seq = self._db.execute("SELECT COUNT(*) FROM api_keys").fetchone()[0]
            self._db.execute(
                "INSERT INTO api_keys (key, account_id, created_seq) VALUES (?, ?, ?)",
                (key, account_id, seq),
            )

    def account_for_key(self, key: str) -> str | None:
        row = self._one("SELECT account_id FROM api_keys WHERE key = ? AND revoked = 0", key)
        return row["account_id"] if row else None

    def revoke_key(self, key: str) -> bool:
        return self._exec("UPDATE api_keys SET revoked = 1 WHERE key = ? AND revoked = 0", key) > 0

    # profiles
    def add_profile(
        self, account_id: str, handle: str, platform: str, display_name: str, status: str,
        connected_at: datetime,
    ) -> None:
        self._exec(
            "INSERT INTO profiles VALUES (?, ?, ?, ?, ?, ?)",
            account_id, handle, platform, display_name, status, to_db(connected_at),
        )

    def profiles(self, account_id: str) -> list[dict[str, Any]]:
        return self._all(
            "SELECT * FROM profiles WHERE account_id = ? ORDER BY connected_at, handle, platform",
            account_id,
        )

    def profile(self, account_id: str, handle: str, platform: str) -> dict[str, Any] | None:
        return self._one(
            "SELECT * FROM profiles WHERE account_id = ? AND handle = ? AND platform = ?",
            account_id, handle, platform,
        )

    def set_profile_status(self, account_id: str, handle: str, platform: str, status: str) -> bool:
        return self._exec(
            "UPDATE profiles SET status = ? WHERE account_id = ? AND handle = ? AND platform = ?",
            status, account_id, handle, platform,
        ) > 0

    def profile_anywhere(self, handle: str, platform: str) -> dict[str, Any] | None:
        return self._one(
            "SELECT * FROM profiles WHERE handle = ? AND platform = ? ORDER BY account_id",
            handle, platform,
        )

    # media
    def add_media(
        self, file_id: str, account_id: str, size: int, mime: str, url: str, created_at: datetime
    ) -> None:
        self._exec(
            "INSERT INTO media VALUES (?, ?, ?, ?, ?, ?)",
            file_id, account_id, size, mime, url, to_db(created_at),
        )

    def add_media_many(self, rows: Iterable[MediaRow]) -> None:
        """`add_media` for each (file_id, account_id, size, mime, url, created_at), in order, as
        one statement (seeding writes hundreds)."""
        with self.lock:
            self._db.executemany(
                "INSERT INTO media VALUES (?, ?, ?, ?, ?, ?)",
                [(*row[:5], to_db(row[5])) for row in rows],
            )

    def media(self, account_id: str, file_id: str) -> dict[str, Any] | None:
        return self._one(
            "SELECT * FROM media WHERE file_id = ? AND account_id = ?", file_id, account_id
        )

    # posts
    def insert_post(self, post: dict[str, Any]) -> None:
        row = dict(post)
        row["media"] = json.dumps(row["media"])
        row["platform_options"] = json.dumps(row["platform_options"])
        for key in ("created_at", "published_at", "scheduled_for"):
            row[key] = to_db(row.get(key))
        cols = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        self._exec(f"INSERT INTO posts ({cols}) VALUES ({marks})", *row.values())

    def insert_posts(self, posts: Iterable[dict[str, Any]]) -> None:
        """`insert_post` for each post, in order, as one statement (seeding writes hundreds).
        Each post names every column but `seq`."""
        rows = []
        for post in posts:
            if post.keys() != _POST_COLUMN_SET:
                raise ValueError(f"a post needs exactly the columns {', '.join(POST_COLUMNS)}")
            row = [post[c] for c in POST_COLUMNS]
            for i in _POST_JSON_INDEXES:
                row[i] = json.dumps(row[i])
            for i in _POST_TIME_INDEXES:
                row[i] = to_db(row[i])
            rows.append(row)
        marks = ", ".join("?" for _ in POST_COLUMNS)
        with self.lock, self._maybe_transaction():
            self._db.executemany(
                f"INSERT INTO posts ({', '.join(POST_COLUMNS)}) VALUES ({marks})", rows
            )

    def update_post(self, post_id: str, **fields: Any) -> None:
        for key in ("published_at", "scheduled_for"):
            if key in fields and isinstance(fields[key], datetime):
                fields[key] = to_db(fields[key])
        sets = ", ".join(f"{k} = ?" for k in fields)
        self._exec(f"UPDATE posts SET {sets} WHERE id = ?", *fields.values(), post_id)

    def delete_post(self, post_id: str) -> bool:
        """Remove a post as if deleted on the platform's side (tests of removal detection)."""
        return self._exec("DELETE FROM posts WHERE id = ?", post_id) > 0

    def post(self, post_id: str) -> dict[str, Any] | None:
        return self._one("SELECT * FROM posts WHERE id = ?", post_id)

    def list_posts(
        self, account_id: str | None, platform: str | None, status: str | None,
        limit: int, offset: int,
    ) -> tuple[list[dict[str, Any]], int]:
        """Newest first, as the reference lists them; costs about one page, however deep."""
        where, args = [], []
        if account_id is not None:
            where.append("account_id = ?")
            args.append(account_id)
        if platform is not None:
            where.append("platform = ?")
            args.append(platform)
        if status is not None:
            where.append("status = ?")
            args.append(status)
        clause = " AND ".join(where) or "1"
        order = "ORDER BY created_at DESC, seq DESC"
        with self.lock:
            total = self._count(where, args)
            anchor, skip = self._seek(clause, args, offset)
            if anchor is None and offset >= ANCHOR_STEP:
                return [], total  # past the end
            if anchor is not None:
                rows = self._db.execute(
                    f"SELECT * FROM posts WHERE {clause} AND (created_at, seq) <= (?, ?) "
                    f"{order} LIMIT ? OFFSET ?",
                    [*args, *anchor, limit, skip],
                ).fetchall()
            else:
                rows = self._db.execute(
                    f"SELECT * FROM posts WHERE {clause} {order} LIMIT ? OFFSET ?",
                    [*args, limit, offset],
                ).fetchall()
        return [dict(r) for r in rows], total

    def _count(self, where: list[str], args: list[Any]) -> int:
        clause = " AND ".join(where) or "1"
        row = self._db.execute(
            f"SELECT COALESCE(SUM(n), 0) FROM post_counts WHERE {clause}", args
        ).fetchone()
        return int(row[0])

    def _seek(
        self, clause: str, args: list[Any], offset: int
    ) -> tuple[tuple[str, int] | None, int]:
        """The remembered (created_at, seq) at or before ``offset``, and the rows left to skip."""
        if offset < ANCHOR_STEP:
            return None, offset
        version = int(self._db.execute("SELECT v FROM post_listing_version").fetchone()[0])
        key = (clause, tuple(args))
        cached = self._anchors.get(key)
        if cached is None or cached[0] != version:
            cursor = self._db.execute(
                f"SELECT created_at, seq FROM posts WHERE {clause} "
                "ORDER BY created_at DESC, seq DESC",
                args,
            )
            anchors = [(str(r[0]), int(r[1])) for i, r in enumerate(cursor) if i % ANCHOR_STEP == 0]
            if len(self._anchors) > 64:
                self._anchors.clear()
            cached = self._anchors[key] = (version, anchors)
        index = offset // ANCHOR_STEP
        if index >= len(cached[1]):
            return None, offset
        return cached[1][index], offset - index * ANCHOR_STEP

    def _recount_if_missing(self) -> None:
        """A database written before the counts existed gets them once."""
        with self.lock:
            counted = self._db.execute("SELECT COALESCE(SUM(n), 0) FROM post_counts").fetchone()[0]
            posts = self._db.execute("SELECT COUNT(*) FROM posts").fetchone()[0]
            if counted != posts:
                self._db.execute("DELETE FROM post_counts")
                self._db.execute(
                    "INSERT INTO post_counts SELECT account_id, platform, status, COUNT(*) "
                    "FROM posts GROUP BY account_id, platform, status"
                )

    def due_posts(self, now: datetime) -> list[dict[str, Any]]:
        return self._all(
            "SELECT * FROM posts WHERE status = 'scheduled' AND scheduled_for <= ? "
            "ORDER BY scheduled_for, seq",
            to_db(now),
        )

    def count_for_day(self, account_id: str, platform: str, day: str) -> int:
        marks = ", ".join("?" for _ in COUNTED_STATUSES)
        row = self._one(
            f"SELECT COUNT(*) AS n FROM posts WHERE account_id = ? AND platform = ? "
            f"AND cap_day = ? AND status IN ({marks})",
            account_id, platform, day, *COUNTED_STATUSES,
        )
        return int(row["n"]) if row else 0

    def busiest_platform(self, account_id: str, day: str) -> tuple[str, int] | None:
        marks = ", ".join("?" for _ in COUNTED_STATUSES)
        row = self._one(
            f"SELECT platform, COUNT(*) AS n FROM posts WHERE account_id = ? AND cap_day = ? "
            f"AND status IN ({marks}) GROUP BY platform ORDER BY n DESC, platform LIMIT 1",
            account_id, day, *COUNTED_STATUSES,
        )
        return (row["platform"], int(row["n"])) if row else None

    # webhooks
    def add_webhook(
        self, webhook_id: str, account_id: str | None, url: str, secret: str, events: list[str]
    ) -> None:
        self._exec(
            "INSERT INTO webhooks VALUES (?, ?, ?, ?, ?)",
            webhook_id, account_id, url, secret, json.dumps(events),
        )

    def webhooks(self) -> list[dict[str, Any]]:
        rows = self._all("SELECT * FROM webhooks ORDER BY rowid")
        for r in rows:
            r["events"] = json.loads(r["events"])
        return rows

    def add_delivery(self, delivery: dict[str, Any]) -> None:
        row = dict(delivery)
        row["attempts"] = json.dumps(row["attempts"])
        cols = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        self._exec(f"INSERT INTO deliveries ({cols}) VALUES ({marks})", *row.values())

    def update_delivery(self, delivery_id: str, **fields: Any) -> None:
        if "attempts" in fields:
            fields["attempts"] = json.dumps(fields["attempts"])
        sets = ", ".join(f"{k} = ?" for k in fields)
        self._exec(f"UPDATE deliveries SET {sets} WHERE id = ?", *fields.values(), delivery_id)

    def due_deliveries(self, now: datetime) -> list[dict[str, Any]]:
        rows = self._all(
            "SELECT * FROM deliveries WHERE state = 'pending' AND next_attempt_at <= ? "
            "ORDER BY seq",
            to_db(now),
        )
        for r in rows:
            r["attempts"] = json.loads(r["attempts"])
        return rows

    def deliveries(self) -> list[dict[str, Any]]:
        rows = self._all("SELECT * FROM deliveries ORDER BY seq")
        for r in rows:
            r["attempts"] = json.loads(r["attempts"])
        return rows
