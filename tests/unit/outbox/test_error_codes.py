"""The code an outbox row records for a failure comes from the error's type, never its wording."""

from __future__ import annotations

import pytest

from s200desk.api.errors import (
    APIConnectionError,
    APITimeoutError,
    BadRequestError,
    MalformedResponseError,
)
from s200desk.services.outbox.sender import _code


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (APITimeoutError("no answer within 30 s"), "timeout"),  # worded without "Timed out"
        (APIConnectionError("Timed out? no: the connection was reset"), "connection"),
        (BadRequestError("caption too long", status_code=400), "400"),
        (MalformedResponseError("not JSON", status_code=200), "malformed"),
    ],
    ids=["timeout", "reset", "400", "malformed"],
)
def test_the_code_follows_the_type(error: Exception, code: str) -> None:
    assert _code(error) == code
