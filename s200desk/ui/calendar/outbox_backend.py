"""The calendar's backend in the app: moves and cancels go through the durable outbox.

``OutboxService.reschedule`` records the replacement create and the dependent cancel of the
original in one go (replacement first, design.md "Rescheduling"); whoever runs the outbox's sender
(the main window) sends them. This adapter only waits for the group to settle and says how it went.
No Qt here: it is plain asyncio, testable without a display.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from s200desk.services.outbox import SETTLED_STATES, Intent, IntentState, MediaRef, PostSpec
from s200desk.services.outbox.service import OutboxService
from s200desk.services.scheduling import parse_iso_utc, to_iso_z
from s200desk.ui.calendar.backend import MoveOutcome
from s200desk.ui.posts.model import PostRow

Lookup = Callable[[str], Awaitable[Any]]


class OutboxCalendarBackend:
    """Reschedule and cancel through ``outbox``; ``lookup(post_id)`` gives the full post.

    ``lookup`` returns an object or mapping with ``media`` (items with ``file_id``) and
    ``platform_options``: ``PostsRepo.get`` (the store) or ``client.posts.get`` (the server).
    Without it the replacement carries the caption only.
    """

    def __init__(self, outbox: OutboxService, lookup: Lookup | None = None, *,
                 poll: float = 0.1, timeout: float | None = None) -> None:
        self.outbox = outbox
        self.lookup = lookup
        self.poll = poll
        self.timeout = timeout

    async def _spec(self, post: PostRow, new_time: datetime) -> PostSpec:
        media: tuple[MediaRef, ...] = ()
        options: dict[str, Any] = {}
        full = await self._look_up(post.id) if self.lookup is not None else None
        if full is not None:
            get = full.get if isinstance(full, dict) else lambda k: getattr(full, k, None)
            items = get("media") or []
            ids = [m.get("file_id") if isinstance(m, dict) else getattr(m, "file_id", None)
                   for m in items]
            media = tuple(MediaRef(file_id=str(i)) for i in ids if i)
            options = dict(get("platform_options") or {})
        return PostSpec(account_id=post.account_id, platform=post.platform, text=post.caption,
                        media=media, scheduled_for=to_iso_z(new_time), options=options)

    async def _look_up(self, post_id: str) -> Any:
        """The full post (media, options); a flaky read is tried again before giving up."""
        assert self.lookup is not None
        for attempt in range(3):
            try:
                return await self.lookup(post_id)
            except Exception:
                if attempt == 2:
                    raise
                await asyncio.sleep(self.poll * (attempt + 1))
        return None

    async def _settled(self, group_id: str) -> list[Intent]:
        """Every intent of the group once none is pending or sending (more may be added)."""
        settled = {s.value for s in SETTLED_STATES}

        async def wait() -> list[Intent]:
            while True:
                intents = await self.outbox.list(group_id=group_id)
                if intents and all(i.state.value in settled for i in intents):
                    return intents
                await asyncio.sleep(self.poll)

        if self.timeout is None:
            return await wait()
        return await asyncio.wait_for(wait(), self.timeout)

    async def reschedule(self, post: PostRow, new_time: datetime) -> MoveOutcome:
        spec = await self._spec(post, new_time)
        intents = await self.outbox.reschedule(post.id, spec)
        group = intents[-1].group_id or ""
        done = await self._settled(group)
        by_role = {i.role: i for i in done}
        create = by_role.get("replacement")
        cancel = by_role.get("cancel_original")
        if create is None or create.state not in (IntentState.DONE,
                                                  IntentState.QUEUED_FOR_NEXT_DAY):
            reason = (create.last_error if create else None) or "the replacement was not created"
            return MoveOutcome(ok=False, reason=reason)
        queued = parse_iso_utc(create.queued_for) if create.queued_for else None
        if cancel is not None and cancel.state is IntentState.DONE:
            return MoveOutcome(ok=True, post_id=create.post_id, queued_for=queued,
                               scheduled_for=new_time)
        undo = by_role.get("cancel_replacement")
        if cancel is not None and cancel.last_error_code == "too_late":
            undone = undo is not None and undo.state is IntentState.DONE
            return MoveOutcome(
                ok=False,
                reason=("the post went out before it could be moved"
                        + ("; its copy at the new time was cancelled" if undone
                           else "; its copy at the new time still needs cancelling (outbox)")))
        # The replacement exists but the original's cancel failed for another reason (it was
        # gone already, say): the post is at its new time; tell the user to look.
        why = (cancel.last_error if cancel else None) or "the original could not be cancelled"
        return MoveOutcome(ok=True, post_id=create.post_id, queued_for=queued,
                           scheduled_for=new_time, reason=f"Note: {why}; see the outbox.")

    async def cancel(self, post: PostRow) -> str | None:
        intent = await self.outbox.cancel(post.id, platform=post.platform)
        done = await self.outbox.wait_settled(intent.id, poll=self.poll)
        if done is not None and done.state is IntentState.DONE:
            return None
        return (done.last_error if done else None) or "not cancelled"
