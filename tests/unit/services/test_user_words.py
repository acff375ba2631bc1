"""Each kind of failure in the user's words, through the errors the real API client raises.

Answers come from an httpx.MockTransport (one function under test: the words), except the
connection failures, which are real: a loopback port nobody listens on, and one that listens
but never answers.
"""

from __future__ import annotations

import errno
import os
import socket
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from s200desk.api import Status200Client
from s200desk.api.errors import Status200Error
from s200desk.services.sync import SyncError, SyncErrorKind, to_sync_error
from s200desk.services.user_words import (
    KEY_REFUSED,
    UserFacingError,
    cannot_reach,
    describe_error,
    no_answer_in_time,
)

KEY = "rl_unit_words_secret_key_0123456789"


def _failure(answer: httpx.Response | Exception, base: str = "http://127.0.0.1:9",
             ) -> Status200Error:
    """What ``profiles.list()`` raises when the server answers ``answer``."""

    def handler(request: httpx.Request) -> httpx.Response:
        if isinstance(answer, Exception):
            raise answer
        return answer

    client = Status200Client(
        api_key=KEY, base_url=f"{base}/functions/v1", site_url=base, max_retries=0,
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
    )  # fmt: skip
    with pytest.raises(Status200Error) as caught:
        client.profiles.list()
    client.close()
    return caught.value


def _json(status: int, body: Any, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(status, json=body, headers=headers)


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        (_json(401, {"error": f"Invalid API key {KEY}"}), KEY_REFUSED),
        (
            _json(403, {"error": "Account not connected"}),
            "Status 200 Uploads did not allow this (403 Forbidden): Account not connected. "
            "Check that the account is connected and that the key has full access.",
        ),
        (
            _json(404, {"error": "Post not found"}),
            "Not found on Status 200 Uploads (404): Post not found. It may have been deleted.",
        ),
        (
            _json(409, {"error": "Post was modified"}),
            "This changed on Status 200 Uploads meanwhile (409 Conflict): Post was modified. "
            "Refresh and try again.",
        ),
        (
            _json(422, {"error": "Validation failed",
                        "errors": {"caption": ["is too long"], "media": "unsupported format"}}),
            "Status 200 Uploads could not accept this (422): caption: is too long; "
            "media: unsupported format.",
        ),
        (
            _json(422, {"detail": [{"loc": ["body", "scheduledFor"], "msg": "not a date"}]}),
            "Status 200 Uploads could not accept this (422): scheduledFor: not a date.",
        ),
        (
            _json(422, {"error": "File could not be downloaded from the provided URL"}),
            "Status 200 Uploads could not accept this (422): File could not be downloaded from "
            "the provided URL.",
        ),
        (
            _json(429, {"error": "Too many requests"}, {"Retry-After": "30"}),
            "Status 200 Uploads asked us to slow down (429). It takes requests again in 30 "
            "seconds.",
        ),
        (
            _json(429, {"error": "Too many requests"}, {"Retry-After": "600"}),
            "Status 200 Uploads asked us to slow down (429). It takes requests again in 10 "
            "minutes.",
        ),
        (
            _json(429, {"error": "Too many requests"}),
            "Status 200 Uploads asked us to slow down (429). Try again in a moment.",
        ),
        (
            _json(500, {"error": "Publishing failed"}),
            "Status 200 Uploads had a problem on its side (500): Publishing failed. Try again "
            "in a moment.",
        ),
        (
            httpx.Response(502, text="<html><body><h1>502 Bad Gateway</h1></body></html>"),
            "Status 200 Uploads had a problem on its side (502). Try again in a moment.",
        ),
        (
            httpx.Response(200, text="{not json"),
            "Status 200 Uploads sent an answer s200desk could not read (200). Try again in a "
            "moment.",
        ),
        (
            httpx.ReadTimeout("timed out"),
            "Status 200 Uploads at 127.0.0.1:9 did not answer in time. Check your connection "
            "and try again.",
        ),
    ],
    ids=["401", "403", "404", "409", "422-fields", "422-detail", "422-plain", "429-30s",
         "429-10min", "429-no-header", "500", "502-html", "malformed-json", "timeout"],
)
def test_each_answer_reads_as_one_plain_sentence(answer: Any, words: str) -> None:
    error = _failure(answer)
    said = describe_error(error)
    assert said == words
    assert KEY not in said and "Traceback" not in said and "Error" not in said


def test_a_long_reason_is_cut_and_a_field_list_is_capped() -> None:
    many = {f"field{i}": "bad" for i in range(5)}
    said = describe_error(_failure(_json(422, {"errors": many})))
    assert said.endswith("field0: bad; field1: bad; field2: bad (and 2 more).")
    said = describe_error(_failure(_json(400, {"error": "x" * 500})))
    assert said == f"Status 200 Uploads refused the request (400): {'x' * 159}…."


@pytest.fixture
def refused_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # closed again: nothing listens there


@pytest.fixture
def silent_port() -> Iterator[int]:
    """Accepts connections (the kernel's backlog) and never answers."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(8)
        yield int(s.getsockname()[1])


def _real(port: int, timeout: float) -> Status200Error:
    client = Status200Client(
        api_key=KEY, base_url=f"http://127.0.0.1:{port}/functions/v1",
        site_url=f"http://127.0.0.1:{port}", max_retries=0, timeout=timeout,
    )  # fmt: skip
    with pytest.raises(Status200Error) as caught:
        client.profiles.list()
    client.close()
    return caught.value


def test_connection_refused_names_the_server(refused_port: int) -> None:
    said = describe_error(_real(refused_port, 5.0))
    assert said == cannot_reach(f"127.0.0.1:{refused_port}")
    assert said.startswith(f"Cannot reach Status 200 Uploads at 127.0.0.1:{refused_port}.")


def test_a_server_that_never_answers_is_a_timeout(silent_port: int) -> None:
    said = describe_error(_real(silent_port, 0.3))
    assert said == no_answer_in_time(f"127.0.0.1:{silent_port}")


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "/tmp/x.csv"),
         "The disk is full. Free some space and try again."),
        (PermissionError(errno.EACCES, os.strerror(errno.EACCES), "/etc/x.csv"),
         "s200desk is not allowed to write there. Choose another place."),
        (FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), "/gone/x.png"),
         "That file or folder does not exist (any more)."),
        (ValueError("internal detail rl_secret"), "Something went wrong inside s200desk."),
    ],
    ids=["disk-full", "not-allowed", "missing", "unknown"],
)
def test_local_failures(error: BaseException, words: str) -> None:
    assert describe_error(error) == words


def _raised(make: Callable[[], BaseException], cause: BaseException) -> BaseException:
    try:
        try:
            raise cause
        except BaseException as inner:
            raise make() from inner
    except BaseException as outer:
        return outer


def test_a_sync_failure_says_what_its_cause_says() -> None:
    cause = _failure(_json(401, {"error": "Invalid API key"}))
    error = _raised(lambda: to_sync_error(cause, "profiles"), cause)
    assert isinstance(error, SyncError) and error.kind is SyncErrorKind.AUTH
    assert describe_error(error) == KEY_REFUSED
    disk = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    error = _raised(lambda: to_sync_error(disk, "posts"), disk)
    assert describe_error(error) == "The disk is full. Free some space and try again."
    # Built without a cause (as a test double might), its kind still says enough.
    assert describe_error(SyncError(SyncErrorKind.OFFLINE, "x")) == cannot_reach(None)


def test_a_sentence_written_at_the_source_is_kept() -> None:
    assert describe_error(UserFacingError("Give the workspace a name.")) == (
        "Give the workspace a name."
    )
