"""The totals vouch for the moved posts only when every count agrees; any single difference
(a post removed, one not yet read, one published, failed, scheduled or pending, a listing that
moved while it was read) means they are read."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from s200desk.services.sync_balance import (
    PUBLISHING_MARGIN,
    MovedPost,
    ServerTotals,
    StoreTally,
    cancel_candidates,
    unbalanced,
)

# Posts besides the 20 that moved: 900 published, 50 failed, 30 scheduled, 5 pending, 15 cancelled.
STORE = StoreTally(
    total=1020,
    by_status={"published": 900, "failed": 50, "scheduled": 30, "pending": 5, "cancelled": 15},
)
SERVER = ServerTotals(
    top=[1020], all=1020, published=900, failed=50, scheduled=[30, 30], pending=[5]
)


def test_balanced_totals_vouch_for_the_moved_posts() -> None:
    assert unbalanced(SERVER, STORE) is None


@pytest.mark.parametrize(
    "server",
    [
        replace(SERVER, published=901),  # a moved post was published
        replace(SERVER, failed=51),  # a moved post failed
        replace(SERVER, scheduled=[31]),  # a moved post is scheduled after all
        replace(SERVER, pending=[6]),  # a moved post is pending
        replace(SERVER, all=1019),  # a post was removed while the sync ran
        replace(SERVER, top=[1019], all=1019),  # a post was removed before it
        replace(SERVER, top=[1020, 1021], all=1021),  # a post not read yet
        replace(SERVER, scheduled=[30, 29]),  # the scheduled listing moved while read
        replace(SERVER, pending=[5, 6]),  # the pending listing moved while read
    ],
)
def test_any_difference_means_the_moved_posts_are_read(server: ServerTotals) -> None:
    assert unbalanced(server, STORE)


def test_only_posts_stored_scheduled_and_well_before_their_time_can_be_cancelled() -> None:
    now = datetime(2026, 5, 16, 12, tzinfo=UTC)  # any instant: only the offsets from it count
    moved = [
        MovedPost("later", "scheduled", now + timedelta(days=3)),
        MovedPost("due soon", "scheduled", now + PUBLISHING_MARGIN),
        MovedPost("past", "scheduled", now - timedelta(hours=1)),
        MovedPost("no time", "scheduled", None),
        MovedPost("pending", "pending", now + timedelta(days=3)),  # cannot be cancelled
        MovedPost("processing", "processing", now + timedelta(days=3)),
    ]
    assert cancel_candidates(moved, now) == ["later"]
