"""The posts list's search index (#17, migration 0015): the same answers as LIKE, kept by triggers
through every write, and a store that meets a SQLite without the trigram tokenizer still works."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from s200desk.store import Database, PostsRepo, load_migrations, post_search
from s200desk.store import database as database_module
from s200desk.store.post_window import ListQuery, PostWindowReader

pytestmark = pytest.mark.skipif(
    not post_search.trigram_available(), reason="this SQLite has no FTS5 trigram tokenizer"
)

START = datetime(2026, 1, 1, tzinfo=UTC)  # any moment: the tests compare two searches
PLATFORMS = ("tiktok", "instagram", "x", "linkedin")

# Captions as people write them: mixed case, accents, other scripts, emoji (some beyond the
# BMP, the parts of skin-tone and joined ones), LIKE's own wildcards and escape, quotes that
# mean something to FTS5.
CHARS = st.one_of(
    st.sampled_from(list("aAbBcCéÉßẞıİ %_\\\"'#@-.")),
    st.sampled_from(["😀", "👍", "\U0001f3fd", "👩", "\u200d", "💻", "中", "文", "Ж", "ж"]),
    st.sampled_from(["Σ", "σ", "ς", "\u0301"]),
    st.characters(blacklist_categories=("Cs",)),
)
CAPTIONS = st.lists(st.text(CHARS, max_size=30), min_size=1, max_size=25)


def post(i: int, caption: str) -> dict[str, Any]:
    when = START + timedelta(hours=i * 37 % 500)
    return {
        "id": f"p{i}",
        "platform": PLATFORMS[i % len(PLATFORMS)],
        "account_id": f"@Brand{i % 3}",
        "caption": caption,
        "status": "scheduled",
        "scheduled_for": when.isoformat(),
        "created_at": (when - timedelta(days=1)).isoformat(),
        "media": [],
    }


@st.composite
def needles(draw: st.DrawFn, captions: list[str]) -> str:
    """A piece of one caption with some letters' case changed, or any text at all."""
    if draw(st.booleans()):
        return draw(st.text(CHARS, min_size=1, max_size=6))
    caption = draw(st.sampled_from(captions))
    start = draw(st.integers(0, len(caption)))
    piece = caption[start : start + draw(st.integers(1, 8))]
    flips = draw(st.lists(st.booleans(), min_size=len(piece), max_size=len(piece)))
    flipped = zip(piece, flips, strict=True)
    return "".join(c.swapcase() if f else c for c, f in flipped)


def both_answers(db: Database, text: str) -> tuple[list[int], list[int]]:
    """What the list shows for ``text`` through the index and through LIKE alone."""

    def read(conn: sqlite3.Connection) -> tuple[list[int], list[int]]:
        indexed, plain = PostWindowReader(conn), PostWindowReader(conn)
        assert indexed.indexed_search
        plain.indexed_search = False
        q = ListQuery(text=text)
        return indexed.keys(q), plain.keys(q)

    return db.call(read)


@pytest.fixture
def memory_db() -> Iterator[Database]:
    db = Database.open(":memory:")
    yield db
    db.close()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), captions=CAPTIONS)
def test_the_index_answers_exactly_what_like_answers(
    data: st.DataObject, captions: list[str]
) -> None:
    with Database.open(":memory:") as db:
        asyncio.run(PostsRepo(db).upsert_many(post(i, c) for i, c in enumerate(captions)))
        for _ in range(4):
            text = data.draw(needles(captions))
            indexed, plain = both_answers(db, text)
            assert indexed == plain, text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), captions=CAPTIONS, edits=CAPTIONS)
def test_the_index_follows_edits_and_removals(
    data: st.DataObject, captions: list[str], edits: list[str]
) -> None:
    with Database.open(":memory:") as db:
        repo = PostsRepo(db)
        asyncio.run(repo.upsert_many(post(i, c) for i, c in enumerate(captions)))
        # A later sync: some posts rewritten with new captions, some new, some gone.
        asyncio.run(repo.upsert_many(post(i * 2, c) for i, c in enumerate(edits)))
        gone = data.draw(st.lists(st.integers(0, len(captions) - 1), max_size=5))
        asyncio.run(repo.delete([f"p{i}" for i in gone]))
        every = captions + edits
        for _ in range(4):
            text = data.draw(needles(every))
            indexed, plain = both_answers(db, text)
            assert indexed == plain, text
        # And the index agrees with a rebuild from scratch (nothing stale, nothing missing).
        check = "INSERT INTO posts_search (posts_search) VALUES ('integrity-check')"
        db.call(lambda c: c.execute(check))


