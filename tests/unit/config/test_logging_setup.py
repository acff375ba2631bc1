"""The log file never holds an API key: not in messages, arguments, exceptions or stacks."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from s200desk.logging_setup import REDACTED, log_file, redact, setup_logging

KEY = "rl_live_9f8e7d6c5b4a"


@pytest.fixture
def configured() -> Iterator[None]:
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    setup_logging(logging.DEBUG)
    yield
    for handler in root.handlers:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"key={KEY}", f"key={REDACTED}"),
        (f"Authorization: Bearer {KEY}", f"Authorization: Bearer {REDACTED}"),
        ("authorization: bearer eyJhbGciOi.abc.def", f"authorization: bearer {REDACTED}"),
        ("{'Authorization': 'Bearer rl_x'}", f"{{'Authorization': 'Bearer {REDACTED}'}}"),
        ("no secrets here", "no secrets here"),
        ("curl_rl_ish", "curl_rl_ish"),  # not a token boundary
    ],
)
def test_redact(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.usefixtures("configured")
def test_keys_never_reach_the_log_file() -> None:
    log = logging.getLogger("s200desk.test")
    log.info("using key %s for %s", KEY, "@me")
    log.warning("headers: %r", {"Authorization": f"Bearer {KEY}"})
    try:
        raise RuntimeError(f"server rejected {KEY}")
    except RuntimeError:
        log.exception("request failed")
    # Third-party loggers propagate to the same handler and are redacted too.
    logging.getLogger("httpx").info("HTTP Request: GET https://x/?k=%s", KEY)
    log.info("stack", stack_info=True)
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = log_file().read_text(encoding="utf-8")
    assert KEY not in text
    assert "rl_live" not in text
    assert text.count(REDACTED) >= 4
    assert "RuntimeError: server rejected [REDACTED]" in text
    assert "Traceback (most recent call last)" in text


@pytest.mark.usefixtures("configured")
def test_setup_is_idempotent() -> None:
    setup_logging()
    ours = [h for h in logging.getLogger().handlers if getattr(h, "_s200desk", False)]
    assert len(ours) == 1
