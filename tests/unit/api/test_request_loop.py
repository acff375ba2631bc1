"""The request loop on an httpx.MockTransport: what is retried, what is not, what errors say."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from s200desk.api import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AsyncStatus200Client,
    AuthenticationError,
    BadRequestError,
    CreatedPost,
    InternalServerError,
    MalformedResponseError,
    NotFoundError,
    PayloadTooLargeError,
    PermissionDeniedError,
    QueuedForNextDay,
    RateLimitError,
    Status200Client,
    UnprocessableEntityError,
)

# Fixed dates here are data (parsed, stored, compared with each other), never compared with the
# real clock: this file passes at any date (checked with faketime -3y, +400d and +10y).

KEY = "rl_unit_key"
BASE = "http://127.0.0.1:9/functions/v1"
SITE = "http://127.0.0.1:9"
CREATED = {"success": True, "post_id": "p1", "platform": "tiktok", "status": "published"}
PROFILES: dict[str, list[object]] = {"profiles": []}
Handler = Callable[[httpx.Request], httpx.Response]


class Script:
    """Answers requests from a list, in order, and records them."""

    def __init__(self, *answers: httpx.Response | Exception) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        return answer


def make(script: Handler, **kwargs: Any) -> tuple[Status200Client, list[float]]:
    sleeps: list[float] = []
    client = Status200Client(
        api_key=KEY, base_url=BASE, site_url=SITE,
        http_client=httpx.Client(transport=httpx.MockTransport(script)), **kwargs,
    )  # fmt: skip
    client._sleep = sleeps.append
    return client, sleeps


def create(client: Status200Client) -> CreatedPost:
    return client.posts.create(
        account_id="@me", platform="tiktok", content={"text": "hi"},
        tiktok={"privacyLevel": "SELF_ONLY"},
    )  # fmt: skip


def test_get_retried_through_5xx_and_429_honouring_retry_after() -> None:
    script = Script(
        httpx.Response(500, json={"success": False, "error": "boom", "code": "internal_error"}),
        httpx.Response(429, json={"error": "slow"}, headers={"Retry-After": "3"}),
        httpx.Response(200, json=PROFILES),
    )
    client, sleeps = make(script)
    assert client.profiles.list() == []
    assert len(script.requests) == 3
    assert 0.25 <= sleeps[0] <= 0.5  # first backoff step
    assert sleeps[1] == 3.0  # Retry-After wins


def test_get_gives_up_after_max_retries_with_the_server_message() -> None:
    script = Script(httpx.Response(503, json={"success": False, "error": "down", "code": "x"}))
    client, sleeps = make(script, max_retries=2)
    with pytest.raises(InternalServerError, match="down") as info:
        client.profiles.list()
    assert len(script.requests) == 3
    assert len(sleeps) == 2
    assert info.value.status_code == 503
    assert info.value.code == "x"


def test_get_retried_after_connection_drop_and_timeout() -> None:
    script = Script(
        httpx.ReadTimeout("slow"), httpx.RemoteProtocolError("dropped"),
        httpx.Response(200, json=PROFILES),
    )  # fmt: skip
    client, _ = make(script)
    assert client.profiles.list() == []
    assert len(script.requests) == 3


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(500, json={"success": False, "error": "Publishing failed"}),
        httpx.Response(502, text="bad gateway"),
        httpx.Response(429, json={"error": "cooldown"}, headers={"Retry-After": "1"}),
        httpx.ReadTimeout("timed out"),
        httpx.RemoteProtocolError("Server disconnected without sending a response."),
        httpx.ReadError("connection reset"),
    ],
    ids=["500", "502", "429", "timeout", "drop", "reset"],
)
def test_post_is_never_resent(answer: httpx.Response | Exception) -> None:
    script = Script(answer, httpx.Response(200, json=CREATED))
    client, sleeps = make(script, max_retries=5)
    with pytest.raises((APIStatusError, APIConnectionError)):
        create(client)
    assert len(script.requests) == 1
    assert sleeps == []


def test_media_upload_is_never_resent() -> None:
    script = Script(httpx.Response(500, json={"error": "x"}), httpx.Response(200, json={}))
    client, _ = make(script)
    with pytest.raises(InternalServerError):
        client.media.upload(url="https://example.com/a.mp4")
    assert len(script.requests) == 1


def test_timeout_and_connect_errors_are_typed() -> None:
    client, _ = make(Script(httpx.ReadTimeout("timed out")), max_retries=0)
    with pytest.raises(APITimeoutError) as info:
        create(client)
    assert info.value.request_sent is True
    client, _ = make(Script(httpx.ConnectError("refused")), max_retries=0)
    with pytest.raises(APIConnectionError) as cinfo:
        create(client)
    assert not isinstance(cinfo.value, APITimeoutError)
    assert cinfo.value.request_sent is False
    assert "POST http://127.0.0.1:9/functions/v1/api-posts" in str(cinfo.value)


@pytest.mark.parametrize(
    ("status", "cls"),
    [(400, BadRequestError), (401, AuthenticationError), (403, PermissionDeniedError),
     (404, NotFoundError), (413, PayloadTooLargeError), (422, UnprocessableEntityError),
     (429, RateLimitError), (500, InternalServerError), (504, InternalServerError),
     (418, APIStatusError)],
)  # fmt: skip
def test_status_maps_to_error_class(status: int, cls: type[APIStatusError]) -> None:
    body = {"success": False, "error": f"said {status}", "code": f"c{status}"}
    client, _ = make(Script(httpx.Response(status, json=body)), max_retries=0)
    with pytest.raises(cls) as info:
        create(client)
    assert type(info.value) is cls
    assert info.value.message == f"said {status}"
    assert info.value.code == f"c{status}"
    assert info.value.body == body


@pytest.mark.parametrize(
    ("response", "message", "code"),
    [
        (httpx.Response(400, json={"success": False, "error": "Missing", "code": "m"}),
         "Missing", "m"),
        (httpx.Response(400, json={"message": "Only message"}), "Only message", None),
        (httpx.Response(400, json={"error": "Bad Request", "message": "post.platform invalid"}),
         "Bad Request: post.platform invalid", None),
        (httpx.Response(400, json={"error": {"message": "nested", "code": "n"}}), "nested", "n"),
        (httpx.Response(400, text="plain words"), "plain words", None),
        (httpx.Response(400, content=b""), "Bad Request", None),
        (httpx.Response(500, json={"success": False, "error": "could not queue",
                                   "code": "queue_failed"}), "could not queue", "queue_failed"),
    ],
)  # fmt: skip
def test_error_message_shapes(response: httpx.Response, message: str, code: str | None) -> None:
    client, _ = make(Script(response), max_retries=0)
    with pytest.raises(APIStatusError) as info:
        create(client)
    assert info.value.message == message
    assert info.value.code == code


def test_rate_limit_error_carries_retry_after() -> None:
    client, _ = make(Script(httpx.Response(429, json={"error": "cooldown"},
                                           headers={"Retry-After": "120"})))  # fmt: skip
    with pytest.raises(RateLimitError) as info:
        create(client)
    assert info.value.retry_after == 120.0


def test_one_retry_after_serves_the_wait_and_the_error() -> None:
    # Parsed once per answer: the loop's wait is that value capped, the error keeps it whole,
    # and a 503 that says Retry-After is honoured like a 429.
    script = Script(httpx.Response(503, json={"error": "maintenance"},
                                   headers={"Retry-After": "600"}))  # fmt: skip
    client, sleeps = make(script, max_retries=1, max_retry_after=60.0)
    with pytest.raises(InternalServerError) as info:
        client.profiles.list()
    assert sleeps == [60.0]
    assert info.value.retry_after == 600.0


@pytest.mark.parametrize(
    "response",
    [
        httpx.Response(200, text="<html>502 Bad Gateway</html>",
                       headers={"content-type": "application/json"}),
        httpx.Response(200, content=b""),
        httpx.Response(200, json={"success": True}),
        httpx.Response(200, json=["not", "an", "object"]),
    ],
)  # fmt: skip
def test_malformed_success_bodies(response: httpx.Response) -> None:
    client, _ = make(Script(response), max_retries=0)
    with pytest.raises(MalformedResponseError) as info:
        create(client)
    assert info.value.status_code == 200


def test_rate_limits_parsed_from_every_response_and_keyed_by_platform() -> None:
    headers = {"X-RateLimit-Limit": "5", "X-RateLimit-Remaining": "0",
               "X-RateLimit-Reset": "2026-05-17T00:00:00Z"}  # fmt: skip
    client, _ = make(Script(httpx.Response(400, json={"error": "x"}, headers=headers)))
    with pytest.raises(BadRequestError):
        create(client)
    assert client.rate_limits["tiktok"].remaining == 0
    assert client.last_rate_limit is client.rate_limits["tiktok"]
    unlimited = {"X-RateLimit-Limit": "unlimited", "X-RateLimit-Remaining": "unlimited"}
    client, _ = make(Script(httpx.Response(200, json=CREATED, headers=unlimited)))
    create(client)
    limit = client.rate_limits["tiktok"]
    assert (limit.limit, limit.remaining, limit.unlimited) == (None, None, True)


def test_create_v2_200_and_202() -> None:
    queued = {"queued": True, "code": "queued_for_next_day", "message": "m",
              "scheduled_post_id": "q1", "scheduled_at": "2026-05-17T14:30:00.000Z"}  # fmt: skip
    script = Script(httpx.Response(200, json=CREATED), httpx.Response(202, json=queued))
    client, _ = make(script)
    kwargs: dict[str, Any] = {"account_id": "@me", "platform": "instagram",
                              "content": {"text": "x", "mediaID": ["f"]}}  # fmt: skip
    assert isinstance(client.posts.create_v2(**kwargs), CreatedPost)
    result = client.posts.create_v2(**kwargs)
    assert isinstance(result, QueuedForNextDay)
    assert result.post_id == "q1"
    assert [str(r.url) for r in script.requests] == [f"{SITE}/api/v2/posts"] * 2


def test_cancel_retried_and_confirmed_after_an_interrupted_attempt() -> None:
    script = Script(
        httpx.RemoteProtocolError("dropped after commit"),
        httpx.Response(400, json={"error": "Post is not in scheduled status"}),
        httpx.Response(200, json={"id": "p9", "platform": "x", "status": "cancelled"}),
    )
    client, _ = make(script)
    result = client.posts.cancel("p9")
    assert result.success is True
    assert [r.method for r in script.requests] == ["DELETE", "DELETE", "GET"]


def test_cancel_of_published_post_is_plain_400() -> None:
    script = Script(httpx.Response(400, json={"error": "Post is not in scheduled status"}))
    client, _ = make(script)
    with pytest.raises(BadRequestError, match="not in scheduled"):
        client.posts.cancel("p9")
    assert len(script.requests) == 1


def test_exact_paths_and_queries() -> None:
    script = Script(httpx.Response(404, json={"error": "nope"}))
    client, _ = make(script, max_retries=0)
    calls: list[Callable[[], object]] = [
        lambda: client.profiles.list(),
        lambda: client.platforms.list(),
        lambda: client.posts.get("a/b"),
        lambda: client.posts.cancel("abc"),
        lambda: client.analytics.get("abc"),
        lambda: client.media.upload(url="https://e.com/x.jpg"),
        lambda: client.posts.list(platform="tiktok", status="scheduled", limit=10, offset=20),
    ]
    for call in calls:
        with pytest.raises(NotFoundError):
            call()
    got = [(r.method, str(r.url)) for r in script.requests]
    assert got == [
        ("GET", f"{BASE}/api-posts?action=profiles"),
        ("GET", f"{BASE}/api-posts?action=platforms"),
        ("GET", f"{BASE}/api-posts/a%2Fb"),
        ("DELETE", f"{BASE}/api-posts/abc"),
        ("GET", f"{BASE}/poll-engagement?post_id=abc"),
        ("POST", f"{BASE}/api-media-upload"),
        ("GET", f"{BASE}/api-posts?platform=tiktok&status=scheduled&limit=10&offset=20"),
    ]
    assert all(r.headers["authorization"] == f"Bearer {KEY}" for r in script.requests)


def _pages(total: int) -> Handler:
    def handler(request: httpx.Request) -> httpx.Response:
        offset = int(request.url.params.get("offset", 0))
        limit = min(int(request.url.params.get("limit", 20)), 7)  # the server caps at 7
        posts = [{"id": f"p{i}", "platform": "x", "status": "published"}
                 for i in range(offset, min(offset + limit, total))]  # fmt: skip
        return httpx.Response(200, json={"posts": posts, "total": total, "limit": limit,
                                         "offset": offset})  # fmt: skip

    return handler


def test_sync_pagination_iterates_every_post() -> None:
    client, _ = make(_pages(23))
    page = client.posts.list(limit=10)
    assert (len(page.posts), page.total) == (7, 23)
    assert [p.id for p in page] == [f"p{i}" for i in range(23)]
    assert [p.id for p in client.posts.list_all(page_size=50)] == [f"p{i}" for i in range(23)]


async def test_async_pagination_and_list_all() -> None:
    in_flight = 0
    peak = 0

    async def handler(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, peak
        import asyncio

        in_flight += 1
        peak = max(peak, in_flight)
        await asyncio.sleep(0.01)
        in_flight -= 1
        return _pages(50)(request)

    client = AsyncStatus200Client(
        api_key=KEY, base_url=BASE, site_url=SITE,
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
    )  # fmt: skip
    async with client:
        page = await client.posts.list(limit=5)
        assert (len(page.posts), page.total) == (5, 50)
        assert [p.id async for p in client.posts.list(limit=5)] == [f"p{i}" for i in range(50)]
        everything = await client.posts.list_all(page_size=7, concurrency=3)
        assert [p.id for p in everything] == [f"p{i}" for i in range(50)]
        assert peak == 3


async def test_async_get_retried_post_not() -> None:
    script = Script(httpx.Response(500, json={"error": "x"}), httpx.Response(200, json=PROFILES))
    client = AsyncStatus200Client(
        api_key=KEY, base_url=BASE, site_url=SITE,
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(script)),
    )  # fmt: skip

    async def no_sleep(_: float) -> None:
        return None

    client._sleep = no_sleep
    assert await client.profiles.list() == []
    assert len(script.requests) == 2
    script.answers = [httpx.Response(500, json={"error": "x"}), httpx.Response(200, json=CREATED)]
    with pytest.raises(InternalServerError):
        await client.posts.create(account_id="@me", platform="x", content={"text": "t"})
    assert len(script.requests) == 3
    await client.close()
