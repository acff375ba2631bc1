"""How a lifecycle operation settled, read from its intents (pure; no I/O)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from s200desk.services.outbox.model import SUCCESS_STATES, Intent, IntentState
from s200desk.services.scheduling import parse_iso_utc


@dataclass(frozen=True)
class Outcome:
    """The result the user hears about."""

    ok: bool
    post_id: str | None = None  # the post that now carries the content (the replacement)
    reason: str | None = None  # why not, when not ok; a note when ok
    queued_for: datetime | None = None  # the server queued the replacement to this instant (202)
    scheduled_for: datetime | None = None  # the replacement's time as asked
    waiting: bool = False  # not settled yet (no connection): the outbox still holds it


def _time(text: str | None) -> datetime | None:
    return parse_iso_utc(text) if text else None


def replacement_outcome(intents: Sequence[Intent]) -> Outcome:
    """A move, an edit or an undo: the replacement first, then the original's cancel."""
    by_role = {i.role: i for i in intents}
    create = by_role.get("replacement")
    cancel = by_role.get("cancel_original")
    if create is not None and create.state is IntentState.DISCARDED:
        # Taken back before it was sent, by a later move, edit or cancel of the same post.
        return Outcome(ok=False, reason="a later change to this post took its place")
    if create is None or create.state not in SUCCESS_STATES:
        reason = (create.last_error if create else None) or "the replacement was not created"
        return Outcome(ok=False, reason=reason)
    scheduled = _time(create.payload.get("scheduled_for"))
    queued = _time(create.queued_for)
    if cancel is not None and cancel.state is IntentState.DONE:
        return Outcome(ok=True, post_id=create.post_id, queued_for=queued, scheduled_for=scheduled)
    undo = by_role.get("cancel_replacement")
    if cancel is not None and cancel.last_error_code == "too_late":
        undone = undo is not None and undo.state is IntentState.DONE
        return Outcome(
            ok=False,
            reason="the post went out before it could be changed"
            + (
                "; its copy was cancelled"
                if undone
                else "; its copy still needs cancelling (see the outbox)"
            ),
        )
    # The replacement exists but the original's cancel failed for another reason (it was gone
    # already, say): the post is at its new version; tell the user to look.
    why = (cancel.last_error if cancel else None) or "the original could not be cancelled"
    return Outcome(
        ok=True,
        post_id=create.post_id,
        queued_for=queued,
        scheduled_for=scheduled,
        reason=f"Note: {why}; see the outbox.",
    )


def copy_outcome(intents: Sequence[Intent]) -> Outcome:
    """A duplicate: one derived create."""
    create = next((i for i in intents if i.role == "copy"), None)
    if create is None or create.state not in SUCCESS_STATES:
        reason = (create.last_error if create else None) or "the copy was not created"
        return Outcome(ok=False, reason=reason)
    return Outcome(
        ok=True,
        post_id=create.post_id,
        queued_for=_time(create.queued_for),
        scheduled_for=_time(create.payload.get("scheduled_for")),
    )


def cancel_outcome(intent: Intent | None) -> Outcome:
    if intent is not None and intent.state is IntentState.DONE:
        return Outcome(ok=True, post_id=intent.target_post_id)
    reason = (intent.last_error if intent else None) or "not cancelled"
    code = (intent.last_error_code or "") if intent else ""
    if code == "404" or "does not exist" in reason:
        return Outcome(ok=False, reason="this post no longer exists on the server")
    if code == "400":
        return Outcome(
            ok=False,
            reason=f"this post can no longer be cancelled (the server said: {reason}); "
            "only scheduled posts can be cancelled",
        )
    return Outcome(ok=False, reason=reason)
