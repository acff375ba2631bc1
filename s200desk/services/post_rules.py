"""The small rules about a post that every view and the command line share (one place each).

* When a post happens: ``happens_at`` (the store's ``sort_at`` is the same rule in SQL).
* Which statuses count against a plan's daily cap: ``CAP_STATUSES`` (the server's own rule), and
  the cap itself: ``daily_cap``.
* Which posts views leave out unless the user asks for them: ``HIDDEN_BY_DEFAULT``.
* Which posts can still be moved, edited or cancelled: ``CHANGEABLE``; ``refusal`` says why not.

Light on purpose (no API client, no outbox): the first frame's models import it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from s200desk.store.records import happens_at

# Counted against the plan's daily cap on the UTC day they happen (failed and cancelled free it).
CAP_STATUSES: Final = frozenset({"scheduled", "published", "pending"})
# A move leaves a cancelled original behind; lists and calendars show those only when asked.
HIDDEN_BY_DEFAULT: Final = frozenset({"cancelled"})
# Statuses in which a post can still be replaced (and its original cancelled).
CHANGEABLE: Final = frozenset({"scheduled"})


def daily_cap(plan: Any) -> int | None:
    """Posts a day per platform per account on ``plan`` (a ``config.Plan`` or its name);
    None: unlimited, or a plan the reference does not list."""
    from s200desk.config import PLAN_DAILY_LIMITS, Plan

    try:
        return PLAN_DAILY_LIMITS[Plan(str(getattr(plan, "value", plan)))]
    except (ValueError, KeyError):
        return None


def _get(post: Any, name: str) -> Any:
    return post.get(name) if isinstance(post, Mapping) else getattr(post, name, None)


def refusal(post: Any) -> str | None:
    """Why ``post`` can no longer be replaced, in the user's words; None when it can."""
    status = str(getattr(_get(post, "status"), "value", _get(post, "status")) or "")
    if status in CHANGEABLE:
        return None
    if status == "published":
        return "it went out already (published)"
    if status == "pending":
        return "it is being published right now (processing); it can no longer be changed"
    if status == "cancelled":
        return "it was cancelled"
    if status == "failed":
        return "it failed to publish; duplicate it to try again"
    return f"it is {status or 'in an unknown state'}"


__all__ = [
    "CAP_STATUSES",
    "CHANGEABLE",
    "HIDDEN_BY_DEFAULT",
    "daily_cap",
    "happens_at",
    "refusal",
]
