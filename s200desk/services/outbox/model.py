"""What the outbox holds: intents (one write the user asked for) and their states."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any


class IntentKind(StrEnum):
    CREATE = "create"  # one post to one profile (one platform)
    CANCEL = "cancel"  # cancel one scheduled post
    MEDIA_UPLOAD = "media_upload"  # ingest one public URL into the media library


class IntentState(StrEnum):
    PENDING = "pending"  # recorded, not yet (or not now) being sent
    SENDING = "sending"  # a request may be on the wire: the outcome is unknown until recorded
    DONE = "done"
    QUEUED_FOR_NEXT_DAY = "queued_for_next_day"  # v2 answered 202; settled, with its date
    FAILED = "failed"  # the server refused it; its reason kept, the payload editable
    NEEDS_ATTENTION = "needs_attention"  # settled by the app but a person should look
    DISCARDED = "discarded"  # the user gave up on it; kept for the record


# States in which the outbox will still act on an intent by itself.
ACTIVE_STATES = frozenset({IntentState.PENDING, IntentState.SENDING})
# States the user sees as "finished" (nothing more will happen without them).
SETTLED_STATES = frozenset(
    {
        IntentState.DONE,
        IntentState.QUEUED_FOR_NEXT_DAY,
        IntentState.FAILED,
        IntentState.NEEDS_ATTENTION,
        IntentState.DISCARDED,
    }
)
SUCCESS_STATES = frozenset({IntentState.DONE, IntentState.QUEUED_FOR_NEXT_DAY})

# Platforms that the site's REST v2 endpoint serves (202 queued_for_next_day on a full day).
V2_PLATFORMS = frozenset({"tiktok", "instagram", "facebook", "youtube"})
PLATFORMS = ("tiktok", "instagram", "facebook", "youtube", "x", "linkedin", "pinterest")


def new_id() -> str:
    return uuid.uuid4().hex


@dataclass(frozen=True)
class MediaRef:
    """One media item of a post: a library file id, a public URL, or a local path.

    A URL or path is turned into a file id by a media-upload intent before the post is sent;
    ``upload_intent`` names that intent once it exists.
    """

    file_id: str | None = None
    url: str | None = None
    path: str | None = None
    upload_intent: str | None = None

    def to_json(self) -> dict[str, str]:
        return {k: v for k, v in self.__dict__.items() if v is not None}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> MediaRef:
        return cls(
            file_id=data.get("file_id"),
            url=data.get("url"),
            path=data.get("path"),
            upload_intent=data.get("upload_intent"),
        )

    @classmethod
    def parse(cls, text: str) -> MediaRef:
        """A CLI/CSV token: ``http(s)://…`` is a URL, a path-looking token a path, else an id."""
        value = text.strip()
        lowered = value.lower()
        if lowered.startswith(("http://", "https://")):
            return cls(url=value)
        if lowered.startswith("file://"):
            return cls(path=value[7:])
        if "/" in value or "\\" in value or value.startswith(".") or _has_media_suffix(value):
            return cls(path=value)
        return cls(file_id=value)


_MEDIA_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".mp4", ".mov", ".webm")


def _has_media_suffix(value: str) -> bool:
    return value.lower().endswith(_MEDIA_SUFFIXES)


