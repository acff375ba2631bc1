"""The `X-RateLimit-*` headers of a response."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pydantic import BaseModel, ConfigDict

from ._common import UTCDateTime


class RateLimit(BaseModel):
    """Daily post allowance as the last response reported it.

    `limit`/`remaining` are None when the plan is unlimited (a non-numeric header) or absent.
    """

    model_config = ConfigDict(frozen=True)

    limit: int | None = None
    remaining: int | None = None
    reset: UTCDateTime | None = None
    unlimited: bool = False
    platform: str | None = None
    observed_at: UTCDateTime

    @classmethod
    def from_headers(
        cls, headers: object, *, platform: str | None = None, now: datetime | None = None
    ) -> RateLimit | None:
        """Parse the headers of any response; None when it carries none of them."""
        get = getattr(headers, "get", None)
        if get is None:
            return None
        raw_limit = get("x-ratelimit-limit")
        raw_remaining = get("x-ratelimit-remaining")
        raw_reset = get("x-ratelimit-reset")
        if raw_limit is None and raw_remaining is None and raw_reset is None:
            return None
        now = now or datetime.now(UTC)
        limit = _count(raw_limit)
        remaining = _count(raw_remaining)
        unlimited = raw_limit is not None and limit is None
        return cls(
            limit=limit,
            remaining=remaining,
            reset=_reset(raw_reset, now),
            unlimited=unlimited,
            platform=platform,
            observed_at=now,
        )


def _count(raw: str | None) -> int | None:
    # "unlimited", "Infinity", "-1", "" … all mean "no number to show".
    if raw is None:
        return None
    text = raw.strip()
    try:
        value = int(text)
    except ValueError:
        try:
            number = float(text)
        except ValueError:
            return None
        if number != number or number in (float("inf"), float("-inf")):
            return None
        value = int(number)
    return value if value >= 0 else None


def _reset(raw: str | None, now: datetime) -> datetime | None:
    if raw is None or not raw.strip():
        return None
    text = raw.strip()
    try:
        seconds = float(text)
    except ValueError:
        pass
    else:
        if seconds != seconds or seconds in (float("inf"), float("-inf")):
            return None
        # Large numbers are epoch seconds; small ones "seconds from now". Past year 9999 (or
        # before year 1) is no time at all: no reset to show, not an error.
        try:
            if seconds >= 1_000_000_000:
                return datetime.fromtimestamp(seconds, UTC)
            return now + timedelta(seconds=max(seconds, 0))
        except (OverflowError, OSError, ValueError):
            return None
    try:
        parsed = datetime.fromisoformat(text)
        return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    except (OverflowError, ValueError):
        return None
