"""One place that turns an error into the user's words: ``describe_error(exc) -> str``.

Every surface that tells the user something failed (the key dialogs, the sync banners, the
calm error box, the outbox's reasons, the command line) asks here, so one failure reads the same
everywhere. The sentence is short and plain: what happened and what to do, with the server's own
reason when it has one. Never a traceback, a class name or a key (the API client has already
redacted keys from every message it keeps; the reason is trimmed and stripped of markup here).
"""

from __future__ import annotations

import errno
import math
import sqlite3
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from s200desk.api.errors import APIStatusError, Status200Error

SERVICE = "Status 200 Uploads"
KEY_REFUSED = (
    "The API key was refused (401 Unauthorized). Check that you copied the whole key from "
    "API Management in your Status 200 dashboard, and that it has not been revoked."
)
SOMETHING_WENT_WRONG = "Something went wrong inside s200desk."
LOCAL_DATA = "The data saved on this computer could not be read or written."
DISK_FULL = "The disk is full. Free some space and try again."
REASON_LIMIT = 160  # characters of the server's reason kept in a sentence
FIELD_LIMIT = 3  # field errors named in a 422 sentence


class UserFacingError(Exception):
    """An error raised with its sentence already written (``user_message``), shown as is."""

    def __init__(self, user_message: str) -> None:
        super().__init__(user_message)
        self.user_message = user_message


def cannot_reach(host: str | None) -> str:
    """No connection to the server (refused, DNS, dropped before an answer)."""
    where = f" at {host}" if host else ""
    return (
        f"Cannot reach {SERVICE}{where}. Check your internet connection (or proxy/firewall) "
        "and try again."
    )


def no_answer_in_time(host: str | None) -> str:
    where = f" at {host}" if host else ""
    return f"{SERVICE}{where} did not answer in time. Check your connection and try again."


