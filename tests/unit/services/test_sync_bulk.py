"""A first sync writes in bulk (#17): larger transactions, and the search index filled once the
sync is done. The store it leaves holds and answers exactly what a sync page by page leaves, even
before the index is filled and when the sync is cut short."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from s200desk.api.errors import APIConnectionError
from s200desk.services import sync
from s200desk.services.events import ChangeBus
from s200desk.services.sync import SyncError, SyncErrorKind, SyncService
from s200desk.store import Database, PostsRepo, post_search
from s200desk.store.post_window import ListQuery, PostWindowReader
from tests.unit.services.test_sync_unit import FakeClient, FakePost

pytestmark = pytest.mark.skipif(
    not post_search.trigram_available(), reason="this SQLite has no FTS5 trigram tokenizer"
)

PLATFORMS = ("x", "tiktok", "instagram", "linkedin")
STATUSES = ("published", "scheduled", "failed", "cancelled")
QUERIES = (
    ListQuery(),
    ListQuery(text="launch"),
    ListQuery(text="#12"),
    ListQuery(text="TOK"),
    ListQuery(platforms=frozenset({"instagram"}), statuses=frozenset({"scheduled"})),
    ListQuery(hidden=frozenset({"cancelled"}), text="recap", descending=False),
    ListQuery(sort="caption"),
)
COLUMNS = (
    "SELECT id, platform, account_id, caption, status, platform_post_id, created_at,"
    " published_at, scheduled_for, media, platform_options, raw, sort_at FROM posts ORDER BY id"
)


def _posts(count: int) -> list[FakePost]:
    words = ("Launch day", "Weekly recap", "Behind the scenes", "Giveaway")
    return [
        FakePost(
            f"p{n:05d}", PLATFORMS[n % 4], f"@brand{n % 3}", f"{words[n % 4]} #{n}",
            STATUSES[n % 7 % 4],
        )
        for n in range(count)
    ]  # fmt: skip


async def _open(path: Path) -> Database:
    return await Database.open_async(path)


@pytest.fixture
async def stores(tmp_path: Path) -> AsyncIterator[tuple[Database, Database]]:
    bulk, paged = await _open(tmp_path / "bulk.sqlite3"), await _open(tmp_path / "paged.sqlite3")
    yield bulk, paged
    await bulk.aclose()
    await paged.aclose()


def _answers(conn: sqlite3.Connection) -> list[list[int]]:
    reader = PostWindowReader(conn)
    return [reader.keys(q) for q in QUERIES]


def _like_answers(conn: sqlite3.Connection) -> list[list[int]]:
    reader = PostWindowReader(conn)
    reader.indexed_search = False
    return [reader.keys(q) for q in QUERIES]


def _bulk_writes(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Sync into bulk mode from 500 new posts, 200 a write; records each bulk write begun."""
    monkeypatch.setattr(sync, "BULK_POSTS", 500)
    monkeypatch.setattr(sync, "BULK_BATCH", 200)
    begun: list[bool] = []
    original = PostsRepo.begin_bulk_write

    async def spy(self: PostsRepo) -> bool:
        begun.append(await original(self))
        return begun[-1]

    monkeypatch.setattr(PostsRepo, "begin_bulk_write", spy)
    return begun


def _settings(conn: sqlite3.Connection) -> tuple[int, int]:
    """The writer's automatic checkpoint and page cache size (a bulk write changes both)."""
    return (
        int(conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0]),
        int(conn.execute("PRAGMA cache_size").fetchone()[0]),
    )


async def test_a_bulk_first_sync_holds_and_answers_what_a_sync_page_by_page_does(
    stores: tuple[Database, Database], monkeypatch: pytest.MonkeyPatch
) -> None:
    bulk_db, paged_db = stores
    posts = _posts(1_234)
    paged = await SyncService(FakeClient(list(posts)), paged_db, ChangeBus()).sync_all(full=True)
    begun = _bulk_writes(monkeypatch)
    service = SyncService(FakeClient(list(posts)), bulk_db, ChangeBus())
    result = await service.sync_all(full=True)
    assert begun == [True]  # the index was left behind for this sync
    assert result.posts == paged.posts == 1_234 and result.pruned
    assert sorted(result.changed_post_ids) == sorted(paged.changed_post_ids)

    # Every post is there and found the moment the sync is done, index filled or not.
    assert await bulk_db.run(_answers) == await paged_db.run(_answers)
    await service.search_index_filled()
    assert await bulk_db.run(post_search.complete)
    assert await bulk_db.run(lambda c: post_search.candidates(c, "#123")) is not None
    integrity = "INSERT INTO posts_search (posts_search) VALUES ('integrity-check')"
    await bulk_db.run(lambda c: c.execute(integrity))
    assert await bulk_db.run(_answers) == await paged_db.run(_answers)
    assert await bulk_db.run(_answers) == await bulk_db.run(_like_answers)
    rows = await bulk_db.run(lambda c: c.execute(COLUMNS).fetchall())
    assert [tuple(r) for r in rows] == [
        tuple(r) for r in await paged_db.run(lambda c: c.execute(COLUMNS).fetchall())
    ]
    assert await bulk_db.run(_settings) == (1000, -2000)  # as before the bulk write

    # A later full sync of a store that has the posts is no bulk write.
    again = await service.sync_all(full=True)
    assert begun == [True] and again.changed_post_ids == ()


