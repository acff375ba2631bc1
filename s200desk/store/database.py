"""One SQLite database per workspace: WAL, foreign keys, ordered migrations, one worker thread.

Every statement runs on a single worker thread that owns the connection. From asyncio,
``await db.run(fn, *args)`` calls ``fn(conn, *args)`` there, so the event loop never waits on the
disk; from plain code (the CLI, start-up), ``db.call(fn, *args)`` does the same and blocks.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import os
import re
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

from s200desk.store import post_search
from s200desk.store.timefmt import utc_now_iso

log = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")

_MIGRATION_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")
# A migration whose first line is "-- optional: <feature>" runs only where this SQLite has the
# feature; elsewhere its number is recorded all the same (post_search.fit_to_sqlite follows up).
_OPTIONAL = re.compile(r"^-- optional: ([a-z0-9-]+)")
# SQLite's default: a commit that leaves more pages than this in the log copies them into the
# database file (a bulk write turns it off for its duration: PostsRepo.begin_bulk_write).
WAL_AUTOCHECKPOINT = 1000
JOURNAL_SIZE_LIMIT = 32 * 1024 * 1024
# SQLite's default page cache, in KiB (a bulk write raises it for its duration).
CACHE_KIB = 2000


class StoreError(Exception):
    """The local database cannot be used."""


class DatabaseTooNewError(StoreError):
    """The file was written by a newer s200desk than this one."""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def load_migrations() -> list[Migration]:
    """Every ``migrations/NNNN_name.sql`` in version order; duplicate numbers are an error."""
    found: dict[int, Migration] = {}
    folder = resources.files("s200desk.store") / "migrations"
    for entry in folder.iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if not match:
            continue
        version = int(match.group(1))
        if version in found:
            raise StoreError(
                f"two migrations share number {version:04d}: {found[version].name} and {entry.name}"
            )
        found[version] = Migration(version, entry.name, entry.read_text(encoding="utf-8"))
    return [found[v] for v in sorted(found)]


def _apply_migrations(conn: sqlite3.Connection, migrations: list[Migration]) -> list[int]:
    current = conn.execute("PRAGMA user_version").fetchone()[0]
    latest = migrations[-1].version if migrations else 0
    if current > latest:
        raise DatabaseTooNewError(
            f"this database is at schema {current}, newer than this s200desk knows ({latest})"
        )
    applied: list[int] = []
    for migration in migrations:
        if migration.version <= current:
            continue
        sql = migration.sql
        optional = _OPTIONAL.match(sql)
        if optional and not post_search.feature_available(optional.group(1)):
            log.info("migration %s skipped: SQLite %s lacks %s", migration.name,
                     sqlite3.sqlite_version, optional.group(1))  # fmt: skip
            sql = ""
        # executescript commits any open transaction first; the script carries its own, so a
        # failing migration leaves the schema exactly as it was.
        script = (
            "BEGIN IMMEDIATE;\n"
            f"{sql}\n;\n"
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES "
            f"({migration.version}, '{migration.name}', '{utc_now_iso()}');\n"
            f"PRAGMA user_version = {migration.version};\n"
            "COMMIT;"
        )
        try:
            conn.executescript(script)
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise StoreError(f"migration {migration.name} failed: {exc}") from exc
        log.info("database migrated to schema %d (%s)", migration.version, migration.name)
        applied.append(migration.version)
    return applied


def _create_private(path: Path) -> None:
    """Create the file 0600 before SQLite opens it (narrowing an older, wider one).

    SQLite creates the -wal and -shm files with the database file's permissions, so they follow;
    a umask set around the connect would be process-wide and race other threads' files.
    """
    if os.name == "nt":
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        os.fchmod(fd, 0o600)
    finally:
        os.close(fd)
    for suffix in ("-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            os.chmod(f"{path}{suffix}", 0o600)


class Database:
    """A workspace's SQLite file. Use ``Database.open(path)``; close it when done."""

    def __init__(
        self,
        path: Path,
        conn: sqlite3.Connection,
        executor: ThreadPoolExecutor,
        worker: threading.Thread,
    ) -> None:
        self.path = path
        self._conn = conn
        self._executor = executor
        self._worker = worker
        self._closed = False

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(cls, path: Path | str) -> Database:
        """Open (creating if needed) and migrate the database at ``path``. Blocks briefly."""
        path = Path(path)
        if str(path) != ":memory:":
            path.parent.mkdir(parents=True, exist_ok=True)
            _create_private(path)
        executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="s200desk-db")

        def _connect() -> tuple[sqlite3.Connection, threading.Thread]:
            conn = sqlite3.connect(
                str(path), timeout=10.0, isolation_level=None, check_same_thread=True
            )
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA busy_timeout = 10000")
            # Temporary tables in memory: a sync stages each write's posts in one
            # (store.post_json), a third cheaper than through a temporary file.
            conn.execute("PRAGMA temp_store = MEMORY")
            # A bulk write (a first sync) grows the log to a few hundred MB; once it is copied
            # into the database file, the next write cuts the file back to this size.
            conn.execute(f"PRAGMA journal_size_limit = {JOURNAL_SIZE_LIMIT}")
            conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
            )
            _apply_migrations(conn, load_migrations())
            post_search.fit_to_sqlite(conn)
            return conn, threading.current_thread()

        try:
            conn, worker = executor.submit(_connect).result()
        except BaseException:
            executor.shutdown(wait=True)
            raise
        return cls(path, conn, executor, worker)

    @classmethod
    async def open_async(cls, path: Path | str) -> Database:
        """``open`` without blocking the event loop."""
        return await asyncio.get_running_loop().run_in_executor(None, cls.open, path)

    # ------------------------------------------------------------------ running statements

    @property
    def schema_version(self) -> int:
        return int(self.call(lambda c: c.execute("PRAGMA user_version").fetchone()[0]))

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError(f"database {self.path} is closed")

    async def run(
        self,
        fn: Callable[Concatenate[sqlite3.Connection, P], T],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> T:
        """Run ``fn(conn, *args, **kwargs)`` on the database thread and await its result."""
        self._check_open()
        if threading.current_thread() is self._worker:
            return fn(self._conn, *args, **kwargs)
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            self._executor, functools.partial(fn, self._conn, *args, **kwargs)
        )

    def call(
        self,
        fn: Callable[Concatenate[sqlite3.Connection, P], T],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> T:
        """Run ``fn(conn, *args, **kwargs)`` on the database thread and wait (blocking)."""
        self._check_open()
        if threading.current_thread() is self._worker:
            return fn(self._conn, *args, **kwargs)
        return self._executor.submit(fn, self._conn, *args, **kwargs).result()

    def close(self) -> None:
        """Checkpoint and close; idempotent."""
        if self._closed:
            return

        def _close(conn: sqlite3.Connection) -> None:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("PRAGMA optimize")
            conn.close()

        try:
            self.call(_close)
        finally:
            self._closed = True
            self._executor.shutdown(wait=True)

    async def aclose(self) -> None:
        if self._closed:
            return
        await asyncio.get_running_loop().run_in_executor(None, self.close)

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Database({str(self.path)!r}, closed={self._closed})"


def row_to_dict(row: sqlite3.Row) -> dict[str, Any]:
    return {key: row[key] for key in row.keys()}  # noqa: SIM118 - sqlite3.Row is not a Mapping