@dataclass(frozen=True)
class PostSpec:
    """One post to one profile, as the user asked for it (before media are resolved)."""

    account_id: str
    platform: str
    text: str
    media: tuple[MediaRef, ...] = ()
    scheduled_for: str | None = None  # ISO-8601 UTC with Z, or None for "now"
    options: dict[str, Any] = field(default_factory=dict)  # the platform's option object

    def to_json(self) -> dict[str, Any]:
        return {
            "account_id": self.account_id,
            "platform": self.platform,
            "text": self.text,
            "media": [m.to_json() for m in self.media],
            "scheduled_for": self.scheduled_for,
            "options": self.options,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PostSpec:
        return cls(
            account_id=data["account_id"],
            platform=data["platform"],
            text=data["text"],
            media=tuple(MediaRef.from_json(m) for m in data.get("media") or ()),
            scheduled_for=data.get("scheduled_for"),
            options=dict(data.get("options") or {}),
        )


@dataclass(frozen=True)
class Intent:
    """One row of the outbox."""

    id: str
    kind: IntentKind
    state: IntentState
    payload: dict[str, Any]
    account_id: str | None = None
    platform: str | None = None
    group_id: str | None = None  # intents submitted together (one composer post, one import)
    role: str | None = None  # e.g. "replacement"/"cancel_original" in a reschedule
    depends_on: tuple[str, ...] = ()  # intents that must succeed first
    source_key: str | None = None  # caller's identity for the intent (import: file hash + row)
    fingerprint: str | None = None
    attempts: int = 0
    last_error: str | None = None
    last_error_code: str | None = None
    result: dict[str, Any] | None = None
    post_id: str | None = None  # the server post this intent created (claimed by it alone)
    target_post_id: str | None = None  # the post a cancel acts on
    queued_for: str | None = None
    watermark: str | None = None  # server created_at of the newest post before our first send
    next_attempt_at: str | None = None
    created_at: str = ""
    updated_at: str = ""
    first_sent_at: str | None = None
    last_sent_at: str | None = None
    finished_at: str | None = None
    # Whose it is (see identity.py): the fingerprint of the key that recorded it and the server.
    # Only that key sends it there; None until the outbox stamps it (at submit).
    key_fp: str | None = None
    base_url: str | None = None

    @property
    def settled(self) -> bool:
        return self.state in SETTLED_STATES

    def with_(self, **changes: Any) -> Intent:
        return replace(self, **changes)

    def post_spec(self) -> PostSpec:
        if self.kind is not IntentKind.CREATE:
            raise TypeError(f"{self.kind} intent has no post")
        return PostSpec.from_json(self.payload)

    def summary(self) -> str:
        if self.kind is IntentKind.CREATE:
            text = str(self.payload.get("text", ""))
            short = text if len(text) <= 40 else text[:39] + "…"
            return f"{self.platform}:{self.account_id} {short!r}"
        if self.kind is IntentKind.CANCEL:
            return f"cancel {self.target_post_id or self.payload.get('post_id')}"
        return f"upload {self.payload.get('url')}"


def create_intent(
    spec: PostSpec,
    *,
    group_id: str | None = None,
    role: str | None = None,
    source_key: str | None = None,
    depends_on: tuple[str, ...] = (),
    intent_id: str | None = None,
) -> Intent:
    return Intent(
        id=intent_id or new_id(),
        kind=IntentKind.CREATE,
        state=IntentState.PENDING,
        payload=spec.to_json(),
        account_id=spec.account_id,
        platform=spec.platform,
        group_id=group_id,
        role=role,
        source_key=source_key,
        depends_on=depends_on,
    )


def cancel_intent(
    post_id: str | None,
    *,
    platform: str | None = None,
    account_id: str | None = None,
    group_id: str | None = None,
    role: str | None = None,
    depends_on: tuple[str, ...] = (),
    source_key: str | None = None,
    target_from: str | None = None,
) -> Intent:
    """Cancel ``post_id``; or, with ``target_from``, the post another intent will have created."""
    payload: dict[str, Any] = {"post_id": post_id}
    if target_from:
        payload["target_from"] = target_from
    return Intent(
        id=new_id(),
        kind=IntentKind.CANCEL,
        state=IntentState.PENDING,
        payload=payload,
        account_id=account_id,
        platform=platform,
        group_id=group_id,
        role=role,
        depends_on=depends_on,
        source_key=source_key,
        target_post_id=post_id,
    )


def media_upload_intent(
    url: str, *, name: str | None = None, group_id: str | None = None,
    source_key: str | None = None,
) -> Intent:
    """``name``: the file's name as the user knows it, shown in the outbox (never sent)."""
    return Intent(
        id=new_id(),
        kind=IntentKind.MEDIA_UPLOAD,
        state=IntentState.PENDING,
        payload={"url": url, "name": name} if name else {"url": url},
        group_id=group_id,
        source_key=source_key,
    )


def dumps(value: Any) -> str:
    """Canonical JSON (sorted keys, no spaces): what is stored and what is hashed."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)

