"""A body nested absurdly deep is a malformed answer, never a RecursionError, sync and async."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from s200desk.api import (
    AsyncStatus200Client,
    BadRequestError,
    MalformedResponseError,
    Status200Client,
)

from .test_request_loop import BASE, KEY, SITE, create

JSON = {"content-type": "application/json"}
# 200,000 levels: far past the interpreter's recursion limit. 500: decodes, then too deep to use.
DEEP_BODIES = [b"[" * 200_000 + b"]" * 200_000, b'{"a":' * 500 + b"1" + b"}" * 500]


def answer(status: int, body: bytes) -> httpx.MockTransport:
    return httpx.MockTransport(lambda request: httpx.Response(status, content=body, headers=JSON))


@pytest.mark.parametrize("body", DEEP_BODIES, ids=["200k", "500"])
def test_sync_client_calls_a_deep_success_body_malformed(body: bytes) -> None:
    client = Status200Client(api_key=KEY, base_url=BASE, site_url=SITE, max_retries=0,
                             http_client=httpx.Client(transport=answer(200, body)))  # fmt: skip
    with pytest.raises(MalformedResponseError, match="nested too deeply") as info:
        create(client)
    assert info.value.status_code == 200


@pytest.mark.parametrize("body", DEEP_BODIES, ids=["200k", "500"])
async def test_async_client_calls_a_deep_success_body_malformed(body: bytes) -> None:
    client = AsyncStatus200Client(
        api_key=KEY, base_url=BASE, site_url=SITE, max_retries=0,
        http_client=httpx.AsyncClient(transport=answer(200, body)),
    )  # fmt: skip
    async with client:
        with pytest.raises(MalformedResponseError, match="nested too deeply"):
            await client.profiles.list()


@pytest.mark.parametrize("body", DEEP_BODIES, ids=["200k", "500"])
def test_a_deep_error_body_still_gives_the_status_error(body: bytes) -> None:
    # The error-message reader and the rate-limit reader (platform from the body) decode too.
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).strftime("%Y-%m-%dT00:00:00Z")
    limits = {"X-RateLimit-Limit": "5", "X-RateLimit-Remaining": "4",
              "X-RateLimit-Reset": tomorrow}  # fmt: skip
    transport = httpx.MockTransport(
        lambda request: httpx.Response(400, content=body, headers={**JSON, **limits})
    )
    client = Status200Client(api_key=KEY, base_url=BASE, site_url=SITE, max_retries=0,
                             http_client=httpx.Client(transport=transport))  # fmt: skip
    with pytest.raises(BadRequestError) as info:
        client.profiles.list()
    assert info.value.status_code == 400
    assert client.last_rate_limit is not None and client.last_rate_limit.remaining == 4


def test_an_ordinary_nested_answer_still_reads() -> None:
    body = b'{"success": true, "post_id": "p1", "platform": "tiktok", "status": "published"}'
    client = Status200Client(api_key=KEY, base_url=BASE, site_url=SITE, max_retries=0,
                             http_client=httpx.Client(transport=answer(200, body)))  # fmt: skip
    assert create(client).post_id == "p1"
