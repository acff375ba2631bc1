"""The calendar's one seam to the services: move a post, cancel a post.

The calendar never talks HTTP. It hands a move to a :class:`CalendarBackend` (in the app: the
outbox's replacement-first reschedule) and waits for the outcome; the chip shows "moving" meanwhile.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from s200desk.ui.posts.model import PostRow


@dataclass(frozen=True)
class MoveOutcome:
    """How a reschedule settled."""

    ok: bool
    post_id: str | None = None  # the post now live at the new time (the replacement)
    reason: str | None = None  # for the user, when not ok (or a note when ok)
    queued_for: datetime | None = None  # the server queued the replacement to this instant (202)
    scheduled_for: datetime | None = None  # the replacement's time as the server holds it


class CalendarBackend(Protocol):
    """What the calendar needs from the services layer."""

    async def reschedule(self, post: PostRow, new_time: datetime) -> MoveOutcome:
        """Move ``post`` to ``new_time`` (aware UTC): the replacement first, then the cancel."""
        ...

    async def cancel(self, post: PostRow) -> str | None:
        """Cancel a scheduled post; ``None`` when done, else the reason it was not."""
        ...
