"""Per-platform checks before anything is sent: each problem names the field it belongs to.

The composer shows ``Problem.field`` next to its widget; the CLI prints ``row:column: message``.
Limits come from the platforms endpoint when known, else from the defaults below.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

from pydantic import ValidationError

from s200desk.api.types import OPTIONS_BY_PLATFORM, Platform
from s200desk.services.outbox.model import MediaRef, PostSpec
from s200desk.services.platform_names import platform_name

# Used when the platforms endpoint has not been read yet (the reference's figures, else the
# platform's own documented limits).
DEFAULT_CAPTION_LIMITS: dict[str, int] = {
    "tiktok": 4000,
    "instagram": 2200,
    "facebook": 63206,
    "youtube": 5000,
    "x": 280,
    "linkedin": 3000,
    "pinterest": 500,
}

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")
VIDEO_SUFFIXES = (".mp4", ".mov", ".webm")


@dataclass(frozen=True)
class Problem:
    field: str  # "account", "platform", "text", "media", "scheduled_for", "options.<key>"
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


def media_kind(ref: MediaRef, known_types: Mapping[str, str] | None = None) -> str | None:
    """'image', 'video' or None (unknown) for one media item, by file id type or by suffix."""
    if ref.file_id and known_types and ref.file_id in known_types:
        mime = known_types[ref.file_id]
        if mime.startswith("image/"):
            return "image"
        return "video" if mime.startswith("video/") else None
    target = ref.url or ref.path
    if not target:
        return None
    path = urlparse(target).path if ref.url else target
    lowered = path.lower()
    if lowered.endswith(IMAGE_SUFFIXES):
        return "image"
    if lowered.endswith(VIDEO_SUFFIXES):
        return "video"
    return None


def _get(obj: Any, name: str) -> Any:
    return obj.get(name) if isinstance(obj, Mapping) else getattr(obj, name, None)


@dataclass
class PlatformRules:
    """What the server told us about platforms and profiles; empty means "not known yet"."""

    caption_limits: dict[str, int]
    profiles: dict[tuple[str, str], str] | None = None  # (platform, account) -> status

    @classmethod
    def from_api(
        cls, platforms: Iterable[Any] | None = None, profiles: Iterable[Any] | None = None
    ) -> PlatformRules:
        limits = dict(DEFAULT_CAPTION_LIMITS)
        for info in platforms or ():
            limit = _get(info, "max_caption_length")
            if limit:
                limits[str(_get(info, "id"))] = int(limit)
        known: dict[tuple[str, str], str] | None = None
        if profiles is not None:
            known = {}
            for p in profiles:
                key = (str(_get(p, "platform")).lower(), str(_get(p, "account_id")).lower())
                known[key] = str(_get(p, "status") or "active").lower()
        return cls(caption_limits=limits, profiles=known)


def check_options(platform: str, options: Mapping[str, Any]) -> list[Problem]:
    model = OPTIONS_BY_PLATFORM.get(Platform(platform))
    if model is None:
        return []
    try:
        model.model_validate(dict(options))
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = ".".join(str(p) for p in err["loc"])
            name = f"options.{loc}" if loc else "options"
            message = str(err["msg"]).removeprefix("Value error, ")
            if err["type"] == "missing":
                message = f"{platform} needs {loc or 'this option'}"
            problems.append(Problem(name, message))
        return problems
    return []


def validate_post(
    spec: PostSpec,
    rules: PlatformRules | None = None,
    *,
    known_types: Mapping[str, str] | None = None,
) -> list[Problem]:
    """Everything wrong with one post to one profile (empty: fine to send)."""
    rules = rules or PlatformRules(caption_limits=dict(DEFAULT_CAPTION_LIMITS))
    problems: list[Problem] = []
    platform = spec.platform.lower()
    if platform not in DEFAULT_CAPTION_LIMITS:
        names = ", ".join(DEFAULT_CAPTION_LIMITS)
        return [Problem("platform", f"unknown platform {spec.platform!r} (one of {names})")]
    if not spec.account_id.strip():
        problems.append(Problem("account", "no account given"))
    elif rules.profiles is not None:
        status = rules.profiles.get((platform, spec.account_id.lower()))
        if status is None:
            problems.append(
                Problem("account", f"no {platform} profile {spec.account_id} on this account")
            )
        elif status not in ("active", "connected"):
            problems.append(
                Problem("account", f"{platform} profile {spec.account_id} is {status}; reconnect")
            )
    if not spec.text.strip():
        problems.append(Problem("text", "the caption is empty"))
    limit = rules.caption_limits.get(platform)
    if limit is not None and len(spec.text) > limit:
        problems.append(
            Problem(
                "text", f"{len(spec.text)} characters; {platform_name(platform)} allows {limit}"
            )
        )
    problems.extend(check_options(platform, spec.options))
    problems.extend(_check_media(platform, spec, known_types))
    return problems


def _check_media(
    platform: str, spec: PostSpec, known_types: Mapping[str, str] | None
) -> list[Problem]:
    kinds = [media_kind(m, known_types) for m in spec.media]
    n = len(kinds)
    images = kinds.count("image")
    videos = kinds.count("video")
    unknown = kinds.count(None)
    out: list[Problem] = []

    def need(cond: bool, message: str) -> None:
        if not cond:
            out.append(Problem("media", message))

    def maybe_video(count: int = 1) -> bool:
        return videos + unknown >= count

    def maybe_image(count: int = 1) -> bool:
        return images + unknown >= count

    opts = spec.options
    if platform == "youtube":
        need(n == 1 and maybe_video(), "YouTube needs exactly one video")
    elif platform == "pinterest":
        need(n == 1 and maybe_image(), "a Pinterest Pin needs exactly one image")
    elif platform == "tiktok":
        need(n >= 1, "TikTok needs a video or photos")
        if n > 1:
            need(videos == 0, "a TikTok photo slideshow takes photos only")
            need(n <= 35, "a TikTok slideshow takes at most 35 photos")
    elif platform == "instagram":
        post_type = opts.get("postType") or opts.get("post_type") or "image"
        need(n >= 1, "Instagram needs media")
        if post_type == "carousel":
            need(2 <= n <= 10, f"a carousel needs 2–10 media items, not {n}")
        elif n >= 1:
            need(n == 1, f"an Instagram {post_type} takes one media item (use a carousel)")
            if post_type == "reel":
                need(maybe_video(), "a Reel needs a video")
            if post_type == "image":
                need(maybe_image(), "an image post needs an image (use postType reel for video)")
    elif platform == "facebook":
        post_type = opts.get("postType") or opts.get("post_type")
        if post_type == "text":
            need(n == 0, "a Facebook text post takes no media")
        elif post_type in ("video", "reel"):
            need(n == 1 and maybe_video(), f"a Facebook {post_type} needs exactly one video")
        elif post_type == "photo":
            need(n >= 1 and videos == 0, "a Facebook photo post needs images only")
    elif platform == "x":
        if videos:
            need(n == 1, "X takes one video, or up to 4 images")
        else:
            need(n <= 4, "X takes at most 4 images")
    elif platform == "linkedin":
        if videos:
            need(n == 1, "LinkedIn takes one video, or images")
        else:
            need(n <= 20, "LinkedIn takes at most 20 images")
    return out
