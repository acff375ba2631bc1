"""What the posts view can do to a post: cancel it, through the outbox like every other write."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from s200desk.services.events import Change

log = logging.getLogger(__name__)

# How long the detail pane waits for the sender; past it the cancel stays in the outbox.
CANCEL_WAIT_S = 20.0


class CancelRefused(Exception):
    """The server would not cancel the post; ``str()`` says why in the user's words."""


class CancelQueued(Exception):
    """The cancel is written down but not sent yet (offline): the outbox sends it later."""


async def cancel_post(session: Any, outbox: Any, post_id: str, platform: str | None = None) -> None:
    """Cancel a scheduled post: the intent goes to the outbox first, the sender sends it (and
    reconciles an unclear answer), then the store records the post cancelled and views hear."""
    from s200desk.services.outbox import IntentState

    intent = await outbox.cancel(post_id, platform=platform)
    try:
        done = await asyncio.wait_for(outbox.wait_settled(intent.id), CANCEL_WAIT_S)
    except TimeoutError as exc:
        raise CancelQueued(
            "No answer from Status 200 yet: the cancel is kept in the outbox and is sent as soon "
            "as the connection is back (View ▸ Outbox shows it)."
        ) from exc
    if done is None or done.state is not IntentState.DONE:
        reason = (done.last_error if done else None) or "no reason given"
        code = (done.last_error_code or "") if done else ""
        if "not_found" in code or "404" in reason:
            raise CancelRefused("This post no longer exists on the server.")
        raise CancelRefused(
            f"This post can no longer be cancelled (the server said: {reason}). "
            "Only scheduled posts can be cancelled."
        )
    if session.posts is not None:
        await session.posts.mark_status(post_id, "cancelled")
    if session.bus is not None:
        session.bus.publish(Change("posts", (post_id,)))
