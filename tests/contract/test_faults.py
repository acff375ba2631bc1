"""Injected faults: GETs are retried to success, POSTs are sent exactly once."""

from __future__ import annotations

from typing import Any

import pytest

from s200desk.api import (
    APIConnectionError,
    AsyncStatus200Client,
    InternalServerError,
    MalformedResponseError,
    RateLimitError,
    Status200Client,
)

from .conftest import Admin, Counter

HANDLE = "@lumenstudio"


@pytest.mark.parametrize("fault", ["error_rate", "burst_429_rate"])
async def test_gets_are_retried_to_success(
    client: AsyncStatus200Client, emulator: Any, counter: Counter, fault: str
) -> None:
    client.max_retries = 10
    emulator.set_faults(**{fault: 0.4})
    for _ in range(15):
        assert await client.profiles.list()
        assert (await client.posts.list(limit=5)).total >= 0
    # Faults happened and were absorbed by retries.
    assert len(counter.sent) > 30


async def test_delete_is_retried_to_success(
    client: AsyncStatus200Client, emulator: Any, counter: Counter
) -> None:
    from datetime import UTC, datetime, timedelta

    post = await client.posts.create(account_id=HANDLE, platform="x", content={"text": "c"},
                                     scheduled_for=datetime(2026, 6, 1, tzinfo=UTC)
                                     + timedelta(hours=1))  # fmt: skip
    emulator.set_faults(burst_429_rate=0.6)
    client.max_retries = 15
    counter.sent.clear()
    result = await client.posts.cancel(post.post_id)
    assert result.success
    assert counter.sent.count(f"DELETE /functions/v1/api-posts/{post.post_id}") >= 1


async def test_delete_dropped_after_commit_is_confirmed(
    client: AsyncStatus200Client, emulator: Any, counter: Counter
) -> None:
    from datetime import UTC, datetime

    post = await client.posts.create(account_id=HANDLE, platform="x", content={"text": "d"},
                                     scheduled_for=datetime(2026, 6, 1, tzinfo=UTC))  # fmt: skip
    emulator.set_faults(drop_rate=1.0)
    client.max_retries = 1
    counter.sent.clear()
    with pytest.raises(APIConnectionError):
        # Every answer is dropped: the first DELETE commits, the retry's answer is lost too.
        await client.posts.cancel(post.post_id)
    assert len(counter.sent) == 2
    emulator.set_faults(drop_rate=0.0)
    assert (await client.posts.get(post.post_id)).status == "cancelled"


async def test_cancel_whose_answer_was_lost_reports_success(
    client: AsyncStatus200Client, emulator: Any, counter: Counter
) -> None:
    from datetime import UTC, datetime

    post = await client.posts.create(account_id=HANDLE, platform="x", content={"text": "e"},
                                     scheduled_for=datetime(2026, 6, 1, tzinfo=UTC))  # fmt: skip

    async def heal(_: float) -> None:
        # Between attempts the network recovers: the retry reaches an already-cancelled post.
        emulator.set_faults(drop_rate=0.0)

    client._sleep = heal
    emulator.set_faults(drop_rate=1.0)
    counter.sent.clear()
    result = await client.posts.cancel(post.post_id)
    assert result.success is True
    path = f"/functions/v1/api-posts/{post.post_id}"
    assert counter.sent == [f"DELETE {path}", f"DELETE {path}", f"GET {path}"]


@pytest.mark.parametrize(
    ("faults", "error", "stored"),
    [
        ({"drop_rate": 1.0}, APIConnectionError, 1),  # committed, answer lost
        ({"error_rate": 1.0}, InternalServerError, 0),  # refused before any work
        ({"burst_429_rate": 1.0}, RateLimitError, 0),
        ({"malformed_rate": 1.0}, MalformedResponseError, 1),  # committed, body garbled
    ],
    ids=["drop", "500", "429", "malformed"],
)
async def test_posts_are_never_resent(
    client: AsyncStatus200Client,
    emulator: Any,
    admin: Admin,
    counter: Counter,
    faults: dict[str, float],
    error: type[Exception],
    stored: int,
) -> None:
    client.max_retries = 5
    before = admin.count()
    emulator.set_faults(**faults)
    counter.sent.clear()
    with pytest.raises(error):
        await client.posts.create(account_id=HANDLE, platform="x", content={"text": "once"})
    assert counter.sent == ["POST /functions/v1/api-posts"]
    emulator.set_faults(drop_rate=0, error_rate=0, burst_429_rate=0, malformed_rate=0)
    assert admin.count() == before + stored


async def test_v2_and_media_posts_are_never_resent(
    client: AsyncStatus200Client, emulator: Any, admin: Admin, counter: Counter
) -> None:
    before = admin.count()
    emulator.set_faults(drop_rate=1.0)
    counter.sent.clear()
    with pytest.raises(APIConnectionError) as info:
        await client.posts.create_v2(account_id=HANDLE, platform="youtube",
                                     content={"text": "t", "mediaUrls":
                                              ["https://example.com/video.mp4"]},
                                     youtube={"title": "Once"})  # fmt: skip
    assert info.value.request_sent is True
    with pytest.raises(APIConnectionError):
        await client.media.upload(url="https://example.com/video.mp4")
    assert counter.sent == ["POST /api/v2/posts", "POST /functions/v1/api-media-upload"]
    emulator.set_faults(drop_rate=0)
    assert admin.count() == before + 1


async def test_malformed_get_body(client: AsyncStatus200Client, emulator: Any) -> None:
    emulator.set_faults(malformed_rate=1.0)
    with pytest.raises(MalformedResponseError, match="not JSON") as info:
        await client.profiles.list()
    assert info.value.status_code == 200
    with pytest.raises(MalformedResponseError):
        await client.posts.list()


def test_sync_client_under_faults(sync_client: Status200Client, emulator: Any, admin: Admin,
                                  counter: Counter) -> None:  # fmt: skip
    sync_client.max_retries = 10
    emulator.set_faults(error_rate=0.4)
    for _ in range(10):
        assert sync_client.platforms.list()
    emulator.set_faults(error_rate=0.0, drop_rate=1.0)
    before = admin.count()
    counter.sent.clear()
    with pytest.raises(APIConnectionError):
        sync_client.posts.create(account_id=HANDLE, platform="x", content={"text": "sync"})
    assert counter.sent == ["POST /functions/v1/api-posts"]
    emulator.set_faults(drop_rate=0.0)
    assert admin.count() == before + 1
