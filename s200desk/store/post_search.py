"""The posts list's search index (migration 0015): an FTS5 trigram table kept by triggers.

A search for a text of three characters or more asks the index which posts hold it, then tests
those with the list's own LIKE (``post_window.ListQuery``), so the answer is exactly LIKE's:
the index only narrows (its case folding covers more than LIKE's ASCII, never less). Shorter
texts, and SQLite builds without the trigram tokenizer (before 3.34, or without FTS5), keep
searching with LIKE alone.

A bulk write (a first sync) can leave the index behind and have it filled afterwards
(migration 0017): ``defer`` stops the triggers at the posts written from then on, ``fill_step``
indexes them a chunk at a time in the background, and until it is done a search scans with
LIKE, so the answer never depends on how far the filling got.

A store can meet another SQLite than the one that made it (an older Python, another install):
its triggers would then fail every write to posts ("no such tokenizer"), so ``fit_to_sqlite``
drops them, and builds the index again once the store is back with a SQLite that can.
"""

from __future__ import annotations

import functools
import logging
import sqlite3
from importlib import resources

from s200desk.store.transactions import transaction

log = logging.getLogger(__name__)

MIGRATION = "0015_posts_search.sql"
MIGRATION_VERSION = 15
# Run again, in this order, when a store's index must be made or rebuilt: 0017 adds the
# "indexed below" counter and the triggers that heed it.
MIGRATIONS = (MIGRATION, "0017_posts_search_deferred.sql")
# posts_search_below (a counter): the index holds every post whose rowid is below it; ALL when
# the triggers keep every post.
BELOW = "posts_search_below"
ALL = 2**63 - 1
# Posts indexed per transaction when filling after a bulk write: ~60 ms of the database
# thread each (more at once costs more per post: FTS5's in-memory segment grows).
FILL_ROWS = 5_000
FEATURE = "fts5-trigram"
TABLE = "posts_search"
TRIGGERS = frozenset({"posts_search_insert", "posts_search_delete", "posts_search_update"})
MIN_CHARS = 3  # a trigram index cannot answer less
# Above this many candidates, or a tenth of the posts, the list scans its own index with LIKE
# instead: reading and ordering a candidate's row costs about five times what the scan spends
# on a post (~0.4 µs: 35-50 ms at 100,000 posts whatever matches), and the index stops
# reading at the limit (a common word: ~6 ms spent).
MAX_CANDIDATES = 10_000
CANDIDATE_SHARE = 10


@functools.cache
def trigram_available() -> bool:
    """Whether this process's SQLite has FTS5 with the trigram tokenizer (3.34 and later)."""
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute("CREATE VIRTUAL TABLE probe USING fts5 (text, tokenize = 'trigram')")
    except sqlite3.Error:
        return False
    finally:
        conn.close()
    return True


def feature_available(name: str) -> bool:
    """Whether a migration's ``-- optional: <name>`` feature exists in this SQLite."""
    if name == FEATURE:
        return trigram_available()
    raise ValueError(f"unknown optional migration feature {name!r}")


def _triggers(conn: sqlite3.Connection) -> set[str]:
    names = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'posts'"
    ).fetchall()
    return {str(r[0]) for r in names} & TRIGGERS


def _has_table(conn: sqlite3.Connection) -> bool:
    row = conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (TABLE,)).fetchone()
    return row is not None


def _below(conn: sqlite3.Connection) -> int | None:
    row = conn.execute("SELECT value FROM counters WHERE name = ?", (BELOW,)).fetchone()
    return None if row is None else int(row[0])


def usable(conn: sqlite3.Connection) -> bool:
    """Whether the index exists, is kept up to date, and this SQLite can read it (it may still
    be filling after a bulk write: ``complete``)."""
    return (
        trigram_available()
        and _has_table(conn)
        and _triggers(conn) == TRIGGERS
        and _below(conn) is not None
    )


def complete(conn: sqlite3.Connection) -> bool:
    """Whether the index holds every post (no filling after a bulk write under way)."""
    return _below(conn) == ALL


def defer(conn: sqlite3.Connection) -> bool:
    """Leave the posts written from now on out of the index (a bulk write follows); they are
    indexed by ``fill_step``. Returns whether the index is now behind (False: no index here)."""
    if not usable(conn):
        return False
    with transaction(conn):
        # Only from "all": a filling under way keeps its lower mark.
        conn.execute(
            "UPDATE counters SET value = (SELECT COALESCE(MAX(rowid), 0) + 1 FROM posts)"
            " WHERE name = ? AND value = ?",
            (BELOW, ALL),
        )
    return True