def test_a_search_for_a_post_number_reads_the_index(memory_db: Database) -> None:
    captions = [f"Spring sale #{i}" for i in range(300)]
    asyncio.run(PostsRepo(memory_db).upsert_many(post(i, c) for i, c in enumerate(captions)))

    def read(conn: sqlite3.Connection) -> tuple[list[str], list[int] | None]:
        reader = PostWindowReader(conn)
        keys = reader.keys(ListQuery(text="#123"))
        ids = [p.id for p in reader.rows(keys).values()]
        return ids, post_search.candidates(conn, "#123")

    ids, candidates = memory_db.call(read)
    assert ids == ["p123"]
    assert candidates is not None and len(candidates) == 1  # one row read, not 300

    # A text in every caption: too many candidates to read one by one, the list scans.
    def common(conn: sqlite3.Connection) -> tuple[list[int], list[int], list[int] | None]:
        indexed, plain = PostWindowReader(conn), PostWindowReader(conn)
        plain.indexed_search = False
        q = ListQuery(text="SPRING sale")
        return indexed.keys(q), plain.keys(q), post_search.candidates(conn, "spring sale")

    found, expected, too_many = memory_db.call(common)
    assert too_many is None and len(found) == 300 and found == expected


def _store_before_0015(path: Path, captions: list[str]) -> None:
    """A store as an s200desk before this index made it (schema 14), holding posts."""
    with _open_at(path, post_search.MIGRATION_VERSION - 1) as old:
        assert old.schema_version < post_search.MIGRATION_VERSION
        asyncio.run(PostsRepo(old).upsert_many(post(i, c) for i, c in enumerate(captions)))


def _open_at(path: Path, version: int) -> Database:
    """``Database.open`` knowing only the migrations up to ``version``."""
    known = [m for m in load_migrations() if m.version <= version]
    original = database_module.load_migrations
    database_module.load_migrations = lambda: known
    try:
        return Database.open(path)
    finally:
        database_module.load_migrations = original


def _search(path: Path, text: str) -> tuple[bool, list[str]]:
    reader = PostWindowReader.open(path)
    try:
        keys = reader.keys(ListQuery(text=text))
        found = reader.rows(keys)
        return reader.indexed_search, [found[k].id for k in keys]
    finally:
        reader.close()


def test_migration_0015_indexes_the_posts_already_cached(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    _store_before_0015(path, ["Behind the scenes", "Giveaway time", "GIVEAWAY winners"])
    Database.open(path).close()
    indexed, ids = _search(path, "giveaway")
    assert indexed and sorted(ids) == ["p1", "p2"]
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(
            "SELECT rowid FROM posts_search WHERE posts_search MATCH '\"giveaway\"'"
        ).fetchall()
    finally:
        conn.close()
    assert len(rows) == 2  # the backfill, not a LIKE fallback


def test_a_sqlite_without_trigrams_keeps_searching_and_writing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "cache.sqlite3"
    with Database.open(path) as db:  # made where the index exists
        asyncio.run(PostsRepo(db).upsert_many([post(0, "Launch day"), post(1, "Recap")]))

    # The same store on a SQLite without the tokenizer (an older Python): the triggers would
    # fail every write to posts, so they go, and the list searches with LIKE.
    monkeypatch.setattr(post_search, "trigram_available", lambda: False)
    with Database.open(path) as db:
        asyncio.run(PostsRepo(db).upsert_many([post(2, "Launch recap"), post(1, "Launch")]))
        assert db.schema_version == load_migrations()[-1].version
    indexed, ids = _search(path, "launch")
    assert not indexed and sorted(ids) == ["p0", "p1", "p2"] and ids == _order(path, "launch")

    # Back on a SQLite that has it: the index is built again and holds what was written meanwhile.
    monkeypatch.undo()
    Database.open(path).close()
    indexed, ids = _search(path, "launch")
    assert indexed and sorted(ids) == ["p0", "p1", "p2"]
    assert _search(path, "recap")[1] == ["p2"]


def _order(path: Path, text: str) -> list[str]:
    """The ids LIKE alone gives for ``text``, in the list's order."""
    conn = sqlite3.connect(path)
    try:
        reader = PostWindowReader(conn)
        reader.indexed_search = False
        keys = reader.keys(ListQuery(text=text))
        found = reader.rows(keys)
        return [found[k].id for k in keys]
    finally:
        conn.close()


def test_a_new_store_on_a_sqlite_without_trigrams_opens_without_the_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(post_search, "trigram_available", lambda: False)
    path = tmp_path / "cache.sqlite3"
    with Database.open(path) as db:
        assert db.schema_version == load_migrations()[-1].version
        asyncio.run(PostsRepo(db).upsert_many([post(0, "Spring sale"), post(1, "Tips")]))
        tables = db.call(lambda c: [r[0] for r in c.execute("SELECT name FROM sqlite_master")])
    assert "posts_search" not in tables
    assert _search(path, "SALE") == (False, ["p0"])


# A bulk write (a first sync) leaves its posts out of the index and fills it afterwards
# (migration 0017), while other writes go on: every search meanwhile answers what LIKE answers,
# and the index ends up holding exactly what a rebuild would.
OPS = st.lists(
    st.one_of(
        st.tuples(st.just("add"), st.text(CHARS, max_size=20)),
        st.tuples(st.just("edit"), st.integers(0, 60), st.text(CHARS, max_size=20)),
        st.tuples(st.just("delete"), st.integers(0, 60)),
        st.tuples(st.just("fill"), st.integers(1, 7)),
    ),
    max_size=30,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), before=CAPTIONS, bulk=CAPTIONS, ops=OPS)
