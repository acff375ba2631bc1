"""The calendar's backend in the app: moves and cancels are the post lifecycle's.

``PostLifecycle`` records the replacement (built from the original read by id when it is sent)
and the dependent cancel of the original (design.md "Rescheduling"); whoever runs the outbox's
sender (the main window) sends them. This adapter only waits for the outcome and says how it went.
No Qt here: it is plain asyncio, testable without a display.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from s200desk.services.lifecycle.service import CannotChange, PostLifecycle
from s200desk.services.outbox.service import OutboxService
from s200desk.ui.calendar.backend import MoveOutcome
from s200desk.ui.posts.model import PostRow


class OutboxCalendarBackend:
    """Reschedule and cancel through the post lifecycle over ``outbox``.

    It takes no copy of the post: the replacement is built from the server's full post, read by
    id when it is sent.
    """

    def __init__(self, outbox: OutboxService, *, poll: float = 0.1,
                 timeout: float | None = None,
                 now: Callable[[], datetime] | None = None) -> None:
        """``now``: the calendar's clock (the real one unless injected)."""
        self.outbox = outbox
        self.lifecycle = PostLifecycle(outbox, poll=poll, now=now)
        self.timeout = timeout

    async def reschedule(self, post: PostRow, new_time: datetime) -> MoveOutcome:
        try:
            submitted = await self.lifecycle.reschedule(
                post.id, new_time, account_id=post.account_id, platform=post.platform)
        except CannotChange as exc:
            return MoveOutcome(ok=False, reason=str(exc))
        outcome = await self.lifecycle.settle(submitted, self.timeout)
        return MoveOutcome(ok=outcome.ok, post_id=outcome.post_id, reason=outcome.reason,
                           queued_for=outcome.queued_for,
                           scheduled_for=outcome.scheduled_for if outcome.ok else None)

    async def cancel(self, post: PostRow) -> str | None:
        """``None`` once cancelled (the store and every view hear it from the outbox)."""
        try:
            submitted = await self.lifecycle.cancel(post.id, platform=post.platform)
        except CannotChange as exc:
            return str(exc)
        outcome = await self.lifecycle.settle(submitted, self.timeout)
        return None if outcome.ok else outcome.reason