def describe_error(exc: BaseException) -> str:
    """``exc`` as one or two short sentences the user can act on."""
    for error in _chain(exc):
        words = _words(error)
        if words is not None:
            return words
    return _sync_kind_words(exc) or SOMETHING_WENT_WRONG


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """``exc``, then what it wraps (``raise ... from``): a SyncError says what its cause says."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__


def _words(exc: BaseException) -> str | None:
    # The API package is imported here, not above: it costs ~170 ms, and the window's start-up
    # path imports this module (the key dialog, the calm error box) long before it needs it.
    from s200desk.api.errors import Status200Error

    if isinstance(exc, UserFacingError):
        return exc.user_message
    if isinstance(exc, Status200Error):
        return _api_words(exc)
    if isinstance(exc, sqlite3.Error):
        return LOCAL_DATA
    if isinstance(exc, TimeoutError):  # before OSError: TimeoutError is one
        return no_answer_in_time(None)
    if isinstance(exc, ConnectionError):
        return cannot_reach(None)
    if isinstance(exc, OSError):
        return _os_words(exc)
    return None


def _api_words(exc: Status200Error) -> str:
    from s200desk.api.errors import (
        APIConnectionError,
        APIStatusError,
        APITimeoutError,
        MalformedResponseError,
    )

    if isinstance(exc, APITimeoutError):
        return no_answer_in_time(_host(exc.url))
    if isinstance(exc, APIConnectionError):
        return cannot_reach(_host(exc.url))
    if isinstance(exc, MalformedResponseError):
        return (
            f"{SERVICE} sent an answer s200desk could not read ({exc.status_code}). "
            "Try again in a moment."
        )
    if isinstance(exc, APIStatusError):
        return _status_words(exc)
    return f"{SERVICE} could not be used just now. Try again in a moment."


def _status_words(exc: APIStatusError) -> str:
    from s200desk.api.errors import AuthenticationError, PermissionDeniedError, RateLimitError

    status = exc.status_code
    reason = _reason(exc.message)
    because = f": {reason}" if reason else ""
    if isinstance(exc, AuthenticationError):
        return KEY_REFUSED
    if isinstance(exc, PermissionDeniedError):
        return (
            f"{SERVICE} did not allow this (403 Forbidden){because}. Check that the account is "
            "connected and that the key has full access."
        )
    if isinstance(exc, RateLimitError):
        return f"{SERVICE} asked us to slow down (429). {_when_again(exc.retry_after)}"
    if status == 404:
        return f"Not found on {SERVICE} (404){because}. It may have been deleted."
    if status == 409:
        return (
            f"This changed on {SERVICE} meanwhile (409 Conflict){because}. Refresh and try again."
        )
    if status == 413:
        return f"The file is too large for {SERVICE} (413){because}."
    if status == 422:
        fields = _field_errors(exc.body)
        return f"{SERVICE} could not accept this (422): {fields or reason or 'no reason given'}."
    if status == 400:
        return f"{SERVICE} refused the request (400){because}."
    if status >= 500:
        return f"{SERVICE} had a problem on its side ({status}){because}. Try again in a moment."
    return f"{SERVICE} answered {status}{because}."


def _when_again(retry_after: float | None) -> str:
    if retry_after is None:
        return "Try again in a moment."
    seconds = math.ceil(max(0.0, retry_after))
    if seconds <= 1:
        return "It takes requests again in a second."
    if seconds < 120:
        return f"It takes requests again in {seconds} seconds."
    return f"It takes requests again in {math.ceil(seconds / 60)} minutes."


def _os_words(exc: OSError) -> str:
    # No file name: it is often a temporary file beside the one the user chose, which the
    # caller names better ("Could not export to <path>. …").
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return DISK_FULL
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "s200desk is not allowed to write there. Choose another place."
    if exc.errno == errno.ENOENT:
        return "That file or folder does not exist (any more)."
    why = f" ({exc.strerror})" if exc.strerror else ""
    return f"A file could not be read or written{why}."


def _sync_kind_words(exc: BaseException) -> str | None:
    """A SyncError built without its cause: its kind still says enough."""
    from s200desk.services.sync import SyncError, SyncErrorKind

    if not isinstance(exc, SyncError):
        return None
    return {
        SyncErrorKind.AUTH: KEY_REFUSED,
        SyncErrorKind.OFFLINE: cannot_reach(None),
        SyncErrorKind.RATE_LIMITED: f"{SERVICE} asked us to slow down (429). "
        f"{_when_again(exc.retry_after)}",
        SyncErrorKind.SERVER: f"{SERVICE} answered with an error. Try again in a moment.",
        SyncErrorKind.LOCAL: LOCAL_DATA,
    }[exc.kind]


def _host(described: str | None) -> str | None:
    """``"GET https://host/path?q"`` (the client's redacted request line) → ``host``."""
    if not described:
        return None
    return urlsplit(described.split()[-1]).netloc or None


def _reason(text: str | None) -> str:
    """The server's reason as a clause: one line, no markup, no trailing full stop, trimmed."""
    clean = " ".join((text or "").split())
    if clean.startswith("<"):  # an HTML error page from a proxy says nothing to the user
        return ""
    clean = clean.rstrip(".")
    if len(clean) > REASON_LIMIT:
        clean = clean[: REASON_LIMIT - 1].rstrip() + "…"
    return clean


def _field_errors(body: Any) -> str:
    """Field errors of a 422, in the shapes servers commonly send (the reference names none):
    ``{"errors": {"field": "msg" | ["msg", ...]}}``, ``{"errors": [{"field", "message"}]}`` or
    ``{"detail": [{"loc": [...], "msg"}]}``. "caption: too long; media: unsupported"."""
    if not isinstance(body, Mapping):
        return ""
    raw = body.get("errors")
    if raw is None:
        raw = body.get("detail") if isinstance(body.get("detail"), list) else None
    pairs: list[tuple[str, str]] = []
    if isinstance(raw, Mapping):
        for field, messages in raw.items():
            listed = messages if isinstance(messages, list) else [messages]
            pairs += [(str(field), str(m)) for m in listed if m]
    elif isinstance(raw, list):
        for item in raw:
            if not isinstance(item, Mapping):
                continue
            where = item.get("field") or item.get("path") or item.get("loc") or ""
            if isinstance(where, list):
                where = ".".join(str(p) for p in where if p != "body")
            message = item.get("message") or item.get("msg") or ""
            if message:
                pairs.append((str(where), str(message)))
    shown = [f"{field}: {_reason(msg)}" if field else _reason(msg) for field, msg in pairs]
    more = len(shown) - FIELD_LIMIT
    text = "; ".join(shown[:FIELD_LIMIT])
    return f"{text} (and {more} more)" if more > 0 else text
