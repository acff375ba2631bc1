"""What the composer needs from the open workspace, in one bundle (no Qt)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from s200desk.config import Settings
from s200desk.services.outbox import OutboxService
from s200desk.store import PlatformsRepo, PostFilter, PostsRepo, ProfilesRepo
from s200desk.store.drafts_repo import DraftsRepo
from s200desk.store.media_repo import MediaRepo
from s200desk.ui.composer.checks import COUNTED_STATUSES
from s200desk.ui.tasks import TaskKeeper


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

    @classmethod
    def for_session(
        cls,
        session: Any,
        outbox: OutboxService,
        tasks: TaskKeeper,
        settings: Callable[[], Settings],
    ) -> ComposerServices:
        """From an open ``ui.session.Session`` and the workspace's outbox."""
        return cls(
            outbox=outbox,
            posts=session.posts,
            profiles=session.profiles,
            platforms=session.platforms,
            drafts=DraftsRepo(session.db),
            tasks=tasks,
            settings=settings,
            media=MediaRepo(session.db),
        )

    async def count_day(
        self, platform: str, account_id: str, since: datetime, until: datetime
    ) -> int:
        """Posts that use up (platform, account)'s allowance in [since, until), as cached."""
        return await self.posts.count(
            PostFilter(
                profiles=[(platform, account_id)],
                statuses=COUNTED_STATUSES,
                since=since,
                until=until,
            )
        )
