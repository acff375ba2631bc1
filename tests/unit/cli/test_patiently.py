"""``patiently``: a read the command needs is tried again on a server hiccup, never on a refused
key or an unreachable server, and what stops it is said in the user's words."""

from __future__ import annotations

from typing import Any

import pytest

from s200desk.api.errors import (
    APIConnectionError,
    AuthenticationError,
    InternalServerError,
    RateLimitError,
)
from s200desk.cli import EXIT_AUTH, EXIT_OFFLINE
from s200desk.cli.context import CliExit, patiently
from s200desk.services.user_words import KEY_REFUSED


class Flaky:
    """Raises the given errors in turn, then answers "ok"."""

    def __init__(self, *errors: Exception) -> None:
        self.errors = list(errors)
        self.calls = 0

    async def __call__(self) -> str:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return "ok"


def _server_error() -> InternalServerError:
    return InternalServerError("Publishing failed", status_code=500)


async def test_a_hiccup_is_tried_again_after_the_servers_retry_after() -> None:
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    call = Flaky(RateLimitError("slow down", retry_after=7.0, status_code=429), _server_error())
    assert await patiently(call, sleep=sleep) == "ok"
    assert call.calls == 3
    assert slept[0] == 7.0  # the server's Retry-After, not the backoff
    assert 0 < slept[1] <= 4.0


async def test_it_gives_up_after_the_last_attempt_in_words() -> None:
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    call = Flaky(*[_server_error() for _ in range(10)])
    with pytest.raises(CliExit) as caught:
        await patiently(call, attempts=4, sleep=sleep)
    assert call.calls == 4 and len(slept) == 3
    assert caught.value.code == EXIT_OFFLINE
    assert caught.value.message.startswith("Status 200 Uploads had a problem on its side (500)")


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (AuthenticationError("Invalid API key", status_code=401), EXIT_AUTH),
        (APIConnectionError("Connection failed on GET http://127.0.0.1:9/x", request_sent=False,
                            url="GET http://127.0.0.1:9/x"), EXIT_OFFLINE),
    ],
    ids=["refused-key", "unreachable"],
)
async def test_a_refused_key_or_no_server_stops_at_once(error: Exception, code: int) -> None:
    async def never(_seconds: float) -> Any:
        raise AssertionError("no second try")

    call = Flaky(error)
    with pytest.raises(CliExit) as caught:
        await patiently(call, sleep=never)
    assert call.calls == 1 and caught.value.code == code
    if code == EXIT_AUTH:
        assert caught.value.message == KEY_REFUSED
    else:
        assert "Cannot reach Status 200 Uploads at 127.0.0.1:9" in caught.value.message
