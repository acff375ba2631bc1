"""A replacement built from the full post, read by id right before it is sent.

The API has no update: moving or editing a scheduled post creates its replacement and cancels the
original. The list endpoint carries no platform options, so the replacement is never built from a
stored copy: the create intent records only *which* post it replaces and *what the user changed*
(``PostChanges``); the sender reads the original with ``GET /api-posts/{id}`` when the intent's
turn comes, writes the full post into the intent (``materialise``), and only then sends it. A read
that fails leaves the intent pending with a wait, exactly like any other transient failure: the
move waits and retries; nothing is ever sent from partial data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from s200desk.services.outbox.model import Intent, IntentKind, MediaRef, PostSpec
from s200desk.services.post_rules import CHANGEABLE, refusal
from s200desk.services.scheduling import to_iso_z

DERIVE: Final = "derive"


@dataclass(frozen=True)
class PostChanges:
    """What the user changed on a post; ``None`` keeps the original's value."""

    text: str | None = None
    scheduled_for: str | None = None  # ISO-8601 UTC with Z
    media: tuple[MediaRef, ...] | None = None  # replaces the list (order matters)
    options: dict[str, Any] | None = None  # replaces the whole platform option object
    option_updates: dict[str, Any] | None = None  # per key; a None value removes the key

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.text is not None:
            out["text"] = self.text
        if self.scheduled_for is not None:
            out["scheduled_for"] = self.scheduled_for
        if self.media is not None:
            out["media"] = [m.to_json() for m in self.media]
        if self.options is not None:
            out["options"] = dict(self.options)
        if self.option_updates is not None:
            out["option_updates"] = dict(self.option_updates)
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PostChanges:
        media = data.get("media")
        return cls(
            text=data.get("text"),
            scheduled_for=data.get("scheduled_for"),
            media=None if media is None else tuple(MediaRef.from_json(m) for m in media),
            options=data.get("options"),
            option_updates=data.get("option_updates"),
        )

    @property
    def empty(self) -> bool:
        return not self.to_json()


def wire_key(key: str) -> str:
    """An option name as the API spells it (``privacy_level`` -> ``privacyLevel``)."""
    head, *rest = key.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def merged_options(original: Mapping[str, Any], changes: PostChanges) -> dict[str, Any]:
    base = changes.options if changes.options is not None else original
    options = {wire_key(k): v for k, v in base.items()}
    for key, value in (changes.option_updates or {}).items():
        name = wire_key(key)
        if value is None:
            options.pop(name, None)
        else:
            options[name] = value
    return options


def _get(post: Any, name: str) -> Any:
    return post.get(name) if isinstance(post, Mapping) else getattr(post, name, None)


def media_ids(post: Any) -> list[str]:
    """The post's file ids, in the order the server holds them."""
    out: list[str] = []
    for item in _get(post, "media") or []:
        file_id = item if isinstance(item, str) else _get(item, "file_id")
        if file_id:
            out.append(str(file_id))
    return out


def full_spec(post: Any, changes: PostChanges) -> PostSpec:
    """The replacement: everything ``post`` (a full read by id) had, with ``changes`` applied."""
    scheduled = changes.scheduled_for
    if scheduled is None:
        when = _get(post, "scheduled_for")
        scheduled = to_iso_z(when) if isinstance(when, datetime) else (str(when) if when else None)
    media = (
        changes.media
        if changes.media is not None
        else tuple(MediaRef(file_id=i) for i in media_ids(post))
    )
    platform = _get(post, "platform")
    return PostSpec(
        account_id=str(_get(post, "account_id") or ""),
        platform=str(getattr(platform, "value", platform) or ""),
        text=changes.text if changes.text is not None else str(_get(post, "caption") or ""),
        media=media,
        scheduled_for=scheduled,
        options=merged_options(dict(_get(post, "platform_options") or {}), changes),
    )


def derived_payload(
    from_post: str | None,
    changes: PostChanges,
    *,
    account_id: str | None,
    platform: str | None,
    copy: bool = False,
    from_intent: str | None = None,
) -> dict[str, Any]:
    """The payload of a create that is still to be built from ``from_post``, or from the post
    the create ``from_intent`` will have made (a move of a move still on its way).

    ``copy``: a duplicate (the original stays), so any post may be its source, published or not.
    """
    derive: dict[str, Any] = {"changes": changes.to_json()}
    if from_post:
        derive["from_post"] = from_post
    if from_intent:
        derive["from_intent"] = from_intent
    if copy:
        derive["copy"] = True
    return {
        DERIVE: derive,
        "account_id": account_id,
        "platform": platform,
        "scheduled_for": changes.scheduled_for,
    }


def needs_derive(intent: Intent) -> bool:
    """A create whose post has not been read from the server yet."""
    return intent.kind is IntentKind.CREATE and DERIVE in intent.payload and "text" not in (
        intent.payload
    )


def derived_from(intent: Intent) -> str | None:
    """The post a replacement replaces (before and after it was built)."""
    spec = intent.payload.get(DERIVE)
    return str(spec["from_post"]) if isinstance(spec, Mapping) and spec.get("from_post") else None


def derived_via(intent: Intent) -> str | None:
    """The create whose post this replacement replaces, when that post did not exist yet."""
    spec = intent.payload.get(DERIVE)
    via = spec.get("from_intent") if isinstance(spec, Mapping) else None
    return str(via) if via else None


def materialised(intent: Intent, post: Any) -> dict[str, Any]:
    """The intent's payload once ``post`` (the original, read by id) is known."""
    changes = PostChanges.from_json(intent.payload[DERIVE].get("changes") or {})
    spec = full_spec(post, changes)
    return {**spec.to_json(), DERIVE: intent.payload[DERIVE]}


def is_copy(intent: Intent) -> bool:
    spec = intent.payload.get(DERIVE)
    return isinstance(spec, Mapping) and bool(spec.get("copy"))


__all__ = [
    "CHANGEABLE",
    "DERIVE",
    "PostChanges",
    "derived_from",
    "derived_payload",
    "derived_via",
    "full_spec",
    "is_copy",
    "materialised",
    "media_ids",
    "merged_options",
    "needs_derive",
    "refusal",
    "wire_key",
]
