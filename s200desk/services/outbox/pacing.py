"""Per-platform pacing: keep to the cooldown the server has shown instead of bouncing off it.

The legacy endpoint refuses a second post to one platform within its cooldown (429 with
Retry-After). Sending an import's posts as fast as the fan-out allows makes all but one of each
round bounce, so N posts cost about N²/2 requests. Instead each platform's creates go one at a
time, and each waits the platform's cooldown after the previous one may have landed.

The cooldown is learnt, not configured: a 429 that comes ``e`` seconds after our last create to
that platform with ``Retry-After: r`` shows a cooldown of ``e + r`` (an upper bound: Retry-After
is rounded up to whole seconds, and the server started counting at its commit, a moment before
our answer). One 429 may be a one-off (another device posting, some other limit, a fault), so a
reading is believed only when the next post bounces too: two posts in a row refused on their
first send set the cooldown to the lower of their two readings. A post that goes through on its
first send clears a lone reading. So a platform with a cooldown costs two 429s to learn it, then
none; a lone random 429 neither slows a platform down nor ratchets its spacing up (only two in a
row, at the pace already kept, raise it).

Only platforms with a documented cooldown (their creates go to the legacy endpoint) are paced;
v2 documents none (its daily cap answers 202), so a 429 there is taken as a one-off. Every 429
holds its whole platform (creates, cancels, uploads) for its Retry-After.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta


@dataclass
class _Lane:
    cooldown: float = 0.0  # believed spacing between two creates
    suspect: float | None = None  # a lone reading, waiting for the next post to confirm it
    bounced: bool = False  # a 429 came since the last create landed
    last_landed: datetime | None = None  # our last create to it that may have reached the server
    next_create: datetime | None = None  # last_landed + cooldown
    held_until: datetime | None = None  # a 429's Retry-After: nothing goes to the platform before
    in_flight: set[str] = field(default_factory=set)  # intent ids whose create may be on the wire


class PlatformPacer:
    """When the next create (or anything) may go to each platform."""

    def __init__(
        self,
        now: Callable[[], datetime],
        *,
        has_cooldown: Callable[[str], bool] = lambda platform: True,
        max_cooldown: float = 300.0,
    ) -> None:
        self._now = now
        # Platforms whose creates are spaced by a cooldown (the legacy endpoint's): sent one at
        # a time, and paced by what their 429s show.
        self._has_cooldown = has_cooldown
        self.max_cooldown = max_cooldown
        self._lanes: dict[str, _Lane] = {}

    def _lane(self, platform: str) -> _Lane:
        lane = self._lanes.get(platform)
        if lane is None:
            lane = self._lanes[platform] = _Lane()
        return lane

    def cooldown(self, platform: str) -> float:
        """Seconds to leave between two creates to ``platform``; 0 until its 429s showed one."""
        lane = self._lanes.get(platform)
        return lane.cooldown if lane is not None else 0.0

    # ------------------------------------------------------------------ the sender loop asks

    def may_start(self, platform: str | None, *, create: bool) -> bool:
        """May an intent for ``platform`` be picked now?"""
        if not platform:
            return True
        lane = self._lane(platform)
        now = self._now()
        if lane.held_until is not None and now < lane.held_until:
            return False
        if not create:
            return True
        if lane.next_create is not None and now < lane.next_create:
            return False
        return not (lane.in_flight and self._has_cooldown(platform))

    def start(self, intent_id: str, platform: str | None, *, create: bool) -> None:
        """The intent was picked; a create holds its platform's lane until ``finish``."""
        if platform and create:
            self._lane(platform).in_flight.add(intent_id)

    def finish(self, intent_id: str) -> None:
        for lane in self._lanes.values():
            lane.in_flight.discard(intent_id)

    def next_change(self) -> datetime | None:
        """The earliest moment a held platform frees up (None: none is held)."""
        now = self._now()
        moments = [
            moment for lane in self._lanes.values()
            for moment in (lane.held_until, lane.next_create)
            if moment is not None and moment > now
        ]  # fmt: skip
        return min(moments, default=None)

    # ------------------------------------------------------------------ the sender tells

    def landed(self, platform: str) -> None:
        """A create to ``platform`` was answered (or may have landed): its cooldown starts."""
        lane = self._lane(platform)
        now = self._now()
        if not lane.bounced:
            lane.suspect = None  # this post went through on its first send: the pace holds
        lane.bounced = False
        lane.last_landed = now
        lane.next_create = now + timedelta(seconds=lane.cooldown)

    def refused(self, platform: str, retry_after: float, *, learn: bool) -> None:
        """A 429 for ``platform`` said "not for ``retry_after`` seconds".

        ``learn``: it answered a create, so it also tells the platform's cooldown (if it has one).
        """
        lane = self._lane(platform)
        now = self._now()
        wait = max(0.0, retry_after)
        until = now + timedelta(seconds=wait)
        lane.held_until = max(lane.held_until or until, until)
        if not learn or lane.bounced or lane.last_landed is None:
            return  # not a create's, or the same gap again, or nothing of ours to measure from
        lane.bounced = True
        shown = (now - lane.last_landed).total_seconds() + wait
        if not self._has_cooldown(platform) or shown > self.max_cooldown:
            return
        if lane.suspect is None:
            lane.suspect = shown
        else:  # the second post in a row refused: believe it
            lane.cooldown = max(lane.cooldown, min(lane.suspect, shown))
            lane.suspect = None
