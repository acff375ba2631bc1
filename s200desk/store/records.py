"""Plain records read back from the store, and turning API objects into rows."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from s200desk.store.timefmt import to_utc_iso


@dataclass(frozen=True, slots=True)
class StoredProfile:
    platform: str
    account_id: str
    display_name: str
    status: str
    connected_at: datetime | None


@dataclass(frozen=True, slots=True)
class StoredPlatform:
    id: str
    name: str
    media_types: list[str]
    max_caption_length: int | None
    max_video_size_mb: float | None
    max_image_size_mb: float | None


@dataclass(frozen=True, slots=True)
class StoredPost:
    id: str
    platform: str
    account_id: str
    caption: str
    status: str
    platform_post_id: str | None
    created_at: datetime | None
    published_at: datetime | None
    scheduled_for: datetime | None
    media: list[dict[str, Any]] = field(default_factory=list)
    platform_options: dict[str, Any] = field(default_factory=dict)
    # The server's whole JSON for the post; only filled by ``PostsRepo.get``.
    raw: dict[str, Any] | None = None
    # When the full post (GET by id: media and platform options) was stored; None: only listed.
    details_at: datetime | None = None

    @property
    def when(self) -> datetime | None:
        """When the post happens (the stored ``sort_at``): see ``happens_at``."""
        return happens_at(self.status, self.scheduled_for, self.published_at, self.created_at)

    @property
    def has_details(self) -> bool:
        return self.details_at is not None


def happens_at(
    status: str,
    scheduled_for: datetime | None,
    published_at: datetime | None,
    created_at: datetime | None,
) -> datetime | None:
    """When a post happens, for every view and the command line (the store's ``sort_at``).

    A published post: when it went out, even later than planned. Any other (scheduled, a 202-queued
    one, failed, cancelled): the time it is scheduled for. Created only when neither is known.
    """
    if status == "published":
        return published_at or scheduled_for or created_at
    return scheduled_for or published_at or created_at


def as_mapping(obj: Any) -> dict[str, Any]:
    """A JSON-ready dict of an API model (pydantic), a dataclass-ish object or a mapping."""
    if isinstance(obj, Mapping):
        return dict(obj)
    dump = getattr(obj, "model_dump", None)
    if callable(dump):
        result = dump(mode="json")
        if isinstance(result, dict):
            return result
    raise TypeError(f"cannot store a {type(obj).__name__}: expected a pydantic model or a mapping")


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _time(value: Any) -> str | None:
    try:
        return to_utc_iso(value)
    except (TypeError, ValueError):
        return None


_ENCODER = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, default=str)


def _json(value: Any, empty: str) -> str:
    if value is None:
        return empty
    return _ENCODER.encode(value)


def posts_json(posts: Sequence[Any]) -> str:
    """A JSON array of API posts (pydantic models, dataclass-ish objects or mappings), for
    ``store.post_json``, which builds the rows from it."""
    parts = []
    for obj in posts:
        dump_json = getattr(obj, "model_dump_json", None)
        if callable(dump_json) and not isinstance(obj, Mapping):
            parts.append(dump_json())
        else:
            parts.append(_ENCODER.encode(as_mapping(obj)))
    return "[" + ",".join(parts) + "]"


def profile_row(obj: Any, updated_at: str) -> tuple[Any, ...]:
    data = as_mapping(obj)
    return (
        str(data.get("platform") or ""),
        str(data.get("account_id") or ""),
        str(data.get("display_name") or ""),
        str(data.get("status") or ""),
        _time(data.get("connected_at")),
        _json(data, "{}"),
        updated_at,
    )


def platform_row(obj: Any, updated_at: str) -> tuple[Any, ...]:
    data = as_mapping(obj)
    return (
        str(data.get("id") or ""),
        str(data.get("name") or ""),
        _json(data.get("media_types"), "[]"),
        data.get("max_caption_length"),
        data.get("max_video_size_mb"),
        data.get("max_image_size_mb"),
        _json(data, "{}"),
        updated_at,
    )
