"""What the composer needs from the open workspace, in one bundle (no Qt)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from s200desk.config import Settings
from s200desk.services.outbox import IntentKind, IntentState, OutboxService
from s200desk.services.scheduling import parse_iso_utc
from s200desk.store import PlatformsRepo, PostFilter, PostsRepo, ProfilesRepo
from s200desk.store.drafts_repo import DraftsRepo
from s200desk.store.media_repo import MediaRepo
from s200desk.ui.composer.checks import COUNTED_STATUSES
from s200desk.ui.tasks import TaskKeeper

# Outbox creates that take (or will take) a place in a day's allowance.
COUNTED_INTENT_STATES = (
    IntentState.PENDING,
    IntentState.SENDING,
    IntentState.DONE,
    IntentState.QUEUED_FOR_NEXT_DAY,
)


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class ComposerServices:
    outbox: OutboxService
    posts: PostsRepo
    profiles: ProfilesRepo
    platforms: PlatformsRepo
    drafts: DraftsRepo
    tasks: TaskKeeper
    settings: Callable[[], Settings]
    media: MediaRepo | None = None
    now: Callable[[], datetime] = field(default=_utc_now)
    # A ``ui.media.MediaUploader``: with it the composer embeds a drop zone for local files
    # (hosted, then ingested by the outbox); without it, URLs and library items only.
    uploader: Any = None
    # A ``services.media.MediaService``: with it the composer's media box is the media UI's
    # ComposerMediaPanel (drop zone over an ordered strip, checked per platform); it wins
    # over ``uploader``.
    media_service: Any = None
    # The workspace's store changes as a Qt signal of kinds (``Session.data_changed``): the
    # composer keeps its library list current while it is open.
    changes: Any = None

    @classmethod
    def for_session(
        cls,
        session: Any,
        outbox: OutboxService,
        tasks: TaskKeeper,
        settings: Callable[[], Settings],
        uploader: Any = None,
        media_service: Any = None,
    ) -> ComposerServices:
        """From an open ``ui.session.Session`` and the workspace's outbox (and media uploader)."""
        return cls(
            outbox=outbox,
            posts=session.posts,
            profiles=session.profiles,
            platforms=session.platforms,
            drafts=DraftsRepo(session.db),
            tasks=tasks,
            settings=settings,
            media=MediaRepo(session.db),
            uploader=uploader,
            media_service=media_service,
            changes=getattr(session, "data_changed", None),
        )

    async def count_day(
        self, platform: str, account_id: str, since: datetime, until: datetime
    ) -> int:
        """Posts that use up (platform, account)'s allowance in [since, until): the cached
        ones, plus what the outbox has sent or will send there that no sync has brought yet."""
        stored = await self.posts.count(
            PostFilter(
                profiles=[(platform, account_id)],
                statuses=COUNTED_STATUSES,
                since=since,
                until=until,
            )
        )
        return stored + await self._outbox_on_day(platform, account_id, since, until)

    async def _outbox_on_day(
        self, platform: str, account_id: str, since: datetime, until: datetime
    ) -> int:
        extra = 0
        for intent in await self.outbox.list(states=COUNTED_INTENT_STATES):
            if (
                intent.kind is not IntentKind.CREATE
                or intent.platform != platform
                or intent.account_id != account_id
            ):
                continue
            when = intent.queued_for or intent.payload.get("scheduled_for") or intent.created_at
            try:
                moment = parse_iso_utc(str(when))
            except ValueError:
                continue
            if not since <= moment < until:
                continue
            if intent.post_id and await self.posts.get(intent.post_id) is not None:
                continue  # synced already: counted above
            extra += 1
        return extra
