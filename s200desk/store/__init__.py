"""The local SQLite store: one database per workspace, opened with ``Database.open(path)``.

Adding a table: drop ``migrations/NNNN_name.sql`` (next free number, no BEGIN/COMMIT inside; the
runner wraps each file in one transaction and bumps ``PRAGMA user_version``), and a repository
whose methods do ``await self._db.run(fn, ...)`` with ``fn(conn, ...)`` holding the SQL.
"""

from s200desk.store.database import (
    Database,
    DatabaseTooNewError,
    StoreError,
    load_migrations,
    transaction,
)
from s200desk.store.records import StoredPlatform, StoredPost, StoredProfile
from s200desk.store.repos import (
    PlatformsRepo,
    PostFilter,
    PostsRepo,
    ProfilesRepo,
    SyncState,
    SyncStateRepo,
)
from s200desk.store.timefmt import parse_utc, to_utc_iso

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
