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
CREATE INDEX IF NOT EXISTS posts_due ON posts (status, scheduled_for);
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
        with self.lock:
            self._db.executemany(
                f"INSERT INTO posts ({', '.join(POST_COLUMNS)}) VALUES ({marks})", rows
            )

    def update_post(self, post_id: str, **fields: Any) -> None:
        for key in ("published_at", "scheduled_for"):
            if key in fields and isinstance(fields[key], datetime):
                fields[key] = to_db(fields[key])
        sets = ", ".join(f"{k} = ?" for k in fields)
        self._exec(f"UPDATE posts SET {sets} WHERE id = ?", *fields.values(), post_id)

    def post(self, post_id: str) -> dict[str, Any] | None:
        return self._one("SELECT * FROM posts WHERE id = ?", post_id)

    def list_posts(
        self, account_id: str | None, platform: str | None, status: str | None,
        limit: int, offset: int,
    ) -> tuple[list[dict[str, Any]], int]:
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
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        with self.lock:
            total = self._db.execute(f"SELECT COUNT(*) FROM posts {clause}", args).fetchone()[0]
            rows = self._db.execute(
                f"SELECT * FROM posts {clause} ORDER BY created_at DESC, seq DESC LIMIT ? OFFSET ?",
                [*args, limit, offset],
            ).fetchall()
        return [dict(r) for r in rows], int(total)

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
