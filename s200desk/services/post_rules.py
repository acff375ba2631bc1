"""The small rules about a post that every view and the command line share (one place each).

* When a post happens: ``happens_at`` (the store's ``sort_at`` is the same rule in SQL).
* Which statuses count against a plan's daily cap: ``CAP_STATUSES`` (the server's own rule), and
  the cap itself: ``daily_cap``.
* Which posts views leave out unless the user asks for them: ``HIDDEN_BY_DEFAULT``; whether a
  post is among the profiles, platforms and statuses a view's filter chose: ``chosen``.
* Which posts can still be moved, edited or cancelled: ``CHANGEABLE``; ``refusal`` says why not.
* Whether a post is only a listing's copy (no media, no options), too little to copy or edit
  from: ``listed_only``.

Light on purpose (no API client, no outbox): the first frame's models import it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
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


def chosen(
    post: Any,
    profiles: Collection[tuple[str, str]],
    platforms: Collection[str],
    statuses: Collection[str],
) -> bool:
    """Whether a view's filter shows ``post``: empty choices mean all, and no status chosen
    means all but ``HIDDEN_BY_DEFAULT``."""
    if statuses:
        if post.status not in statuses:
            return False
    elif post.status in HIDDEN_BY_DEFAULT:
        return False
    if platforms and post.platform not in platforms:
        return False
    return not profiles or (post.platform, post.account_id) in profiles


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


def listed_only(post: Any) -> bool:
    """Whether ``post`` is the store's copy of a post never read by id: the list endpoint
    carries no media and no platform options, so a copy or an edit built from it would silently
    lose them. (A post read from the server, or stored from such a read, is whole.)"""
    return hasattr(post, "details_at") and post.details_at is None


__all__ = [
    "CAP_STATUSES",
    "CHANGEABLE",
    "HIDDEN_BY_DEFAULT",
    "chosen",
    "daily_cap",
    "happens_at",
    "listed_only",
    "refusal",
]
