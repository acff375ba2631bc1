"""Seed data: the docs account every seed holds, then `basic` or `demo` for the main account."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from .analytics import platform_post_id
from .catalog import PLATFORMS
from .rules import utc_day
from .state import MediaRow, State

DOCS_KEYS = ("rl_your_api_key", "rl_YOUR_KEY")
DOCS_MEDIA_ID = "a1b2c3d4-e5f6-7890-abcd-ef1234567890"
DOCS_POST_ID = "b2c3d4e5-f6a7-8901-bcde-f12345678901"
MAIN_ACCOUNT, OTHER_ACCOUNT, DOCS_ACCOUNT = "acct_main", "acct_other", "acct_docs"
MAIN_HANDLE = "@lumenstudio"
SEEDS = ("basic", "demo")

CAPTIONS = [
    "Behind the scenes of today's shoot ✨ #bts #creator",
    "Three tips for better morning light in your photos ☀️ #photography #tips",
    "New drop this Friday. Who's ready? 🔥 #launch",
    "We asked 100 people their favourite coffee order. The results surprised us ☕",
    "A quick tutorial: colour grading in under 60 seconds 🎨 #tutorial",
    "Thank you for 10k! Here's what's coming next 🙌",
    "Studio tour, part 2: the editing corner 🎬",
    "Hot take: vertical video is here to stay. Agree? #video #marketing",
    "Our favourite moments from the workshop last weekend 📸",
    "How we plan a month of content in one afternoon (thread) 🧵",
    "Weekend reading list for creative teams 📚",
    "Client spotlight: how Harbor Café doubled its reach ☕📈",
    "5 mistakes we made starting out — and what we'd do instead",
    "Quiet Sunday edit session. What are you working on? 🎧",
    "Before / after: a product shot from raw to final 🖼️",
    "We're hiring a part-time video editor! Details in the link 👇 #hiring",
]


def _rid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _post(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "platform_post_id": None, "media": [], "platform_options": {}, "published_at": None,
        "scheduled_for": None, "error_code": None, "error_message": None, "via": "seed",
    }
    base.update(fields)
    when = base["scheduled_for"] or base["published_at"] or base["created_at"]
    base["cap_day"] = utc_day(when)
    return base


def _seed_docs(state: State, now: datetime) -> None:
    state.add_account(DOCS_ACCOUNT, "Docs examples", "agency")
    for key in DOCS_KEYS:
        state.add_key(key, DOCS_ACCOUNT)
    profiles: list[tuple[str, str, str, datetime]] = [
        ("@creator_studio", "tiktok", "Creator Studio", datetime(2026, 3, 1, 12, 0, tzinfo=UTC)),
        ("@mybrand", "instagram", "My Brand", datetime(2026, 3, 5, 8, 30, tzinfo=UTC)),
        ("@mytiktok", "tiktok", "My TikTok", datetime(2026, 3, 2, 9, 0, tzinfo=UTC)),
        ("@myinsta", "instagram", "My Insta", datetime(2026, 3, 2, 9, 5, tzinfo=UTC)),
        ("@mytwitter", "x", "My Twitter", datetime(2026, 3, 2, 9, 10, tzinfo=UTC)),
        ("@mylinkedin", "linkedin", "My LinkedIn", datetime(2026, 3, 2, 9, 15, tzinfo=UTC)),
        ("@yourprofile", "tiktok", "Your Profile", datetime(2026, 3, 3, 10, 0, tzinfo=UTC)),
        ("@yourprofile", "instagram", "Your Profile", datetime(2026, 3, 3, 10, 5, tzinfo=UTC)),
    ]
    for i, pid in enumerate(PLATFORMS):
        profiles.append(
            ("@myprofile", pid, "My Profile", datetime(2026, 2, 20, 12, i, tzinfo=UTC))
        )
    for handle, pid, name, connected in profiles:
        state.add_profile(DOCS_ACCOUNT, handle, pid, name, "active", min(connected, now))
    created = min(datetime(2026, 4, 15, 10, 30, tzinfo=UTC), now - timedelta(minutes=1))
    state.add_media(DOCS_MEDIA_ID, DOCS_ACCOUNT, 5242880, "video/mp4",
                    "https://example.com/video.mp4", created)
    state.insert_post(_post(
        id=DOCS_POST_ID, account_id=DOCS_ACCOUNT, handle="@myprofile", platform="tiktok",
        caption="Check this out! #viral", status="published",
        platform_post_id="7123456789012345678",
        media=[{"file_id": DOCS_MEDIA_ID, "type": "video/mp4", "size": 5242880}],
        platform_options={"privacyLevel": "PUBLIC_TO_EVERYONE"},
        created_at=created, published_at=created + timedelta(seconds=5),
    ))


def _seed_other(state: State, now: datetime, rng: random.Random, plan: str) -> str:
    key = f"rl_{rng.getrandbits(128):032x}"
    state.add_account(OTHER_ACCOUNT, "Harbor Café", plan)
    state.add_key(key, OTHER_ACCOUNT)
    for pid in ("tiktok", "instagram", "x"):
        state.add_profile(OTHER_ACCOUNT, "@harbor_cafe", pid, "Harbor Café", "active",
                          now - timedelta(days=40))
    published = now - timedelta(days=2, hours=3)
    pid_one = _rid(rng)
    state.insert_post(_post(
        id=pid_one, account_id=OTHER_ACCOUNT, handle="@harbor_cafe", platform="x",
        caption="Fresh croissants until noon 🥐", status="published",
        platform_post_id=platform_post_id(pid_one, "x"),
        created_at=published, published_at=published,
    ))
    state.insert_post(_post(
        id=_rid(rng), account_id=OTHER_ACCOUNT, handle="@harbor_cafe", platform="x",
        caption="Live music on Saturday night 🎶", status="scheduled",
        created_at=now - timedelta(hours=5), scheduled_for=now + timedelta(days=3),
    ))
    return key


def _seed_main(state: State, now: datetime, rng: random.Random, plan: str) -> str:
    key = f"rl_{rng.getrandbits(128):032x}"
    state.add_account(MAIN_ACCOUNT, "Lumen Studio", plan)
    state.add_key(key, MAIN_ACCOUNT)
    for i, pid in enumerate(PLATFORMS):
        status = "disconnected" if pid == "facebook" else "active"
        state.add_profile(MAIN_ACCOUNT, MAIN_HANDLE, pid, "Lumen Studio", status,
                          now - timedelta(days=60 - i))
    return key


def _media_for(
    media_rows: list[MediaRow], rng: random.Random, pid: str, when: datetime
) -> list[dict[str, Any]]:
    platform = PLATFORMS[pid]
    if not platform.needs_media and rng.random() < 0.4:
        return []
    video = platform.accepts_videos and (not platform.accepts_images or rng.random() < 0.6)
    mime = rng.choice(["video/mp4", "video/quicktime"]) if video else rng.choice(
        ["image/jpeg", "image/png", "image/webp"])
    size = rng.randint(3, 60) * 1024 * 1024 if video else rng.randint(200, 3000) * 1024
    file_id = _rid(rng)
    ext = {"video/mp4": "mp4", "video/quicktime": "mov", "image/jpeg": "jpg",
           "image/png": "png", "image/webp": "webp"}[mime]
    url = f"https://example.com/{file_id}.{ext}"
    media_rows.append((file_id, MAIN_ACCOUNT, size, mime, url, when))
    return [{"file_id": file_id, "type": mime, "size": size}]


def _options(rng: random.Random, pid: str, media: list[dict[str, Any]]) -> dict[str, Any]:
    if pid == "tiktok":
        return {"privacyLevel": "PUBLIC_TO_EVERYONE"}
    if pid == "instagram":
        is_video = bool(media) and media[0]["type"].startswith("video/")
        return {"postType": "reel" if is_video else "image", "shareToFeed": True}
    if pid == "pinterest":
        return {"boardId": rng.choice(["studio-inspiration", "photo-tips"])}
    return {}


def _seed_demo_posts(state: State, now: datetime, rng: random.Random) -> None:
    """Four weeks of history and three weeks of plans on every platform, at most 3 a day each."""
    # Written at the end in two statements: row by row, the ~800 inserts cost more than the rest.
    media_rows: list[MediaRow] = []
    posts: list[dict[str, Any]] = []
    today = datetime(now.year, now.month, now.day, tzinfo=UTC)
    failures = [
        ("MEDIA_ERROR", "Video format not supported by Instagram"),
        ("RATE_LIMITED", "The platform asked us to slow down; try again later"),
        ("TOKEN_EXPIRED", "Access token has expired. Please reconnect."),
    ]
    for day in range(-28, 22):
        for pid in PLATFORMS:
            for _ in range(rng.choice([0, 0, 1, 1, 1, 2, 2, 3])):
                at = today + timedelta(days=day, hours=rng.randint(7, 21),
                                       minutes=rng.choice([0, 15, 30, 45]))
                lead = timedelta(hours=rng.randint(1, 96))
                post_id = _rid(rng)
                media = _media_for(media_rows, rng, pid, at - lead)
                fields: dict[str, Any] = {
                    "id": post_id, "account_id": MAIN_ACCOUNT, "handle": MAIN_HANDLE,
                    "platform": pid, "caption": rng.choice(CAPTIONS), "media": media,
                    "platform_options": _options(rng, pid, media),
                    "created_at": min(at - lead, now - timedelta(minutes=5)),
                }
                if at > now:
                    fields.update(status="scheduled", scheduled_for=at)
                elif (pid == "facebook" and day >= -2) or rng.random() < 0.06:
                    code, message = rng.choice(failures)
                    fields.update(status="failed", error_code=code, error_message=message,
                                  scheduled_for=at)
                else:
                    fields.update(status="published", published_at=at,
                                  platform_post_id=platform_post_id(post_id, pid))
                posts.append(_post(**fields))
    state.add_media_many(media_rows)
    state.insert_posts(posts)


def seed(state: State, kind: str, plan: str, now: datetime, seed_random: int) -> None:
    """Fill an empty database; the keys are remembered in `meta` so a restart finds them."""
    if kind not in SEEDS:
        raise ValueError(f"unknown seed {kind!r}; one of {', '.join(SEEDS)}")
    rng = random.Random(seed_random)
    with state.transaction():
        main_key = _seed_main(state, now, rng, plan)
        other_key = _seed_other(state, now, rng, plan)
        _seed_docs(state, now)
        if kind == "demo":
            _seed_demo_posts(state, now, random.Random(f"demo-{seed_random}"))
        state.set_meta("seed", kind)
        state.set_meta("api_key", main_key)
        state.set_meta("other_api_key", other_key)
        state.set_meta("primary_account", MAIN_ACCOUNT)


def bulk_posts(
    state: State, account_id: str, count: int, now: datetime, seed_random: int = 0
) -> int:
    """Add ``count`` posts to an account for scale tests: years of history on its profiles,
    mostly published, some failed, 2 % scheduled ahead. Written in one transaction."""
    rng = random.Random(f"bulk-{seed_random}-{count}")
    profiles = [(p["handle"], p["platform"]) for p in state.profiles(account_id)]
    if not profiles:
        raise ValueError(f"account {account_id!r} has no profiles")
    posts: list[dict[str, Any]] = []
    for i in range(count):
        handle, pid = profiles[i % len(profiles)]
        post_id = _rid(rng)
        # Spread evenly over three years, newest first in creation order.
        created = now - timedelta(minutes=5 + i * (3 * 365 * 24 * 60) // max(count, 1))
        fields: dict[str, Any] = {
            "id": post_id, "account_id": account_id, "handle": handle, "platform": pid,
            "caption": f"{rng.choice(CAPTIONS)} #{i}", "created_at": created,
            "platform_options": _options(rng, pid, []),
        }
        roll = rng.random()
        if roll < 0.02:
            ahead = timedelta(hours=rng.randint(1, 720))
            fields.update(status="scheduled", scheduled_for=now + ahead)
        elif roll < 0.06:
            fields.update(status="failed", scheduled_for=created, error_code="PUBLISH_FAILED",
                          error_message="The platform refused the post")
        else:
            fields.update(status="published", published_at=created,
                          platform_post_id=platform_post_id(post_id, pid))
        posts.append(_post(**fields))
    state.insert_posts(posts)
    return count
