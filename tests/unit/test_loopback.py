"""Plain http is allowed to this computer only, and "this computer" is decided by the literal."""

from __future__ import annotations

import pytest

from s200desk.api import AsyncStatus200Client
from s200desk.config import check_url
from s200desk.loopback import is_loopback_host, plain_http_allowed

LOOPBACK = ["localhost", "LOCALHOST", "127.0.0.1", "127.1.2.3", "::1", "[::1]", "::ffff:127.0.0.1"]
NOT_LOOPBACK = [
    "127.attacker.example",  # a public name anyone can point anywhere
    "127.0.0.1.attacker.example",
    "localhost.attacker.example",
    "evil.localhost",
    "localhost.",
    "128.0.0.1",
    "10.0.0.1",
    "0.0.0.0",
    "::",
    "example.com",
    "",
    None,
]


@pytest.mark.parametrize("host", LOOPBACK)
def test_loopback_literals(host: str) -> None:
    assert is_loopback_host(host)


@pytest.mark.parametrize("host", NOT_LOOPBACK)
def test_names_that_only_look_local_are_not_loopback(host: str | None) -> None:
    assert not is_loopback_host(host)


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://127.attacker.example/x", True),
        ("http://127.0.0.1:9000/x", True),
        ("http://[::1]:9000", True),
        ("http://localhost:9000", True),
        ("http://127.attacker.example:9000/x", False),
        ("http://127.0.0.1.nip.io", False),
        ("ftp://127.0.0.1/x", False),
    ],
)
def test_plain_http_only_to_this_computer(url: str, allowed: bool) -> None:
    assert plain_http_allowed(url) is allowed


@pytest.mark.parametrize("url", ["http://127.attacker.example:8080", "http://evil.localhost"])
def test_settings_and_client_refuse_plain_http_to_a_lookalike(url: str) -> None:
    with pytest.raises(ValueError, match="https"):
        check_url(url)
    with pytest.raises(ValueError, match="https"):
        AsyncStatus200Client(api_key="rl_test", base_url=url + "/functions/v1", site_url=url)
