"""The local SQLite store: one database per workspace, opened with ``Database.open(path)``.

Adding a table: drop ``migrations/NNNN_name.sql`` (next free number, no BEGIN/COMMIT inside; the
runner wraps each file in one transaction and bumps ``PRAGMA user_version``), and a repository
whose methods do ``await self._db.run(fn, ...)`` with ``fn(conn, ...)`` holding the SQL.

The names below load on first use: the first frame imports ``s200desk.store.queries`` alone,
before asyncio (which ``database`` needs) has been imported.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from s200desk.store.database import (
        Database,
        DatabaseTooNewError,
        StoreError,
        load_migrations,
    )
    from s200desk.store.queries import PostFilter
    from s200desk.store.records import StoredPlatform, StoredPost, StoredProfile
    from s200desk.store.repos import (
        PlatformsRepo,
        PostsRepo,
        ProfilesRepo,
        SyncState,
        SyncStateRepo,
    )
    from s200desk.store.timefmt import parse_utc, to_utc_iso
    from s200desk.store.transactions import transaction

_HOMES = {
    "Database": "database",
    "DatabaseTooNewError": "database",
    "StoreError": "database",
    "load_migrations": "database",
    "transaction": "transactions",
    "PostFilter": "queries",
    "StoredPlatform": "records",
    "StoredPost": "records",
    "StoredProfile": "records",
    "PlatformsRepo": "repos",
    "PostsRepo": "repos",
    "ProfilesRepo": "repos",
    "SyncState": "repos",
    "SyncStateRepo": "repos",
    "parse_utc": "timefmt",
    "to_utc_iso": "timefmt",
}

__all__ = [
    "Database",
    "DatabaseTooNewError",
    "PlatformsRepo",
    "PostFilter",
    "PostsRepo",
    "ProfilesRepo",
    "StoreError",
    "StoredPlatform",
    "StoredPost",
    "StoredProfile",
    "SyncState",
    "SyncStateRepo",
    "load_migrations",
    "parse_utc",
    "to_utc_iso",
    "transaction",
]


def __getattr__(name: str) -> Any:
    # Lazy so the first frame can import store.queries without asyncio (docs/performance.md).
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 's200desk.store' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"s200desk.store.{home}"), name)
    globals()[name] = value
    return value
