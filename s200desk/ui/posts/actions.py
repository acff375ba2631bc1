"""What the posts view can do to a post, in one place so it can be rerouted (to the outbox)."""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger(__name__)


class CancelRefused(Exception):
    """The server would not cancel the post; ``str()`` says why in the user's words."""


async def cancel_post(session: Any, post_id: str) -> None:
    """Cancel a scheduled post through the client, then record it in the store and tell views.

    The outbox (a later issue) will take this over: write the intent first, send, reconcile.
    """
    from s200desk.api import BadRequestError, NotFoundError

    await session.ensure_connected()
    client, posts, bus = session.client, session.posts, session.bus
    try:
        await client.posts.cancel(post_id)
    except BadRequestError as exc:
        raise CancelRefused(
            "This post can no longer be cancelled: it is not scheduled any more "
            f"(the server said: {exc.message})."
        ) from exc
    except NotFoundError as exc:
        raise CancelRefused("This post no longer exists on the server.") from exc
    await posts.mark_status(post_id, "cancelled")
    if bus is not None:
        from s200desk.services.events import Change

        bus.publish(Change("posts", (post_id,)))
