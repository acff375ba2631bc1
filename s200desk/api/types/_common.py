"""Building blocks shared by the request and response models."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel


class Platform(StrEnum):
    """The seven platforms a post can target (`post.platform`)."""

    TIKTOK = "tiktok"
    INSTAGRAM = "instagram"
    FACEBOOK = "facebook"
    YOUTUBE = "youtube"
    X = "x"
    LINKEDIN = "linkedin"
    PINTEREST = "pinterest"


class PostStatus(StrEnum):
    """Post statuses the reference names, plus `cancelled` for a cancelled scheduled post."""

    PUBLISHED = "published"
    FAILED = "failed"
    SCHEDULED = "scheduled"
    PENDING = "pending"
    CANCELLED = "cancelled"


def _as_utc(value: datetime) -> datetime:
    # Every datetime crossing a seam is aware UTC; a naive server time is read as UTC.
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    try:
        return value.astimezone(UTC)
    except OverflowError:  # e.g. 0001-01-01T00:00+05:00: a ValueError is a validation error
        raise ValueError("the time is out of range in UTC") from None


UTCDateTime = Annotated[datetime, AfterValidator(_as_utc)]

# Responses may name a platform or status we do not know yet (the reference's intro mentions
# Threads); keep the enum when it fits, the plain string otherwise.
PlatformName = Annotated[Platform | str, Field(union_mode="left_to_right")]
StatusName = Annotated[PostStatus | str, Field(union_mode="left_to_right")]


class ResponseModel(BaseModel):
    """A response body: tolerant of fields the reference does not list."""

    model_config = ConfigDict(extra="allow", frozen=False)


# Building a model's validator costs ~1-4 ms of CPU at import. The models a start-up reads
# (posts, profiles, platforms, rate limits, analytics) are built at import, off the GUI thread;
# request bodies and the answers to writes are built on first use instead (`defer_build`): a
# start-up that only syncs and polls never pays for them. Behaviour and JSON schemas are the
# same either way.
DEFERRED = ConfigDict(defer_build=True)


class RequestModel(BaseModel):
    """A request body: camelCase on the wire, snake_case in Python, unknown fields refused."""

    model_config = ConfigDict(
        extra="forbid",
        alias_generator=to_camel,
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        defer_build=True,  # see DEFERRED
    )

    def to_wire(self) -> dict[str, object]:
        """The JSON body as the server expects it (aliases, unset fields left out)."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)


def format_utc(value: datetime) -> str:
    """An aware datetime as UTC ISO-8601 with `Z` (milliseconds only when present)."""
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        raise ValueError(
            "scheduled_for must be timezone-aware (e.g. datetime(..., tzinfo=UTC)); "
            "a naive datetime is ambiguous"
        )
    utc = value.astimezone(UTC)
    spec = "milliseconds" if utc.microsecond else "seconds"
    return utc.replace(tzinfo=None).isoformat(timespec=spec) + "Z"


def normalize_scheduled_for(value: datetime | str | None) -> str | None:
    """Accept an aware datetime or an ISO-8601 string with an offset; return UTC `...Z`."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError as exc:
            raise ValueError(f"scheduled_for is not an ISO-8601 timestamp: {value!r}") from exc
        if parsed.tzinfo is None:
            raise ValueError(f"scheduled_for {value!r} has no UTC offset; add 'Z' or '+hh:mm'")
        return format_utc(parsed)
    if isinstance(value, datetime):
        return format_utc(value)
    raise TypeError(f"scheduled_for must be a datetime or str, not {type(value).__name__}")
