"""A profile's queue as the user sees it: its next slots, each with the post that holds it, and
which reschedules "move up" / "move down" or a drag to another slot make (a swap with that
slot's post, or a move into a free one)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from s200desk.services.planning.queue_service import QueueService
from s200desk.services.planning.slots import CLEARANCE
from s200desk.store.queries import PostFilter

LOOK_AHEAD = timedelta(days=60)


@dataclass(frozen=True)
class UpcomingSlot:
    at: datetime  # UTC
    post: Any = None  # the store's post in this slot (scheduled), if any


@dataclass(frozen=True)
class Move:
    post: Any
    to: datetime


async def upcoming(
    queue: QueueService, platform: str, account_id: str, now: datetime, count: int = 12
) -> list[UpcomingSlot]:
    """The profile's next ``count`` slots (blocked days left out) with their posts."""
    slots = await queue.slots(platform, account_id)
    platform, account_id = await queue.profile(platform, account_id)
    instants: list[datetime] = []
    for instant in slots.occurrences(now, now + LOOK_AHEAD):
        if instant > now:
            instants.append(instant)
        if len(instants) == count:
            break
    if not instants:
        return []
    posts = await queue.posts.query(PostFilter(
        profiles=[(platform, account_id)], statuses=("scheduled",),
        since=instants[0] - CLEARANCE, until=instants[-1] + CLEARANCE + timedelta(seconds=1),
    ))  # fmt: skip
    out = []
    for instant in instants:
        held = next(
            (p for p in posts if p.when is not None and abs(p.when - instant) <= CLEARANCE), None
        )
        out.append(UpcomingSlot(instant, held))
    return out


def moves_for(slots: list[UpcomingSlot], index: int, step: int) -> list[Move]:
    """Move the post in slot ``index`` by ``step`` (-1 earlier, +1 later): into the neighbouring
    slot, and that slot's post (if any) into this one. Empty when there is nowhere to go."""
    return moves_to(slots, index, index + step)


def moves_to(slots: list[UpcomingSlot], index: int, target: int) -> list[Move]:
    """Move the post in slot ``index`` into slot ``target`` (a drag in the queue view), and the
    post that held ``target`` (if any) into ``index``: a swap, so no slot holds two posts."""
    if not 0 <= index < len(slots) or not 0 <= target < len(slots) or index == target:
        return []
    mine = slots[index].post
    if mine is None:
        return []
    moves = [Move(mine, slots[target].at)]
    if slots[target].post is not None:
        moves.append(Move(slots[target].post, slots[index].at))
    return moves
