"""How much of a caption each platform shows before its "more" (no Qt): the preview's words."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Characters shown in the feed before the platform folds the caption (approximate, as of 2026).
FOLD: dict[str, tuple[int, str]] = {
    "instagram": (125, "… more"),
    "tiktok": (100, "… more"),
    "facebook": (477, "… See more"),
    "linkedin": (210, "…see more"),
    "youtube": (100, "…more"),
    "pinterest": (100, "…"),
    "x": (280, ""),  # X shows everything it accepts
}


@dataclass(frozen=True)
class PreviewText:
    title: str | None  # YouTube/Pinterest show a title above the text
    body: str
    folded: bool  # the platform would cut the caption here
    more: str  # the platform's "more" link text


def preview_text(platform: str, caption: str, options: dict[str, Any]) -> PreviewText:
    limit, more = FOLD.get(platform, (200, "…"))
    title = None
    if platform in ("youtube", "pinterest"):
        title = str(options.get("title") or "").strip() or None
    text = caption.strip()
    if len(text) <= limit:
        return PreviewText(title, text, False, "")
    cut = text[:limit].rstrip()
    space = cut.rfind(" ")
    if space > limit * 0.6:  # platforms fold at a word boundary when one is near
        cut = cut[:space]
    return PreviewText(title, cut.rstrip(".,;:!?…"), True, more)
