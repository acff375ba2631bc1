"""SyncService with an in-process fake client: error classification, one sync at a time, no
removal after a moving listing, and the event loop kept responsive."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from s200desk.api.errors import (
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    InternalServerError,
    MalformedResponseError,
    PermissionDeniedError,
    RateLimitError,
)
from s200desk.services.events import Change, ChangeBus
from s200desk.services.sync import SyncError, SyncErrorKind, SyncService, classify
from s200desk.store import Database, PostsRepo


@dataclass
class Page:
    posts: list[Any]
    total: int
    limit: int
    offset: int


@dataclass
class FakePost:
    id: str
    platform: str = "x"
    account_id: str = "@me"
    caption: str = ""
    status: str = "published"

    def model_dump(self, mode: str = "json") -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class FakeClient:
    posts_data: list[FakePost] = field(default_factory=list)
    error: BaseException | None = None
    page_cap: int = 100
    delay: float = 0.0
    calls: int = 0
    # Called before each page is served, to move the listing under the sync's feet.
    on_page: Any = None

    def __post_init__(self) -> None:
        outer = self

        class Profiles:
            async def list(self) -> list[dict[str, Any]]:
                outer.calls += 1
                if outer.error:
                    raise outer.error
                return [{"account_id": "@me", "platform": "x", "display_name": "Me",
                         "status": "active"}]  # fmt: skip

        class Platforms:
            async def list(self) -> list[dict[str, Any]]:
                return [{"id": "x", "name": "X", "media_types": ["text"]}]

        class Posts:
            async def list(self, *, limit: int = 20, offset: int = 0) -> Page:
                if outer.on_page:
                    outer.on_page(offset)
                if outer.delay:
                    await asyncio.sleep(outer.delay)
                limit = min(limit, outer.page_cap)
                data = outer.posts_data
                return Page(list(data[offset : offset + limit]), len(data), limit, offset)

            async def list_json(self, *, limit: int = 20, offset: int = 0) -> str:
                page = await self.list(limit=limit, offset=offset)
                posts = [p.model_dump() for p in page.posts]
                return json.dumps({"posts": posts, "total": page.total, "limit": page.limit,
                                   "offset": page.offset})  # fmt: skip

        self.profiles = Profiles()
        self.platforms = Platforms()
        self.posts = Posts()


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open_async(tmp_path / "c.sqlite3")
    yield database
    await database.aclose()


def _status(cls: type, code: int, **kw: Any) -> Exception:
    error: Exception = cls("refused", status_code=code, **kw)
    return error


@pytest.mark.parametrize(
    ("exc", "kind"),
    [
        (_status(AuthenticationError, 401), SyncErrorKind.AUTH),
        (_status(PermissionDeniedError, 403), SyncErrorKind.AUTH),
        (APIConnectionError("refused", request_sent=False), SyncErrorKind.OFFLINE),
        (APITimeoutError("slow"), SyncErrorKind.OFFLINE),
        (ConnectionRefusedError(), SyncErrorKind.OFFLINE),
        (_status(InternalServerError, 503), SyncErrorKind.SERVER),
        (MalformedResponseError("not json", status_code=200), SyncErrorKind.SERVER),
        (RuntimeError("disk"), SyncErrorKind.LOCAL),
    ],
)
def test_classify(exc: BaseException, kind: SyncErrorKind) -> None:
    assert classify(exc) is kind


def test_rate_limit_is_its_own_kind() -> None:
    exc = RateLimitError("slow down", status_code=429)
    assert classify(exc) is SyncErrorKind.RATE_LIMITED


async def test_posts_paginated_with_small_server_pages(db: Database) -> None:
    client = FakeClient([FakePost(f"p{n:04d}") for n in range(1234)], page_cap=50)
    result = await SyncService(client, db, ChangeBus(), page_size=100).sync_all()
    assert result.posts == 1234 and result.pages == 25 and result.pruned
    assert await PostsRepo(db).count() == 1234


async def test_concurrent_calls_share_one_sync(db: Database) -> None:
    client = FakeClient([FakePost("a")], delay=0.05)
    service = SyncService(client, db, ChangeBus())
    first, second = await asyncio.gather(service.sync_all(), service.sync_all())
    assert first is second and client.calls == 1


async def test_moving_listing_removes_nothing(db: Database) -> None:
    posts = [FakePost(f"p{n:03d}") for n in range(30)]
    client = FakeClient(posts, page_cap=10)
    service = SyncService(client, db, ChangeBus(), page_size=10, concurrency=1)
    await service.sync_all()

    # Between pages the newest post disappears: offsets shift and one post is skipped.
    def drop_first(offset: int) -> None:
        if offset == 10 and client.posts_data[0].id == "p000":
            client.posts_data = client.posts_data[1:]

    client.on_page = drop_first
    result = await service.sync_all(full=True)
    assert not result.pruned and result.removed_post_ids == ()
    assert await PostsRepo(db).count() == 30  # p000 waits for the next, stable full sync
    client.on_page = None
    result = await service.sync_all(full=True)
    assert result.pruned and result.removed_post_ids == ("p000",)


async def test_failure_is_recorded_and_published(db: Database) -> None:
    bus = ChangeBus()
    seen: list[Change] = []
    bus.subscribe(seen.append)
    client = FakeClient(error=APIConnectionError("no route"))
    service = SyncService(client, db, bus)
    with pytest.raises(SyncError) as caught:
        await service.sync_all()
    assert caught.value.kind is SyncErrorKind.OFFLINE and service.last_error is caught.value
    assert seen == [Change("sync_started"), Change("sync_failed", ("offline",))]
    state = await service.state.get("profiles")
    assert state is not None and state.last_error == "no route"


async def test_a_post_of_the_wrong_shape_fails_the_sync_as_the_servers_fault(db: Database) -> None:
    posts = [FakePost("good"), FakePost("bad", status=None)]  # type: ignore[arg-type]
    service = SyncService(FakeClient(posts), db, ChangeBus())
    with pytest.raises(SyncError) as caught:
        await service.sync_all()
    assert caught.value.kind is SyncErrorKind.SERVER and caught.value.stage == "posts"
    assert caught.value.user_message.startswith("Status 200 Uploads answered with an error.")
    assert "post bad without a status" in caught.value.detail
    assert await service.posts.count() == 0  # the page is refused whole: nothing half-stored


# A speed goal, so a benchmark (pytest -m perf), not a suite assertion: a wall-clock bound
# moves with the machine's load. tests/ui/test_ui_stall.py measures the same at the UI.
@pytest.mark.perf
async def test_ten_thousand_posts_never_stall_the_loop(db: Database) -> None:
    client = FakeClient([FakePost(f"p{n:05d}", caption=f"caption {n}") for n in range(10_000)])
    service = SyncService(client, db, ChangeBus())
    gaps: list[float] = []
    stop = asyncio.Event()

    async def ticker() -> None:
        last = time.perf_counter()
        while not stop.is_set():
            await asyncio.sleep(0.005)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    tick = asyncio.create_task(ticker())
    started = time.perf_counter()
    result = await service.sync_all()
    took = time.perf_counter() - started
    stop.set()
    await tick
    worst = max(gaps) - 0.005
    print(f"10,000-post sync: {took * 1000:.0f} ms, longest loop stall {worst * 1000:.1f} ms")
    assert result.posts == 10_000
    # The goal is 50 ms; this bound leaves room for a loaded shared CI machine.
    assert worst < 0.2


async def test_cancelled_caller_leaves_the_sync_to_finish(db: Database) -> None:
    client = FakeClient([FakePost("a")], delay=0.05)
    service = SyncService(client, db, ChangeBus())
    caller = asyncio.create_task(service.sync_all())
    await asyncio.sleep(0.01)
    caller.cancel()
    with pytest.raises(asyncio.CancelledError):
        await caller
    assert service.running
    result = await service.sync_all()  # joins the sync already under way
    assert result.posts == 1 and client.calls == 1
