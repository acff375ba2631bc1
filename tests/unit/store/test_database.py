"""Database: WAL, foreign keys, migrations applied once and in order, the worker thread."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from pathlib import Path

import pytest

from s200desk import paths
from s200desk.store import Database, DatabaseTooNewError, StoreError, load_migrations
from s200desk.store import database as database_module


def test_open_sets_wal_foreign_keys_and_schema(tmp_path: Path) -> None:
    with Database.open(tmp_path / "w" / "cache.sqlite3") as db:
        assert db.call(lambda c: c.execute("PRAGMA journal_mode").fetchone()[0]) == "wal"
        assert db.call(lambda c: c.execute("PRAGMA foreign_keys").fetchone()[0]) == 1
        latest = load_migrations()[-1].version
        assert db.schema_version == latest
        tables = db.call(
            lambda c: {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        )
        assert {"profiles", "platforms", "posts", "sync_state", "schema_migrations"} <= tables


def test_migrations_are_numbered_uniquely_and_start_at_one() -> None:
    migrations = load_migrations()
    assert migrations[0].version == 1
    versions = [m.version for m in migrations]
    assert versions == sorted(set(versions))


def test_reopening_applies_nothing_twice(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    Database.open(path).close()
    with Database.open(path) as db:
        rows = db.call(lambda c: c.execute("SELECT version FROM schema_migrations").fetchall())
        assert [r[0] for r in rows] == [m.version for m in load_migrations()]


def test_a_failing_migration_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "cache.sqlite3"
    Database.open(path).close()
    good = load_migrations()
    bad = database_module.Migration(
        good[-1].version + 1, "9999_bad.sql", "CREATE TABLE half_done (x); SELECT nonsense("
    )
    monkeypatch.setattr(database_module, "load_migrations", lambda: [*good, bad])
    with pytest.raises(StoreError, match=r"9999_bad\.sql"):
        Database.open(path)
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == good[-1].version
        assert not conn.execute("SELECT 1 FROM sqlite_master WHERE name='half_done'").fetchall()
    finally:
        conn.close()


def test_newer_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    with pytest.raises(DatabaseTooNewError):
        Database.open(path)


async def test_run_uses_one_worker_thread_off_the_loop(tmp_path: Path) -> None:
    db = await Database.open_async(paths.workspace_db_path("w"))
    try:
        names = await asyncio.gather(
            *(db.run(lambda _c: threading.current_thread().name) for _ in range(20))
        )
        assert len(set(names)) == 1
        assert names[0] != threading.current_thread().name
        assert names[0].startswith("s200desk-db")
    finally:
        await db.aclose()
    with pytest.raises(StoreError, match="closed"):
        await db.run(lambda c: None)
