"""What the composer needs from the open workspace, in one bundle (no Qt)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from s200desk.config import Settings
from s200desk.services.outbox import OutboxService
from s200desk.services.planning.queue_service import QueueService
from s200desk.services.quotas import DailyQuota
from s200desk.services.scheduling import utc_now
from s200desk.store import PlatformsRepo, PostsRepo, ProfilesRepo
from s200desk.store.drafts_repo import DraftsRepo
from s200desk.store.media_repo import MediaRepo
from s200desk.ui.tasks import TaskKeeper


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
    now: Callable[[], datetime] = field(default=utc_now)
    # A ``ui.media.MediaUploader``: with it the composer embeds a drop zone for local files
    # (hosted, then ingested by the outbox); without it, URLs and library items only.
    uploader: Any = None
    # A ``services.media.MediaService``: with it the composer's media box is the media UI's
    # ComposerMediaPanel (drop zone over an ordered strip, checked per platform); it wins
    # over ``uploader``.
    media_service: Any = None
    # The workspace's store changes as a Qt signal of ``Change``s (``Session.relay.changed``):
    # the composer keeps its library list current while it is open.
    changes: Any = None
    # Posting queues (``services.planning.QueueService``): with it the composer offers "Add to
    # queue"; ``rate_limits`` gives the server's last reported daily limits per platform.
    queue: Any = None
    rate_limits: Callable[[], Any] = field(default=dict)
    # The workspace's database, for the best-time heatmap the planning tools read.
    db: Any = None

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
            changes=session.relay.changed if hasattr(session, "relay") else None,
            queue=QueueService(session.db, outbox),
            rate_limits=lambda: session.rate_limits,
            db=session.db,
        )

    async def count_day(
        self, platform: str, account_id: str, since: datetime, until: datetime
    ) -> int:
        """Posts that use up (platform, account)'s allowance in [since, until): the store's and
        the outbox's, counted by the one rule in ``services.quotas``."""
        return await DailyQuota(self.posts, self.outbox).count(platform, account_id, since, until)

    def queue_editor_services(self) -> Any:
        """What the queue editor needs, from the same workspace."""
        from s200desk.services.lifecycle.service import PostLifecycle
        from s200desk.services.planning.best_time import workspace_heatmap
        from s200desk.ui.planning.queue_editor import QueueEditorServices

        def zone() -> str:
            return self.settings().time_zone

        async def heatmap() -> Any:
            return await workspace_heatmap(self.db, zone()) if self.db is not None else None

        return QueueEditorServices(
            queue=self.queue, profiles=self.profiles, tasks=self.tasks, zone=zone,
            heatmap=heatmap, lifecycle=PostLifecycle(self.outbox, now=self.now), now=self.now,
        )  # fmt: skip
