"""The posts list reading a workspace's store in windows (#17: agency scale).

Each test fills a real store file, points a PostsTableModel at it through a PostWindowReader
(as the controller does) and compares what the list shows with the store or the data itself,
with the order queries run in place (a small store) and on the worker thread (a large one).
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from s200desk.services.post_rules import HIDDEN_BY_DEFAULT
from s200desk.store import Database, PostFilter, PostsRepo
from s200desk.store.post_window import PostWindowReader
from s200desk.ui.posts.model import BLOCK_ROWS, PostsFilter, PostsTableModel, visible_ids
from s200desk.ui.qt import Qt

PLATFORMS = ("tiktok", "instagram", "facebook", "youtube", "x", "linkedin", "pinterest")
STATUSES = ("scheduled", "published", "published", "failed", "cancelled", "pending")
WORDS = ("launch", "recipe", "giveaway", "teaser", "recap", "podcast", "travel")


def make_posts(n: int, now: datetime) -> list[dict[str, Any]]:
    posts = []
    for i in range(n):
        status = STATUSES[i % len(STATUSES)]
        when = now + timedelta(hours=(i * 7919) % 20_000 - 10_000)
        post = {
            "id": f"post-{i:06d}",
            "platform": PLATFORMS[i % len(PLATFORMS)],
            "account_id": f"@brand{i % 11}",
            "caption": f"{WORDS[i % len(WORDS)]} {WORDS[(i // 7) % len(WORDS)]} no. {i}",
            "status": status,
            "created_at": (when - timedelta(days=2)).isoformat(),
            "media": [],
        }
        post["published_at" if status == "published" else "scheduled_for"] = when.isoformat()
        posts.append(post)
    return posts


def store(path: Path, posts: list[dict[str, Any]]) -> None:
    async def fill() -> None:
        db = await Database.open_async(path)
        try:
            await PostsRepo(db).upsert_many(posts, batch_size=900)
        finally:
            await db.aclose()

    asyncio.run(fill())


def stored(path: Path, f: PostFilter | None = None) -> list[Any]:
    async def read() -> list[Any]:
        db = await Database.open_async(path)
        try:
            return await PostsRepo(db).query(f)
        finally:
            await db.aclose()

    return asyncio.run(read())


@pytest.fixture
def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def wait_for_rows(model: PostsTableModel, qtbot: Any) -> None:
    """Let the order query under way arrive as the app does (through the event loop)."""
    qtbot.waitUntil(lambda: not model.pending, timeout=10_000)


@pytest.fixture(params=["in place", "worker thread"])
def windowed(
    request: pytest.FixtureRequest, tmp_path: Path, now: datetime, qtbot: Any
) -> Iterator[tuple[PostsTableModel, Path]]:
    path = tmp_path / "cache.sqlite3"
    store(path, make_posts(1500, now))
    reader = PostWindowReader.open(path)
    model = PostsTableModel(time_zone="UTC")
    if request.param == "worker thread":
        model.background_from = 0  # as over 20,000 posts
    model.set_reader(reader)
    wait_for_rows(model, qtbot)
    yield model, path
    model.set_reader(None)
    reader.close()


VISIBLE = sorted(set(STATUSES) - HIDDEN_BY_DEFAULT)


@pytest.mark.parametrize(
    ("list_filter", "store_filter"),
    [
        (PostsFilter(), PostFilter(statuses=VISIBLE)),
        (
            PostsFilter(platforms=frozenset({"x"}), text="GIVEAWAY"),
            PostFilter(platforms=["x"], statuses=VISIBLE, text="giveaway"),
        ),
        (
            PostsFilter(statuses=frozenset({"cancelled"}), profiles=frozenset({("x", "@brand4")})),
            PostFilter(statuses=["cancelled"], profiles=[("x", "@brand4")]),
        ),
    ],
)
def test_the_windowed_list_shows_exactly_the_stores_rows(
    windowed: tuple[PostsTableModel, Path],
    list_filter: PostsFilter,
    store_filter: PostFilter,
    qtbot: Any,
) -> None:
    model, path = windowed
    model.set_filter(list_filter)
    wait_for_rows(model, qtbot)
    expected = [p.id for p in stored(path, store_filter)]
    assert expected  # each filter matches something
    assert model.rowCount() == len(expected)
    assert visible_ids(model) == expected
    # Row by row as the view reads them (blocks), including the last window.
    id_role = PostsTableModel.PostIdRole
    shown = [model.data(model.index(r, 0), id_role) for r in range(len(expected))]
    assert shown == expected
    last = model.rowCount() - 1
    assert model.row_at(last).id == expected[-1] and model.row_of(expected[-1]) == last


def test_a_change_to_one_post_updates_its_row_without_a_reset(
    windowed: tuple[PostsTableModel, Path], now: datetime, qtbot: Any
) -> None:
    model, path = windowed
    resets: list[int] = []
    changed: list[tuple[int, int]] = []
    inserted: list[tuple[int, int]] = []
    removed: list[tuple[int, int]] = []
    model.modelReset.connect(lambda: resets.append(1))
    model.dataChanged.connect(lambda a, b, _roles=(): changed.append((a.row(), b.row())))
    model.rowsInserted.connect(lambda _p, a, b: inserted.append((a, b)))
    model.rowsRemoved.connect(lambda _p, a, b: removed.append((a, b)))
    row = BLOCK_ROWS + 3  # in the second block
    target = model.row_at(row)
    assert target is not None
    rows_before = model.rowCount()

    edited = {**next(p for p in make_posts(1500, now) if p["id"] == target.id)}
    edited["caption"] = "Edited on the server"
    store(path, [edited])
    model.refresh({target.id})
    wait_for_rows(model, qtbot)

    assert resets == [] and inserted == [] and removed == []
    assert changed == [(row, row)]
    assert model.rowCount() == rows_before
    assert model.data(model.index(row, PostsTableModel.CAPTION)) == "Edited on the server"

    # A new post, newest of all: inserted at the top, nothing reset.
    newest = {**edited, "id": "post-new", "caption": "Brand new", "status": "scheduled"}
    newest["scheduled_for"] = (now + timedelta(days=3000)).isoformat()
    store(path, [newest])
    model.refresh({"post-new"})
    wait_for_rows(model, qtbot)
    assert resets == [] and inserted == [(0, 0)]
    assert model.rowCount() == rows_before + 1 and model.row_at(0).caption == "Brand new"

    # Cancelled: it leaves the default list ("All but cancelled") in place.
    store(path, [{**newest, "status": "cancelled"}])
    model.refresh({"post-new"})
    wait_for_rows(model, qtbot)
    assert resets == [] and removed == [(0, 0)]
    assert model.rowCount() == rows_before and model.row_of("post-new") == -1


def test_a_filter_over_20000_cached_posts_gives_the_right_count(
    tmp_path: Path, now: datetime, qtbot: Any
) -> None:
    posts = make_posts(20_000, now)
    path = tmp_path / "cache.sqlite3"
    store(path, posts)
    reader = PostWindowReader.open(path)
    model = PostsTableModel(time_zone="UTC")
    try:
        model.set_reader(reader)
        wait_for_rows(model, qtbot)
        assert model.total_count == 20_000
        assert model.rowCount() == sum(p["status"] not in HIDDEN_BY_DEFAULT for p in posts)
        model.set_filter(PostsFilter(platforms=frozenset({"instagram"}), text="recipe"))
        wait_for_rows(model, qtbot)
        assert model.rowCount() == sum(
            p["platform"] == "instagram"
            and p["status"] not in HIDDEN_BY_DEFAULT
            and "recipe" in p["caption"]
            for p in posts
        )
        model.set_filter(PostsFilter(statuses=frozenset({"failed"})))
        wait_for_rows(model, qtbot)
        assert model.rowCount() == sum(p["status"] == "failed" for p in posts)
        assert {model.row_at(r).status for r in (0, model.rowCount() - 1)} == {"failed"}
    finally:
        model.set_reader(None)
        reader.close()


def test_a_search_for_a_wildcard_character_finds_it_literally(
    tmp_path: Path, now: datetime, qapp: Any
) -> None:
    posts = make_posts(40, now)
    posts[3]["caption"], posts[9]["caption"] = "Save 50% today", "Save 500 today"
    posts[12]["caption"] = "snake_case tips"
    path = tmp_path / "cache.sqlite3"
    store(path, [{**p, "status": "scheduled"} for p in posts])
    reader = PostWindowReader.open(path)
    model = PostsTableModel(time_zone="UTC")
    try:
        model.set_reader(reader)
        model.set_filter(PostsFilter(text="50%"))
        assert [model.row_at(r).caption for r in range(model.rowCount())] == ["Save 50% today"]
        model.set_filter(PostsFilter(text="E_C"))
        assert [model.row_at(r).caption for r in range(model.rowCount())] == ["snake_case tips"]
        model.set_filter(PostsFilter(text="SAVE 5"))
        assert model.rowCount() == 2
    finally:
        model.set_reader(None)
        reader.close()


@pytest.mark.parametrize("column", range(len(PostsTableModel.COLUMNS)))
def test_every_column_sorts_as_the_in_memory_list_does(
    windowed: tuple[PostsTableModel, Path], column: int, qtbot: Any
) -> None:
    model, path = windowed
    in_memory = PostsTableModel(time_zone="UTC")
    in_memory.set_posts(stored(path))
    for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
        model.sort(column, order)
        wait_for_rows(model, qtbot)
        in_memory.sort(column, order)
        assert visible_ids(model) == visible_ids(in_memory), (column, order)


def test_typing_fast_shows_only_the_last_searchs_rows_and_never_waits(
    tmp_path: Path, now: datetime, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "cache.sqlite3"
    store(path, make_posts(3000, now))
    reader = PostWindowReader.open(path)
    model = PostsTableModel(time_zone="UTC")
    model.background_from = 0  # as over 20,000 posts
    readers: set[str] = set()
    keys = PostWindowReader.keys

    def keys_noting_the_thread(self: PostWindowReader, q: Any) -> list[int]:
        readers.add(threading.current_thread().name)
        return keys(self, q)

    monkeypatch.setattr(PostWindowReader, "keys", keys_noting_the_thread)
    try:
        model.set_reader(reader)
        wait_for_rows(model, qtbot)
        resets: list[list[str]] = []
        model.modelReset.connect(lambda: resets.append(visible_ids(model)))
        # One keystroke after another, faster than the UI takes the answers in: the first
        # one's answer is ready (its signal waits in the queue) before the next key.
        model.set_filter(PostsFilter(text="r"))
        first = model._future
        assert first is not None and first.result(timeout=10) is not None
        for typed in ("re", "rec", "reci", "recip", "recipe", "recipe no. 12"):
            model.set_filter(PostsFilter(text=typed))
        assert model.pending  # the UI thread went on without the answer
        wait_for_rows(model, qtbot)
        expected = [p.id for p in stored(path, PostFilter(statuses=VISIBLE, text="recipe no. 12"))]
        assert expected
        assert resets == [expected]  # one change of rows: the last search's, no older one
        assert visible_ids(model) == expected
        assert readers and threading.main_thread().name not in readers

        # Leaving the store while a search is under way: nothing arrives afterwards.
        model.set_filter(PostsFilter(text="travel"))
        model.set_reader(None)
        qtbot.wait(200)
        assert model.rowCount() == 0 and not model.pending
    finally:
        model.set_reader(None)
        reader.close()


def test_a_query_failing_on_the_worker_is_read_again_in_place(
    windowed: tuple[PostsTableModel, Path], qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    model, path = windowed
    model.background_from = 0
    keys = PostWindowReader.keys

    def locked_off_the_ui_thread(self: PostWindowReader, q: Any) -> list[int]:
        if threading.current_thread() is not threading.main_thread():
            raise sqlite3.OperationalError("database is locked")
        return keys(self, q)

    monkeypatch.setattr(PostWindowReader, "keys", locked_off_the_ui_thread)
    model.set_filter(PostsFilter(statuses=frozenset({"failed"})))
    wait_for_rows(model, qtbot)
    expected = [p.id for p in stored(path, PostFilter(statuses=["failed"]))]
    assert expected and visible_ids(model) == expected