def test_an_index_filled_after_a_bulk_write_answers_as_like_throughout(
    data: st.DataObject, before: list[str], bulk: list[str], ops: list[tuple[Any, ...]]
) -> None:
    with Database.open(":memory:") as db:
        repo = PostsRepo(db)
        asyncio.run(repo.upsert_many(post(i, c) for i, c in enumerate(before)))
        assert db.call(post_search.complete)
        assert asyncio.run(repo.begin_bulk_write())
        assert not db.call(post_search.complete)
        first = len(before)
        asyncio.run(repo.upsert_many(post(first + i, c) for i, c in enumerate(bulk)))
        captions = {f"p{i}": c for i, c in enumerate(before + bulk)}
        next_id = len(captions)
        for op in ops:
            if op[0] == "add":
                asyncio.run(repo.upsert_many([post(next_id, op[1])]))
                captions[f"p{next_id}"] = op[1]
                next_id += 1
            elif op[0] == "edit" and f"p{op[1]}" in captions:
                asyncio.run(repo.upsert_many([post(op[1], op[2])]))
                captions[f"p{op[1]}"] = op[2]
            elif op[0] == "delete":
                asyncio.run(repo.delete([f"p{op[1]}"]))
                captions.pop(f"p{op[1]}", None)
            elif op[0] == "fill":
                db.call(post_search.fill_step, op[1])
            if captions:
                text = data.draw(needles(list(captions.values())))
                indexed, plain = both_answers(db, text)
                assert indexed == plain, text
        asyncio.run(repo.end_bulk_write())
        assert db.call(post_search.complete)
        check = "INSERT INTO posts_search (posts_search) VALUES ('integrity-check')"
        db.call(lambda c: c.execute(check))
        if captions:
            text = data.draw(needles(list(captions.values())))
            assert both_answers(db, text)[0] == both_answers(db, text)[1]


def test_a_search_while_the_index_fills_scans_instead(memory_db: Database) -> None:
    repo = PostsRepo(memory_db)
    asyncio.run(repo.begin_bulk_write())
    captions = [f"Spring sale #{i}" for i in range(300)]
    asyncio.run(repo.upsert_many(post(i, c) for i, c in enumerate(captions)))
    memory_db.call(post_search.fill_step, 100)  # a third of them indexed so far

    def read(conn: sqlite3.Connection) -> tuple[list[str], list[int] | None]:
        reader = PostWindowReader(conn)
        keys = reader.keys(ListQuery(text="#123"))
        return [p.id for p in reader.rows(keys).values()], post_search.candidates(conn, "#123")

    ids, candidates = memory_db.call(read)
    assert ids == ["p123"] and candidates is None  # found by the scan, not the half index
    asyncio.run(repo.end_bulk_write())
    ids, candidates = memory_db.call(read)
    assert ids == ["p123"] and candidates is not None and len(candidates) == 1