def fill_step(conn: sqlite3.Connection, rows: int = FILL_ROWS) -> bool:
    """Index the next ``rows`` rowids of the posts a bulk write left out, in one transaction.
    Returns True once the index holds every post (or there is no index to fill)."""
    if not usable(conn):
        return True
    with transaction(conn):
        below = _below(conn)
        if below is None or below == ALL:
            return True
        top = int(conn.execute("SELECT COALESCE(MAX(rowid), 0) FROM posts").fetchone()[0])
        upto = below + rows
        # Rows in this range written since the mark went there skipped the triggers: they are
        # read here as they are now. Later writes to them go through the triggers.
        conn.execute(
            f"INSERT INTO {TABLE} (rowid, caption, account_id, platform)"
            " SELECT rowid, caption, account_id, platform FROM posts"
            " WHERE rowid >= ? AND rowid < ?",
            (below, upto),
        )
        done = upto > top
        conn.execute(
            "UPDATE counters SET value = ? WHERE name = ?", (ALL if done else upto, BELOW)
        )
    return done


def fit_to_sqlite(conn: sqlite3.Connection) -> None:
    """After the migrations: build the index if it is missing or stale and this SQLite can,
    or drop its triggers if this SQLite cannot (so that writes to posts keep working)."""
    if conn.execute("PRAGMA user_version").fetchone()[0] < MIGRATION_VERSION:
        return
    try:
        _fit(conn)
    except sqlite3.Error as exc:  # the index is a help, not the store: open without it
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        log.warning("posts search index not fitted to SQLite %s: %s", sqlite3.sqlite_version, exc)


def _fit(conn: sqlite3.Connection) -> None:
    if trigram_available():
        if usable(conn):
            return
        folder = resources.files("s200desk.store") / "migrations"
        sql = "\n;\n".join((folder / name).read_text("utf-8") for name in MIGRATIONS)
        # The migrations' statements are idempotent: missing parts are made, the rest rebuilt.
        conn.executescript(f"BEGIN IMMEDIATE;\n{sql}\n;\nCOMMIT;")
        log.info("posts search index built (SQLite %s)", sqlite3.sqlite_version)
        return
    stale = _triggers(conn)
    if stale:
        conn.executescript(
            "BEGIN IMMEDIATE;\n"
            + "".join(f"DROP TRIGGER {name};\n" for name in sorted(stale))
            + "COMMIT;"
        )
        log.info(
            "SQLite %s has no trigram tokenizer: posts search index left aside",
            sqlite3.sqlite_version,
        )


def merge(conn: sqlite3.Connection) -> None:
    """Merge the index's segments into one after ``fill_step`` made one per chunk: left to
    FTS5's automatic merging, that work fell on the next writes (a quick sync after a first one:
    +0.03-0.09 s of CPU a write of 1,000 posts). ~0.45 s at 100,000 posts, once."""
    if usable(conn):
        with transaction(conn):
            conn.execute(f"INSERT INTO {TABLE} ({TABLE}) VALUES ('optimize')")


def indexable(text: str) -> bool:
    """Whether the index can answer a search for ``text`` (already stripped)."""
    # FTS5 reads its query as a C string: a NUL would cut it short ("unterminated string").
    return len(text) >= MIN_CHARS and "\x00" not in text


def candidates(conn: sqlite3.Connection, text: str) -> list[int] | None:
    """The rowids of the posts whose caption, handle or platform may hold ``text`` (a
    superset of LIKE's answer), or None when there are too many to be worth reading one by one
    (more than ``MAX_CANDIDATES`` or a ``CANDIDATE_SHARE``th of the posts), or while the
    index is still being filled after a bulk write."""
    if not complete(conn):
        return None
    # The highest rowid stands for the number of posts (a count would read them all).
    size = conn.execute("SELECT COALESCE(MAX(rowid), 0) FROM posts").fetchone()[0]
    limit = min(MAX_CANDIDATES, max(int(size) // CANDIDATE_SHARE, 100))
    phrase = '"' + text.replace('"', '""') + '"'  # one FTS5 string: no query syntax
    rows = conn.execute(
        f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH ? LIMIT ?", (phrase, limit + 1)
    ).fetchall()
    if len(rows) > limit:
        return None
    return [int(r[0]) for r in rows]
