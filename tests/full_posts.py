"""A post with every option its platform has, and media, on each of the seven platforms.

Shared by the lifecycle tests (services, calendar drags, command line): each creates these on the
emulator, moves or edits them, and compares the server's replacement (GET by id) with the original
field by field.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

# The reference's docs account: one profile on every platform, every one connected.
DOCS_KEY = "rl_your_api_key"
ACCOUNT = "@myprofile"

# platform -> (media URLs in order, the platform's option object with every option it has)
FULL: dict[str, tuple[tuple[str, ...], dict[str, Any]]] = {
    "tiktok": (
        ("https://example.com/clip.mp4",),
        {"privacyLevel": "MUTUAL_FOLLOW_FRIENDS", "disableComment": True, "disableDuet": True,
         "disableStitch": False},
    ),
    "instagram": (
        ("https://example.com/one.jpg", "https://example.com/two.png",
         "https://example.com/three.webp"),
        {"postType": "carousel"},
    ),
    "facebook": (("https://example.com/photo.jpg",), {"postType": "photo"}),
    "youtube": (
        ("https://example.com/teaser.mp4",),
        {"title": "Spring collection teaser", "visibility": "unlisted", "madeForKids": False,
         "tags": ["spring", "collection", "teaser video"]},
    ),
    "x": (("https://example.com/card.png",), {"communityId": "1234567890",
                                              "replySettings": "following"}),
    "linkedin": (("https://example.com/deck.jpg",), {"visibility": "CONNECTIONS"}),
    "pinterest": (
        ("https://example.com/pin.jpg",),
        {"boardId": "board-spring-2027", "title": "Spring looks",
         "link": "https://shop.example.com/spring"},
    ),
}
PLATFORMS = tuple(FULL)
# Instagram's reel options are the other half of its option set (shareToFeed exists for reels only).
INSTAGRAM_REEL = (("https://example.com/reel.mp4",), {"postType": "reel", "shareToFeed": True})

# What a replacement must carry over from its original, read with GET by id.
CARRIED = ("platform", "account_id", "caption", "media", "platform_options")


async def create_full(
    client: Any, platform: str, when: datetime, caption: str, *,
    full: tuple[tuple[str, ...], dict[str, Any]] | None = None,
) -> str:
    """Upload the media (distinct files, in order) and schedule the full post; its id."""
    urls, options = full or FULL[platform]
    ids = [(await client.media.upload(url=url)).file_id for url in urls]
    created = await client.posts.create(
        account_id=ACCOUNT, platform=platform, content={"text": caption, "mediaID": ids},
        scheduled_for=when, **{platform: options},
    )
    return str(created.post_id)


def server_view(post: Any) -> dict[str, Any]:
    """The fields a creator set, as the server holds them (a GET by id), comparable."""
    data = post.model_dump(mode="json") if hasattr(post, "model_dump") else dict(post)
    return {
        "platform": data["platform"],
        "account_id": data["account_id"],
        "caption": data["caption"],
        "media": [(m["file_id"], m.get("type"), m.get("size")) for m in data["media"]],
        "platform_options": data["platform_options"],
        "scheduled_for": data["scheduled_for"],
        "status": data["status"],
    }


def differences(original: Any, replacement: Any) -> dict[str, tuple[Any, Any]]:
    """Field -> (original, replacement) for every carried field that differs."""
    a, b = server_view(original), server_view(replacement)
    return {k: (a[k], b[k]) for k in a if a[k] != b[k]}
