"""Posts: reading the create body, checking it against the platform, storing and showing posts."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from .analytics import platform_post_id
from .catalog import IMAGE_TYPES, PLATFORMS, Platform
from .errors import ApiError
from .rules import utc_day
from .timefmt import db_to_iso, iso, parse_timestamp

if TYPE_CHECKING:
    from .engine import Emulator

PUBLISH_FAILED = ("PUBLISH_FAILED", "The platform refused the post (injected fault)")

OPTION_CHOICES = {
    ("tiktok", "privacyLevel"): (
        "PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "FOLLOWER_OF_CREATOR", "SELF_ONLY",
    ),
    ("instagram", "postType"): ("image", "reel", "story", "carousel"),
}


@dataclass
class PostRequest:
    handle: str
    platform: Platform
    caption: str
    media_ids: list[str] = field(default_factory=list)
    media_urls: list[str] = field(default_factory=list)
    scheduled_for: datetime | None = None
    options: dict[str, Any] = field(default_factory=dict)


def _string_list(value: object, name: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ApiError(400, "invalid_field", f"{name} must be an array of strings")
    return list(value)


def parse_post_body(body: object, now: datetime) -> PostRequest:
    """The documented body `{"post": {...}}`; the platform object may sit in `post` or beside it."""
    if not isinstance(body, dict) or not isinstance(body.get("post"), dict):
        raise ApiError(400, "missing_fields", "Missing required field: post")
    post = body["post"]
    missing = [
        name for name, value in (
            ("post.accountId", post.get("accountId")),
            ("post.platform", post.get("platform")),
            ("post.content.text", (post.get("content") or {}).get("text")
             if isinstance(post.get("content"), dict) else None),
        ) if value is None or value == ""
    ]
    content = post.get("content") if isinstance(post.get("content"), dict) else {}
    media_ids = _string_list(content.get("mediaID"), "post.content.mediaID")
    media_urls = _string_list(content.get("mediaUrls"), "post.content.mediaUrls")
    if missing == ["post.content.text"] and content.get("text") == "" and (media_ids or media_urls):
        missing = []
    if missing:
        raise ApiError(400, "missing_fields", f"Missing required field(s): {', '.join(missing)}")
    handle, platform_id, text = post["accountId"], post["platform"], content["text"]
    if not isinstance(handle, str) or not isinstance(text, str):
        raise ApiError(400, "invalid_field", "post.accountId and post.content.text must be strings")
    if not isinstance(platform_id, str) or platform_id not in PLATFORMS:
        raise ApiError(
            400, "invalid_platform",
            f"Invalid platform {platform_id!r}; one of {', '.join(PLATFORMS)}",
        )
    platform = PLATFORMS[platform_id]
    if len(text) > platform.max_caption_length:
        raise ApiError(
            400, "caption_too_long",
            f"Caption is {len(text)} characters; {platform.name} allows "
            f"{platform.max_caption_length}",
        )
    scheduled_for = None
    raw_when = post.get("scheduledFor")
    if raw_when is not None:
        try:
            scheduled_for = parse_timestamp(raw_when)
        except (ValueError, TypeError) as exc:
            raise ApiError(
                400, "invalid_scheduled_for",
                f"scheduledFor is not an ISO 8601 timestamp: {raw_when!r}",
            ) from exc
        if scheduled_for <= now:
            raise ApiError(400, "scheduled_in_past", "scheduledFor must be in the future")
    options = post.get(platform_id, body.get(platform_id))
    if options is None:
        options = {}
    if not isinstance(options, dict):
        raise ApiError(400, "invalid_platform_options", f"{platform_id} must be an object")
    for (pid, key), allowed in OPTION_CHOICES.items():
        if pid == platform_id and key in options and options[key] not in allowed:
            raise ApiError(
                400, "invalid_platform_options",
                f"{platform_id}.{key} must be one of {', '.join(allowed)}",
            )
    return PostRequest(handle, platform, text, media_ids, media_urls, scheduled_for, options)


def check_profile(emu: Emulator, account_id: str, req: PostRequest) -> None:
    profile = emu.state.profile(account_id, req.handle, req.platform.id)
    if profile is None:
        raise ApiError(
            403, "profile_not_connected",
            f"Account {req.handle} is not connected on {req.platform.name}",
        )
    if profile["status"] != "active":
        raise ApiError(
            403, "profile_disconnected",
            f"Account {req.handle} on {req.platform.name} is disconnected; reconnect it first",
        )


def lookup_media(emu: Emulator, account_id: str, file_ids: list[str]) -> list[dict[str, Any]]:
    media = []
    for file_id in file_ids:
        row = emu.state.media(account_id, file_id)
        if row is None:
            raise ApiError(400, "unknown_media", f"Unknown file_id {file_id!r}")
        media.append({"file_id": row["file_id"], "type": row["type"], "size": row["size"]})
    return media


def check_media_fits(platform: Platform, media: list[dict[str, Any]]) -> None:
    if platform.needs_media and not media:
        raise ApiError(400, "media_required", f"{platform.name} posts need at least one media file")
    for item in media:
        is_image = item["type"] in IMAGE_TYPES
        if (is_image and not platform.accepts_images) or (
            not is_image and not platform.accepts_videos
        ):
            kind = "images" if is_image else "videos"
            raise ApiError(
                400, "unsupported_media_for_platform", f"{platform.name} does not accept {kind}"
            )
        limit_mb = platform.max_image_size_mb if is_image else platform.max_video_size_mb
        if item["size"] > limit_mb * 1024 * 1024:
            raise ApiError(
                400, "media_too_large_for_platform",
                f"{item['file_id']} exceeds {platform.name}'s {limit_mb} MB limit",
            )


def store_post(
    emu: Emulator, account_id: str, req: PostRequest, media: list[dict[str, Any]], *,
    scheduled_for: datetime | None, via: str, post_id: str | None = None,
) -> dict[str, Any]:
    """Insert the post: published now, or scheduled; fires the matching webhook.

    With the `publish_fail_rate` fault an immediate post is stored as failed and this raises 500
    `publish_failed` (the reference's "Publishing failed").
    """
    now = emu.now()
    post_id = post_id or str(uuid.uuid4())
    row: dict[str, Any] = {
        "id": post_id,
        "account_id": account_id,
        "handle": req.handle,
        "platform": req.platform.id,
        "caption": req.caption,
        "status": "scheduled" if scheduled_for else "published",
        "platform_post_id": None if scheduled_for else platform_post_id(post_id, req.platform.id),
        "media": media,
        "platform_options": req.options,
        "created_at": now,
        "published_at": None if scheduled_for else now,
        "scheduled_for": scheduled_for,
        "cap_day": utc_day(scheduled_for or now),
        "error_code": None,
        "error_message": None,
        "via": via,
    }
    if not scheduled_for and emu.dice.roll(emu.faults.publish_fail_rate):
        row.update(status="failed", platform_post_id=None, published_at=None,
                   error_code=PUBLISH_FAILED[0], error_message=PUBLISH_FAILED[1])
        emu.state.insert_post(row)
        emu.webhooks.emit("post.failed", account_id, {
            "post_id": post_id, "platform": req.platform.id, "account_id": req.handle,
            "error_code": PUBLISH_FAILED[0], "error_message": PUBLISH_FAILED[1],
        })
        raise ApiError(500, "publish_failed", f"Publishing failed: {PUBLISH_FAILED[1]}",
                       extra={"post_id": post_id})
    emu.state.insert_post(row)
    if scheduled_for:
        emu.webhooks.emit("post.scheduled", account_id, {
            "post_id": post_id, "platform": req.platform.id, "account_id": req.handle,
            "scheduled_for": iso(scheduled_for),
        })
    else:
        emu.webhooks.emit("post.published", account_id, {
            "post_id": post_id, "platform": req.platform.id, "account_id": req.handle,
            "platform_post_id": row["platform_post_id"], "published_at": iso(now),
        })
    return row


def created_json(row: dict[str, Any]) -> dict[str, Any]:
    body: dict[str, Any] = {
        "success": True, "post_id": row["id"], "platform": row["platform"], "status": row["status"],
    }
    if row["status"] == "scheduled":
        body["scheduled_for"] = iso(row["scheduled_for"])
    return body


def post_json(row: dict[str, Any], detailed: bool) -> dict[str, Any]:
    """A stored post as the list (detailed=False) or get (detailed=True) endpoint shows it."""
    media = row["media"]
    if isinstance(media, str):
        media = json.loads(media)
    body: dict[str, Any] = {
        "id": row["id"],
        "platform": row["platform"],
        "account_id": row["handle"],
        "caption": row["caption"],
        "status": row["status"],
        "platform_post_id": row["platform_post_id"],
        "media": media,
        "created_at": db_to_iso(row["created_at"]),
        "published_at": db_to_iso(row["published_at"]),
        "scheduled_for": db_to_iso(row["scheduled_for"]),
        "error_code": row["error_code"],
        "error_message": row["error_message"],
    }
    if detailed:
        options = row["platform_options"]
        body["platform_options"] = json.loads(options) if isinstance(options, str) else options
    return body
