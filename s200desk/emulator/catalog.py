"""What the platforms accept and what each plan allows: the reference's tables in code."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Platform:
    id: str
    name: str
    media_types: tuple[str, ...]
    max_caption_length: int
    max_video_size_mb: int
    max_image_size_mb: int
    accepts_images: bool
    accepts_videos: bool
    needs_media: bool

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "media_types": list(self.media_types),
            "max_caption_length": self.max_caption_length,
            "max_video_size_mb": self.max_video_size_mb,
            "max_image_size_mb": self.max_image_size_mb,
        }


# TikTok and Instagram numbers are the reference's; the others are the platforms' own limits
# (X 280 characters, LinkedIn 3000, Facebook 63206, YouTube 5000 for the description,
# Pinterest 500), with file sizes capped by the API's own 250 MB video / 20 MB image ceiling.
PLATFORMS: dict[str, Platform] = {
    p.id: p
    for p in (
        Platform("tiktok", "TikTok", ("video", "photo_slideshow"), 4000, 287, 20, True, True, True),
        Platform(
            "instagram", "Instagram", ("image", "reel", "story", "carousel"), 2200, 250, 8,
            True, True, True,
        ),
        Platform(
            "facebook", "Facebook", ("photo", "video", "reel", "text"), 63206, 250, 20,
            True, True, False,
        ),
        Platform("youtube", "YouTube", ("video",), 5000, 250, 20, False, True, True),
        Platform("x", "X (Twitter)", ("text", "image", "video"), 280, 250, 5, True, True, False),
        Platform(
            "linkedin", "LinkedIn", ("text", "image", "video"), 3000, 200, 20, True, True, False
        ),
        Platform("pinterest", "Pinterest", ("image",), 500, 250, 20, True, False, True),
    )
}

V2_PLATFORMS = ("tiktok", "instagram", "facebook", "youtube")

# Posts per UTC day per platform per account; None = unlimited.
PLAN_CAPS: dict[str, int | None] = {
    "free": 5,
    "beginner": 20,
    "apprentice": 50,
    "skilled": 100,
    "expert": 150,
    "agency": None,
}

POST_STATUSES = ("published", "failed", "scheduled", "pending", "cancelled")

IMAGE_TYPES = ("image/jpeg", "image/png", "image/webp")
VIDEO_TYPES = ("video/mp4", "video/quicktime", "video/webm")
MAX_IMAGE_BYTES = 20 * 1024 * 1024
MAX_VIDEO_BYTES = 250 * 1024 * 1024


def check_plan(plan: str) -> str:
    if plan not in PLAN_CAPS:
        raise ValueError(f"unknown plan {plan!r}; one of {', '.join(PLAN_CAPS)}")
    return plan
