"""Keys stay secret and remote URLs are https."""

from __future__ import annotations

import httpx
import pytest

from s200desk.api import AsyncStatus200Client, NotFoundError, Status200Client
from s200desk.api._security import is_loopback_host, redact

KEY = "rl_live_SECRET_abc123"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/functions/v1",
        "http://127.5.6.7/functions/v1",
        "http://localhost:9/functions/v1",
        "http://[::1]:8080/functions/v1",
        "https://app.status200uploads.com/functions/v1",
        "https://example.org",
    ],
)
def test_allowed_base_urls(url: str) -> None:
    client = Status200Client(api_key=KEY, base_url=url, site_url=url)
    assert client.base_url == url.rstrip("/")
    client.close()


@pytest.mark.parametrize(
    "url",
    [
        "http://app.status200uploads.com/functions/v1",
        "http://10.0.0.5/functions/v1",
        "http://192.168.1.2:8000",
        "http://128.0.0.1",
        "http://localhost.evil.com",
        "ftp://127.0.0.1",
        "not a url",
        "",
        "https://user:pw@example.org",
    ],
)
def test_refused_base_urls(url: str) -> None:
    with pytest.raises(ValueError):
        Status200Client(api_key=KEY, base_url=url)
    with pytest.raises(ValueError):
        AsyncStatus200Client(api_key=KEY, site_url=url)


def test_plain_http_message_is_clear() -> None:
    with pytest.raises(ValueError, match="https"):
        Status200Client(api_key=KEY, base_url="http://app.status200uploads.com/functions/v1")


@pytest.mark.parametrize("key", ["", "sk_abc", "rl_", "RL_abc", "abc rl_x", "rl_a b", 42, None])
def test_bad_keys_refused_without_echo(key: object) -> None:
    with pytest.raises(ValueError) as info:
        Status200Client(api_key=key)  # type: ignore[arg-type]
    if isinstance(key, str) and len(key) > 3:
        assert key not in str(info.value)


def test_loopback_hosts() -> None:
    assert is_loopback_host("127.0.0.1")
    assert is_loopback_host("::1")
    assert is_loopback_host("[::1]")
    assert is_loopback_host("LOCALHOST")
    assert not is_loopback_host("10.0.0.1")
    assert not is_loopback_host("example.com")


def test_redact_finds_keys_and_bearer_tokens() -> None:
    text = f"Authorization: Bearer {KEY}; other key rl_other_9 and token Bearer abc.def"
    out = redact(text, KEY)
    assert KEY not in out
    assert "rl_other_9" not in out
    assert "abc.def" not in out


def test_client_repr_and_str_hide_key() -> None:
    sync = Status200Client(api_key=KEY)
    asyn = AsyncStatus200Client(api_key=KEY)
    for client in (sync, asyn):
        assert KEY not in repr(client)
        assert KEY not in str(client)
        assert "rl_***" in repr(client)
    sync.close()


def test_key_travels_only_as_bearer_and_never_in_errors() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        # A hostile or careless server echoing the key back.
        return httpx.Response(404, json={"success": False, "error": f"no post for {KEY}",
                                         "code": "not_found"})  # fmt: skip

    client = Status200Client(
        api_key=KEY,
        base_url="http://127.0.0.1:1/functions/v1",
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
    )
    with pytest.raises(NotFoundError) as info:
        client.posts.get("abc")
    request = seen[0]
    assert request.headers["authorization"] == f"Bearer {KEY}"
    assert KEY not in str(request.url)
    error = info.value
    for text in (str(error), repr(error), error.message, str(error.body), str(error.url)):
        assert KEY not in text
    assert "no post for" in error.message


def test_connection_error_text_hides_key() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError(f"refused while sending Bearer {KEY}", request=request)

    client = Status200Client(
        api_key=KEY,
        base_url="http://127.0.0.1:1/functions/v1",
        max_retries=0,
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
    )
    with pytest.raises(Exception) as info:
        client.profiles.list()
    assert KEY not in str(info.value)
    assert KEY not in repr(info.value)
