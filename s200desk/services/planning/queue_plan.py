"""Add to queue: each chosen profile's next free slot, planned before anything is sent.

The composer shows the plan (a slot per profile, or why a profile has none) and sends one post
per profile at its own slot once the user agrees.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from s200desk.services.planning.caps import platform_cap
from s200desk.services.planning.queue_service import QueueNotSet, QueueService

Target = tuple[str, str]


@dataclass(frozen=True)
class QueuedSlot:
    target: Target
    slot: datetime | None  # None: no slot (see ``problem``)
    problem: str | None = None  # for the user: why there is no slot
    no_slots_set: bool = False  # the profile has no weekly slots yet


async def plan_queue(
    queue: QueueService,
    targets: Sequence[Target],
    *,
    rate_limits: Mapping[str, Any],
    plan: Any,
    now: datetime,
) -> list[QueuedSlot]:
    """The next free slot of every target, in the targets' order."""
    out: list[QueuedSlot] = []
    for platform, account in targets:
        cap = platform_cap(platform, rate_limits, plan)
        try:
            found = await queue.next_slots(platform, account, cap=cap, now=now)
        except QueueNotSet:
            out.append(QueuedSlot(
                (platform, account), None, "no queue slots yet: set them first", True,
            ))  # fmt: skip
            continue
        if not found:
            out.append(QueuedSlot(
                (platform, account), None,
                "no free slot in the next 60 days: add slots or unblock days",
            ))  # fmt: skip
            continue
        out.append(QueuedSlot((platform, account), found[0]))
    return out


def ready(plan: Sequence[QueuedSlot]) -> bool:
    return bool(plan) and all(p.slot is not None for p in plan)


NameFn = Callable[[str], str]
