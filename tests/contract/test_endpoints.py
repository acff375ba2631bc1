"""Every endpoint of the reference, the client against the emulator over loopback."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from s200desk.api import (
    AsyncStatus200Client,
    AuthenticationError,
    BadRequestError,
    CreatedPost,
    NotFoundError,
    PayloadTooLargeError,
    PermissionDeniedError,
    Platform,
    PostStatus,
    QueuedForNextDay,
    RateLimitError,
    Status200Client,
    UnprocessableEntityError,
)

from .conftest import FAST, Admin, Counter

HANDLE = "@lumenstudio"
EPOCH = datetime(2026, 5, 16, 12, 0, tzinfo=UTC)


async def test_profiles(client: AsyncStatus200Client) -> None:
    profiles = await client.profiles.list()
    mine = {p.platform: p for p in profiles if p.account_id == HANDLE}
    assert set(mine) == set(Platform)
    assert mine[Platform.FACEBOOK].status == "disconnected"
    assert mine[Platform.TIKTOK].status == "active"
    assert all(p.connected_at is not None and p.connected_at.tzinfo for p in profiles)


async def test_platforms(client: AsyncStatus200Client) -> None:
    platforms = {p.id: p for p in await client.platforms.list()}
    assert set(platforms) == set(Platform)
    assert platforms[Platform.TIKTOK].max_caption_length == 4000
    assert platforms[Platform.INSTAGRAM].media_types == ["image", "reel", "story", "carousel"]


async def test_media_upload_and_its_errors(client: AsyncStatus200Client, emulator: Any) -> None:
    media = await client.media.upload(url="https://example.com/video.mp4")
    assert media.type == "video/mp4" and media.size > 0 and media.file_id
    image = await client.media.upload(url="https://example.com/photo.jpg")
    assert image.type == "image/jpeg"
    with pytest.raises(BadRequestError, match="Unsupported file format") as bad:
        await client.media.upload(url="https://example.com/anim.gif")
    assert bad.value.code == "unsupported_media_type"
    with pytest.raises(UnprocessableEntityError, match="could not be downloaded"):
        await client.media.upload(url="https://example.com/missing")
    with pytest.raises(UnprocessableEntityError):
        await client.media.upload(url="http://127.0.0.1:9/nothing-listens.mp4")
    # 413: a 21 MB "PNG" on the emulator's own media host.
    big = b"\x89PNG\r\n\x1a\n" + bytes(21 * 1024 * 1024)
    put = httpx.put(f"{emulator.site_url}/__media/big.png", content=big, timeout=30)
    assert put.status_code == 201
    with pytest.raises(PayloadTooLargeError, match="maximum size") as large:
        await client.media.upload(url=put.json()["url"])
    assert large.value.status_code == 413


async def test_create_get_list_cancel(client: AsyncStatus200Client) -> None:
    media = await client.media.upload(url="https://example.com/video.mp4")
    now_post = await client.posts.create(
        account_id=HANDLE, platform="tiktok",
        content={"text": "Published now", "mediaID": [media.file_id]},
        tiktok={"privacyLevel": "SELF_ONLY", "disableDuet": True},
    )  # fmt: skip
    assert now_post.status == PostStatus.PUBLISHED
    fetched = await client.posts.get(now_post.post_id)
    assert fetched.caption == "Published now"
    assert fetched.account_id == HANDLE
    assert fetched.media[0].file_id == media.file_id
    assert fetched.platform_options == {"privacyLevel": "SELF_ONLY", "disableDuet": True}
    assert fetched.platform_post_id

    later = EPOCH + timedelta(days=2, hours=3)
    scheduled = await client.posts.create(
        account_id=HANDLE, platform=Platform.X, content={"text": "Later"}, scheduled_for=later,
    )  # fmt: skip
    assert scheduled.status == PostStatus.SCHEDULED
    got = await client.posts.get(scheduled.post_id)
    assert got.scheduled_for == later

    listed = await client.posts.list(status="scheduled", platform="x")
    assert scheduled.post_id in {p.id for p in listed.posts}

    with pytest.raises(BadRequestError, match="not scheduled") as not_cancellable:
        await client.posts.cancel(now_post.post_id)
    assert not_cancellable.value.code == "not_cancellable"
    result = await client.posts.cancel(scheduled.post_id)
    assert result.success is True and result.message == "Scheduled post cancelled"
    assert (await client.posts.get(scheduled.post_id)).status == PostStatus.CANCELLED
    with pytest.raises(BadRequestError):
        await client.posts.cancel(scheduled.post_id)
    with pytest.raises(NotFoundError, match="Post not found"):
        await client.posts.cancel("no-such-post")


async def test_documented_errors_keep_the_server_message(
    client: AsyncStatus200Client, emulator: Any, admin: Admin
) -> None:
    with pytest.raises(NotFoundError, match="Post not found"):
        await client.posts.get("00000000-0000-0000-0000-000000000000")
    # Another account's post is a 404 too.
    others = [p for p in admin.posts() if p["account_id"] == "@harbor_cafe"]
    with pytest.raises(NotFoundError):
        await client.posts.get(others[0]["id"])
    with pytest.raises(PermissionDeniedError, match="disconnected") as disconnected:
        await client.posts.create(account_id=HANDLE, platform="facebook", content={"text": "x"})
    assert disconnected.value.code == "profile_disconnected"
    with pytest.raises(PermissionDeniedError, match="not connected"):
        await client.posts.create(account_id="@nobody", platform="x", content={"text": "x"})
    with pytest.raises(BadRequestError, match="280") as too_long:
        await client.posts.create(account_id=HANDLE, platform="x", content={"text": "x" * 281})
    assert too_long.value.code == "caption_too_long"
    with pytest.raises(BadRequestError, match="Unknown file_id"):
        await client.posts.create(
            account_id=HANDLE, platform="x", content={"text": "x", "mediaID": ["nope"]}
        )
    with pytest.raises(BadRequestError, match="future"):
        await client.posts.create(
            account_id=HANDLE, platform="x", content={"text": "x"},
            scheduled_for=EPOCH - timedelta(hours=1),
        )  # fmt: skip
    with pytest.raises(NotFoundError, match="No metrics"):
        scheduled = await client.posts.create(
            account_id=HANDLE, platform="x", content={"text": "x"},
            scheduled_for=EPOCH + timedelta(hours=1),
        )  # fmt: skip
        await client.analytics.get(scheduled.post_id)

    bad = AsyncStatus200Client(
        api_key="rl_not_a_real_key", base_url=emulator.base_url, site_url=emulator.site_url
    )
    with pytest.raises(AuthenticationError) as unauthorized:
        await bad.profiles.list()
    assert unauthorized.value.status_code == 401
    assert unauthorized.value.message
    assert "rl_not_a_real_key" not in str(unauthorized.value)
    await bad.close()


def test_rate_limit_cooldown_429(admin: Admin) -> None:
    from s200desk.emulator import EmulatorServer, ManualClock

    server = EmulatorServer(seed="basic", plan="agency", clock=ManualClock(EPOCH),
                            cooldown_seconds=30)  # fmt: skip
    server.start()
    try:
        with Status200Client(api_key=server.api_key, base_url=server.base_url,
                             site_url=server.site_url, **FAST) as api:  # fmt: skip
            api.posts.create(account_id=HANDLE, platform="x", content={"text": "one"})
            before = len(httpx.get(f"{server.site_url}/__admin/posts").json()["posts"])
            with pytest.raises(RateLimitError, match="wait 30 s") as info:
                api.posts.create(account_id=HANDLE, platform="x", content={"text": "two"})
            assert info.value.retry_after == 30.0
            assert info.value.code == "cooldown"
            after = len(httpx.get(f"{server.site_url}/__admin/posts").json()["posts"])
            assert after == before
            # Another platform is not cooling down.
            api.posts.create(account_id=HANDLE, platform="linkedin", content={"text": "three"})
    finally:
        server.stop()


async def test_rate_limit_headers(client: AsyncStatus200Client, emulator: Any) -> None:
    await client.posts.create(account_id=HANDLE, platform="x", content={"text": "agency"})
    agency = client.rate_limits["x"]
    assert (agency.limit, agency.remaining, agency.unlimited) == (None, None, True)
    assert agency.reset == datetime(2026, 5, 17, tzinfo=UTC)
    emulator.set_plan("free")
    await client.posts.create(account_id=HANDLE, platform="x", content={"text": "free"})
    free = client.rate_limits["x"]
    assert (free.limit, free.remaining) == (5, 3)
    assert client.last_rate_limit == free
    await client.profiles.list()  # any response carries the headers
    assert client.last_rate_limit is not None and client.last_rate_limit.limit == 5


async def test_create_v2_200_then_202_queued(client: AsyncStatus200Client, emulator: Any) -> None:
    emulator.set_plan("free")
    kwargs: dict[str, Any] = {
        "account_id": HANDLE, "platform": "instagram",
        "content": {"text": "v2", "mediaUrls": ["https://example.com/photo.jpg"]},
        "instagram": {"postType": "image"},
    }  # fmt: skip
    results = [await client.posts.create_v2(**kwargs) for _ in range(6)]
    assert all(isinstance(r, CreatedPost) for r in results[:5])
    queued = results[5]
    assert isinstance(queued, QueuedForNextDay)
    assert queued.code == "queued_for_next_day"
    assert (queued.limit, queued.used, queued.plan) == (5, 5, "free")
    assert queued.scheduled_at == EPOCH + timedelta(days=1)
    assert "Daily post limit reached for instagram" in queued.message
    stored = await client.posts.get(queued.scheduled_post_id)
    assert stored.status == PostStatus.SCHEDULED
    assert stored.scheduled_for == EPOCH + timedelta(days=1)
    with pytest.raises(BadRequestError, match="REST v2"):
        await client.posts.create_v2(account_id=HANDLE, platform="x", content={"text": "x"})


async def test_queue_failed_is_500_with_code(client: AsyncStatus200Client, emulator: Any) -> None:
    from s200desk.api import InternalServerError

    emulator.set_plan("free")
    emulator.set_faults(queue_fail_rate=1.0)
    kwargs: dict[str, Any] = {"account_id": HANDLE, "platform": "tiktok",
                              "content": {"text": "v2", "mediaID": []},
                              "tiktok": {"privacyLevel": "SELF_ONLY"}}  # fmt: skip
    media = await client.media.upload(url="https://example.com/video.mp4")
    kwargs["content"]["mediaID"] = [media.file_id]
    for _ in range(5):
        await client.posts.create_v2(**kwargs)
    with pytest.raises(InternalServerError) as info:
        await client.posts.create_v2(**kwargs)
    assert info.value.code == "queue_failed"
    assert "could not be queued" in info.value.message


async def test_pagination_and_list_all(client: AsyncStatus200Client, counter: Counter) -> None:
    for i in range(45):
        await client.posts.create(account_id=HANDLE, platform="linkedin",
                                  content={"text": f"post {i}"})  # fmt: skip
    page = await client.posts.list(platform="linkedin", limit=10)
    assert (len(page.posts), page.total, page.limit, page.offset) == (10, 45, 10, 0)
    every = [p async for p in client.posts.list(platform="linkedin", limit=10)]
    assert len(every) == 45 == len({p.id for p in every})
    counter.sent.clear()
    gathered = await client.posts.list_all(platform="linkedin", page_size=10, concurrency=3)
    assert [p.id for p in gathered] == [p.id for p in every]
    assert len(counter.sent) == 5
    # The server caps limit at 100; iteration still walks every post.
    assert len(await client.posts.list_all(page_size=500)) >= 45


def test_sync_pagination(sync_client: Status200Client) -> None:
    for i in range(12):
        sync_client.posts.create(account_id=HANDLE, platform="x", content={"text": f"s{i}"})
    page = sync_client.posts.list(platform="x", limit=5)
    assert len(page.posts) == 5 and page.total == 12
    assert len(list(page)) == 12
    assert len(sync_client.posts.list_all(platform="x", page_size=5)) == 12


async def test_analytics_appear_and_grow(client: AsyncStatus200Client, emulator: Any) -> None:
    scheduled = await client.posts.create(
        account_id=HANDLE, platform="x", content={"text": "grows"},
        scheduled_for=EPOCH + timedelta(hours=1),
    )  # fmt: skip
    with pytest.raises(NotFoundError):
        await client.analytics.get(scheduled.post_id)
    emulator.advance(timedelta(hours=2))
    assert (await client.posts.get(scheduled.post_id)).status == PostStatus.PUBLISHED
    first = await client.analytics.get(scheduled.post_id)
    assert first.post_id == scheduled.post_id and first.platform == Platform.X
    emulator.advance(timedelta(days=1))
    second = await client.analytics.get(scheduled.post_id)
    assert second.views is not None and first.views is not None
    assert second.views > first.views
    assert second.polled_at is not None and second.polled_at > (first.polled_at or EPOCH)
