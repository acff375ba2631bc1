"""What the outbox learns about posts goes into the store, and every view hears it.

One cancel path: when a cancel settles, the post is recorded ``cancelled`` here and a ``posts``
change is published; the calendar, the list and the detail pane only listen. A full post read by
id (to build a replacement) is kept too, so the detail pane and offline views show its options.
"""

from __future__ import annotations

import logging
from typing import Any

from s200desk.services.events import POSTS, Change, ChangeBus
from s200desk.services.outbox.model import Intent, IntentKind, IntentState
from s200desk.store.database import Database
from s200desk.store.repos import PostsRepo

log = logging.getLogger(__name__)


class PostsMirror:
    """Writes the post side of settled intents into a workspace's store."""

    def __init__(self, db: Database, bus: ChangeBus | None = None) -> None:
        self.posts = PostsRepo(db)
        self.bus = bus

    def _tell(self, *post_ids: str) -> None:
        if self.bus is not None and post_ids:
            self.bus.publish(Change(POSTS, tuple(post_ids)))

    async def remember(self, post: Any) -> None:
        """Keep a full post (GET by id) in the store."""
        try:
            if await self.posts.store_details(post):
                self._tell(str(post.id))
        except Exception:  # the store is a cache: the send goes on without it
            log.exception("could not store the details of post %s", getattr(post, "id", "?"))

    async def settled(self, intent: Intent) -> None:
        """An intent just settled: a done cancel means the post is cancelled now."""
        if intent.kind is not IntentKind.CANCEL or intent.state is not IntentState.DONE:
            return
        target = intent.target_post_id or intent.payload.get("post_id")
        if not target:
            return
        try:
            await self.posts.mark_status(str(target), "cancelled")
        except Exception:
            log.exception("could not record post %s as cancelled", target)
        # Told even when the store had no row: a view may show it from elsewhere (a stand-in).
        self._tell(str(target))
