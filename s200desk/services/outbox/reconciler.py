"""Finding out what happened to a request whose answer was lost, before anything is sent again.

A create whose outcome is unknown (timeout, dropped connection, 5xx, malformed 2xx, or a process
killed while it was ``sending``) is looked for on the server: the account's posts on that platform,
newest first, back to the *watermark* (the server's own ``created_at`` of the newest post before
the intent was first sent — server time, so the two clocks never need to agree). A post whose
fingerprint matches and that no other intent has claimed is this intent's post.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, Protocol

from s200desk.services.outbox.fingerprint import Fingerprint, match_level
from s200desk.services.outbox.model import V2_PLATFORMS
from s200desk.services.scheduling import parse_iso_utc

log = logging.getLogger(__name__)

PAGE_SIZE = 100
# The oldest thinkable watermark: "scan everything" (an account with no posts on the platform yet).
BEGINNING = "1970-01-01T00:00:00.000Z"


class PostsAPI(Protocol):
    def list(
        self, *, platform: str | None = ..., limit: int | None = ..., offset: int = ...
    ) -> Any: ...

    async def get(self, post_id: str) -> Any:
        ...


@dataclass(frozen=True)
class Found:
    post: Any
    how: Literal["exact", "queued_later"]

    @property
    def post_id(self) -> str:
        return str(self.post.id)


def _created(post: Any) -> datetime | None:
    value = getattr(post, "created_at", None)
    if value is None:
        return None
    return value if isinstance(value, datetime) else parse_iso_utc(str(value))


async def newest_created_at(posts: PostsAPI, platform: str) -> str:
    """The watermark to store before a first send: server time of the newest post, or BEGINNING."""
    page = await posts.list(platform=platform, limit=1, offset=0)
    if not page.posts:
        return BEGINNING
    created = _created(page.posts[0])
    if created is None:
        return BEGINNING
    return created.strftime("%Y-%m-%dT%H:%M:%S.") + f"{created.microsecond // 1000:03d}Z"


async def find_candidates(
    posts: PostsAPI, want: Fingerprint, watermark: str | None
) -> list[Found]:
    """Every server post since ``watermark`` that could be the one ``want`` describes, oldest first.

    Raises the client's errors when the server cannot be read: the caller must then keep the
    intent unresolved rather than guess.
    """
    floor = parse_iso_utc(watermark or BEGINNING)
    found: list[Found] = []
    seen: set[str] = set()
    offset = 0
    while True:
        page = await posts.list(platform=want.platform, limit=PAGE_SIZE, offset=offset)
        reached_floor = False
        for post in page.posts:
            created = _created(post)
            if created is not None and created < floor:
                reached_floor = True
                break
            if post.id in seen:
                continue  # posts created meanwhile shift pages; one look is enough
            seen.add(post.id)
            how = match_level(want, post)
            if how == "needs_detail":
                post = await posts.get(post.id)
                how = match_level(want, post)
            if how == "exact":
                found.append(Found(post=post, how="exact"))
            elif how == "queued_later" and want.platform in V2_PLATFORMS:
                found.append(Found(post=post, how="queued_later"))
        if reached_floor or not page.posts or offset + len(page.posts) >= page.total:
            break
        offset += len(page.posts)
    found.reverse()  # oldest first: the first unclaimed match is the earliest send
    return found


def choose(found: list[Found], claimed: dict[str, str], intent_id: str) -> Found | None:
    """The first candidate no *other* intent has claimed; exact matches before moved ones."""
    free = [f for f in found if claimed.get(f.post_id) in (None, intent_id)]
    for f in free:
        if f.how == "exact":
            return f
    return free[0] if free else None
