"""Typed errors. Every message keeps what the server said, with keys redacted."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "InternalServerError",
    "MalformedResponseError",
    "NotFoundError",
    "PayloadTooLargeError",
    "PermissionDeniedError",
    "RateLimitError",
    "Status200Error",
    "UnprocessableEntityError",
]


class Status200Error(Exception):
    """Base of every error the client raises."""

    def __init__(self, message: str, *, method: str | None = None, url: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.method = method
        self.url = url  # redacted request URL

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r})"


class APIConnectionError(Status200Error):
    """The request may or may not have reached the server (refused, dropped, reset).

    `request_sent` is False only when no connection was ever made (nothing can have happened
    on the server); otherwise a write may have been applied.
    """

    def __init__(
        self,
        message: str,
        *,
        method: str | None = None,
        url: str | None = None,
        request_sent: bool = True,
    ) -> None:
        super().__init__(message, method=method, url=url)
        self.request_sent = request_sent


class APITimeoutError(APIConnectionError):
    """No complete answer within the timeout; a write may have happened."""


class APIStatusError(Status200Error):
    """The server answered with a non-2xx status."""

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        code: str | None = None,
        body: Any = None,
        headers: Mapping[str, str] | None = None,
        retry_after: float | None = None,
        method: str | None = None,
        url: str | None = None,
    ) -> None:
        super().__init__(message, method=method, url=url)
        self.status_code = status_code
        self.code = code
        self.body = body
        self.headers: dict[str, str] = dict(headers or {})
        # Seconds from the answer's Retry-After (a 429, also a 503 may say it), uncapped; None
        # when it said none. Parsed once, by the request loop, which caps it for its own waits.
        self.retry_after = retry_after
        # Set by the request loop when an earlier attempt of this request had an unknown outcome.
        self.after_ambiguous_attempt = False

    def __str__(self) -> str:
        text = f"{self.status_code}: {self.message}"
        return f"{text} (code: {self.code})" if self.code else text

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status_code={self.status_code}, "
            f"message={self.message!r}, code={self.code!r})"
        )


class BadRequestError(APIStatusError):
    """400: missing fields, invalid platform, bad media URL, or a post that is not cancellable."""


class AuthenticationError(APIStatusError):
    """401: missing or invalid API key."""


class PermissionDeniedError(APIStatusError):
    """403: account not connected or insufficient permissions."""


class NotFoundError(APIStatusError):
    """404: no such post (or it belongs to another user), or no metrics yet."""


class PayloadTooLargeError(APIStatusError):
    """413: the media file exceeds the size limit."""


class UnprocessableEntityError(APIStatusError):
    """422: the media could not be downloaded from the URL."""


class RateLimitError(APIStatusError):
    """429: spacing limit (cooldown) hit; `retry_after` is in seconds when the server said."""


class InternalServerError(APIStatusError):
    """5xx: publishing failed, or (`code == "queue_failed"`) v2 could not save the queued post."""


class MalformedResponseError(Status200Error):
    """A 2xx whose body is not the documented shape (not JSON, or missing/mistyped fields)."""

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        body: Any = None,
        method: str | None = None,
        url: str | None = None,
    ) -> None:
        super().__init__(message, method=method, url=url)
        self.status_code = status_code
        self.body = body


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    413: PayloadTooLargeError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def error_class_for(status_code: int) -> type[APIStatusError]:
    if status_code in _BY_STATUS:
        return _BY_STATUS[status_code]
    if status_code >= 500:
        return InternalServerError
    return APIStatusError
