"""What the posts view can do to a post: cancel it, through the post lifecycle like every view."""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger(__name__)

# How long the detail pane waits for the sender; past it the cancel stays in the outbox.
CANCEL_WAIT_S = 20.0


class CancelRefused(Exception):
    """The server would not cancel the post; ``str()`` says why in the user's words."""


class CancelQueued(Exception):
    """The cancel is written down but not sent yet (offline): the outbox sends it later."""


async def cancel_post(session: Any, outbox: Any, post_id: str, platform: str | None = None) -> None:
    """Cancel a scheduled post: the intent goes to the outbox first, the sender sends it (and
    reconciles an unclear answer); once it settles the outbox records the post cancelled in the
    store and every view hears it (``session`` is kept for callers; nothing is written here)."""
    from s200desk.services.lifecycle.service import CannotChange, PostLifecycle

    lifecycle = PostLifecycle(outbox)
    try:
        submitted = await lifecycle.cancel(post_id, platform=platform)
    except CannotChange as exc:
        raise CancelRefused(str(exc)) from exc
    outcome = await lifecycle.settle(submitted, CANCEL_WAIT_S)
    if outcome.waiting:
        raise CancelQueued(
            "No answer from Status 200 yet: the cancel is kept in the outbox and is sent as soon "
            "as the connection is back (View ▸ Outbox shows it)."
        )
    if not outcome.ok:
        reason = outcome.reason or "this post could not be cancelled"
        raise CancelRefused(f"{reason[:1].upper()}{reason[1:]}.")
