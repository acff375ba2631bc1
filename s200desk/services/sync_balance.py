"""Which posts that left the active listings can be stored cancelled without reading them.

A quick sync reads the scheduled and pending listings whole; a post the store had as active that
neither names has moved on: published, failed, cancelled, processing, or removed. The listing's
filters cannot name it (no ids, no "updated since", no ``cancelled`` filter), so it used to be
read by id. The listing's totals say more than the pages: when the server's counts per listable
status and in all agree with the store's (the posts that moved set aside), none of the moved
posts is published, failed, scheduled or pending, and none is gone. What is left, for a post
that was scheduled, is a state no filter lists: ``cancelled`` (DELETE, the only way out of
``scheduled`` the reference has) or ``processing`` (being published), which a post still well
before its time cannot be. docs/api-notes.md ("Posts that left the active listings") has the
argument; anything that does not balance means each moved post is read, as before.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

# A post due this soon (by our clock) may already be publishing on a server whose clock runs
# ahead: "processing", which no filter lists either. Those are read.
PUBLISHING_MARGIN = timedelta(minutes=15)
# The totals the check reads (all, published, failed): below this many candidates, reading
# them costs no more.
BALANCE_REQUESTS = 3


@dataclass(frozen=True)
class ServerTotals:
    """What the server's listing reported during one quick sync."""

    top: Collection[int]  # the unfiltered total on each newest page read first
    all: int  # the unfiltered total, read after every listing was stored
    published: int  # read then too
    failed: int  # read then too
    scheduled: Collection[int]  # the total on each page of the scheduled listing
    pending: Collection[int]  # the total on each page of the pending listing


@dataclass(frozen=True)
class StoreTally:
    """The store after the listings were stored."""

    total: int  # every stored post, the moved ones included
    by_status: Mapping[str, int]  # per status, the moved posts left out


@dataclass(frozen=True)
class MovedPost:
    post_id: str
    status: str  # as stored: the state it was last read in
    scheduled_for: datetime | None


def unbalanced(server: ServerTotals, store: StoreTally) -> str | None:
    """Why the server's totals do not vouch for the moved posts; None when they do.

    Balanced means: every listing read reported one total (nothing entered or left it while its
    pages were read, which could have hidden a post from them); the server holds as many posts
    as the store, at the start and at the end; and it has exactly as many published, failed,
    scheduled and pending posts as the store has without the moved ones. Published and failed
    posts stay so (the incremental sync already relies on it), so the moved ones hold none of
    those states; scheduled and pending ones were all just listed."""
    for name, totals in (("scheduled", server.scheduled), ("pending", server.pending)):
        if len(set(totals)) != 1:
            return f"the {name} listing changed while it was read (totals {sorted(set(totals))})"
    if set(server.top) != {store.total} or server.all != store.total:
        return (
            f"the server holds {sorted({*server.top, server.all})} posts, the store "
            f"{store.total} (posts removed or not yet read)"
        )
    expected = {
        "published": server.published,
        "failed": server.failed,
        "scheduled": next(iter(server.scheduled)),
        "pending": next(iter(server.pending)),
    }
    for status, total in expected.items():
        held = store.by_status.get(status, 0)
        if held != total:
            return f"the server has {total} {status} posts, the store {held} (besides the moved)"
    return None


def cancel_candidates(moved: Collection[MovedPost], now: datetime) -> list[str]:
    """The moved posts that, once the totals balance, can only be cancelled: stored scheduled
    (only a scheduled post can be cancelled) and not due within ``PUBLISHING_MARGIN``."""
    return [
        m.post_id
        for m in moved
        if m.status == "scheduled"
        and m.scheduled_for is not None
        and m.scheduled_for > now + PUBLISHING_MARGIN
    ]