async def test_a_bulk_first_sync_cut_short_leaves_a_usable_store(
    stores: tuple[Database, Database], monkeypatch: pytest.MonkeyPatch
) -> None:
    bulk_db, paged_db = stores
    posts = _posts(1_234)
    begun = _bulk_writes(monkeypatch)
    client = FakeClient(list(posts))

    def cut(offset: int) -> None:
        if offset >= 900:
            raise APIConnectionError("the network went away", request_sent=True)

    client.on_page = cut
    service = SyncService(client, bulk_db, ChangeBus(), concurrency=1, batch_size=200)
    with pytest.raises(SyncError) as caught:
        await service.sync_all(full=True)
    assert caught.value.kind is SyncErrorKind.OFFLINE and begun == [True]
    await service.search_index_filled()
    kept = await PostsRepo(bulk_db).count()
    assert 100 < kept < 1_234  # what was written before the cut stays
    assert await bulk_db.run(post_search.complete)
    assert await bulk_db.run(_answers) == await bulk_db.run(_like_answers)
    assert await bulk_db.run(_settings) == (1000, -2000)

    # The next sync completes it; the store then answers as one synced in a single go.
    client.on_page = None
    await service.sync_all(full=True)
    await service.search_index_filled()
    await SyncService(FakeClient(list(posts)), paged_db, ChangeBus()).sync_all(full=True)
    assert await bulk_db.run(_answers) == await paged_db.run(_answers)
    integrity = "INSERT INTO posts_search (posts_search) VALUES ('integrity-check')"
    await bulk_db.run(lambda c: c.execute(integrity))


async def test_a_malformed_page_in_a_bulk_write_stores_nothing_of_its_write(
    stores: tuple[Database, Database], monkeypatch: pytest.MonkeyPatch
) -> None:
    bulk_db, _ = stores
    posts: list[Any] = _posts(1_234)
    posts[1_000] = FakePost("bad", status=None)  # type: ignore[arg-type]
    _bulk_writes(monkeypatch)
    service = SyncService(FakeClient(posts), bulk_db, ChangeBus(), concurrency=1, batch_size=200)
    with pytest.raises(SyncError) as caught:
        await service.sync_all(full=True)
    assert caught.value.kind is SyncErrorKind.SERVER
    assert "post bad without a status" in caught.value.detail
    await service.search_index_filled()
    stored = await PostsRepo(bulk_db).ids()
    # Written two pages at a time in order (the first page with the second): the write holding
    # the bad page (posts 1000-1199) stored none of them, the ones before stored all.
    assert stored == {p.id for p in posts[:1000]}
    assert await bulk_db.run(post_search.complete)


async def test_a_fill_that_fails_leaves_searches_right_and_the_next_sync_resumes_it(
    stores: tuple[Database, Database], monkeypatch: pytest.MonkeyPatch
) -> None:
    bulk_db, paged_db = stores
    posts = _posts(1_234)
    _bulk_writes(monkeypatch)
    original = post_search.fill_step
    calls: list[int] = []

    def failing(conn: sqlite3.Connection, rows: int = post_search.FILL_ROWS) -> bool:
        calls.append(rows)
        if len(calls) == 1:
            return original(conn, 300)  # some of it indexed, then the disk fails
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(post_search, "fill_step", failing)
    service = SyncService(FakeClient(list(posts)), bulk_db, ChangeBus(), batch_size=200)
    await service.sync_all(full=True)
    await service.search_index_filled()  # logged, not raised: the sync itself succeeded
    assert not await bulk_db.run(post_search.complete)
    assert await bulk_db.run(_settings) == (1000, -2000)  # the usual settings all the same
    await SyncService(FakeClient(list(posts)), paged_db, ChangeBus()).sync_all(full=True)
    assert await bulk_db.run(_answers) == await paged_db.run(_answers)  # searches scan meanwhile

    monkeypatch.setattr(post_search, "fill_step", original)
    await service.sync_all(full=True)  # the next sync, with nothing to write in bulk, resumes it
    await service.search_index_filled()
    assert await bulk_db.run(post_search.complete)
    integrity = "INSERT INTO posts_search (posts_search) VALUES ('integrity-check')"
    await bulk_db.run(lambda c: c.execute(integrity))
    assert await bulk_db.run(_answers) == await paged_db.run(_answers)


async def test_the_closing_checkpoint_gives_way_to_a_reader_on_the_log(
    stores: tuple[Database, Database],
) -> None:
    bulk_db, _ = stores
    repo = PostsRepo(bulk_db)
    await repo.begin_bulk_write()
    await repo.upsert_many(FakePost(f"p{n}", caption=f"Launch {n}").model_dump() for n in range(99))
    reader = sqlite3.connect(bulk_db.path, isolation_level=None)
    try:
        reader.execute("BEGIN")
        assert reader.execute("SELECT count(*) FROM posts").fetchone()[0] == 99  # on the log
        await repo.end_bulk_write()  # the TRUNCATE gives up rather than wait for it
        assert await bulk_db.run(lambda c: c.execute("PRAGMA busy_timeout").fetchone()[0]) == 10000
        assert await bulk_db.run(_settings) == (1000, -2000)
    finally:
        reader.close()
    await repo.upsert_many([FakePost("late", caption="Launch late").model_dump()])
    assert await bulk_db.run(post_search.complete) and await repo.count() == 100
