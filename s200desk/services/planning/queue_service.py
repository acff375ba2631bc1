"""Posting queues: a profile's weekly slots, kept in the workspace, and its next free slots.

A slot is free when no post of the profile (on the server as the store holds it, or recorded in
the outbox and not yet synced) is within five minutes of it, its local date is not blocked, and
the platform's daily cap still has room on its UTC day, counted as the composer counts it
(``services/quotas``) plus the slots chosen in the same call.

A profile is named by its handle as the user types it: trimmed and in any case ("@Studio" is the
profile "@studio"). Its queue is kept, and its posts counted, under the profile's own spelling.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

from s200desk.services.planning.slots import (
    CLEARANCE,
    DEFAULT_HORIZON,
    SlotError,
    WeeklySlots,
    next_free_slots,
)
from s200desk.services.post_rules import CAP_STATUSES
from s200desk.services.quotas import DailyQuota, utc_day
from s200desk.services.scheduling import get_zone
from s200desk.store.database import Database
from s200desk.store.planning_repo import QueuesRepo, StoredQueue, handle_key
from s200desk.store.queries import PostFilter
from s200desk.store.repos import PostsRepo, ProfilesRepo


class QueueNotSet(LookupError):
    """The profile has no slots yet; the message says how to add them."""


class QueueService:
    def __init__(self, db: Database, outbox: object) -> None:
        self.queues = QueuesRepo(db)
        self.posts = PostsRepo(db)
        self.profiles = ProfilesRepo(db)
        self.outbox = outbox  # anything with ``async list(states=…)`` of intents
        self.quota = DailyQuota(self.posts, outbox)

    async def set_slots(
        self, platform: str, account_id: str, text: str, zone: str,
        blocked: Iterable[date] | None = None,
    ) -> StoredQueue:  # fmt: skip
        """Give a profile its weekly slots (``"mon-fri 09:00,13:00"``, read in ``zone``); the
        blocked dates stay unless ``blocked`` is given."""
        get_zone(zone)
        slots = WeeklySlots.parse(text, zone)
        platform, account_id = await self.profile(platform, account_id)
        old = await self.queues.get(platform, account_id)
        days = (
            tuple(d.isoformat() for d in blocked) if blocked is not None
            else (old.blocked if old else ())
        )  # fmt: skip
        queue = StoredQueue(platform, account_id, slots.describe(), zone, days)
        await self.queues.set(queue)
        return queue

    async def block(self, platform: str, account_id: str, days: Iterable[date]) -> StoredQueue:
        queue = await self._queue(platform, account_id)
        merged = tuple(sorted({*queue.blocked, *(d.isoformat() for d in days)}))
        updated = StoredQueue(queue.platform, queue.account_id, queue.slots, queue.zone, merged)
        await self.queues.set(updated)
        return updated

    async def slots(self, platform: str, account_id: str) -> WeeklySlots:
        queue = await self._queue(platform, account_id)
        return WeeklySlots.parse(queue.slots, queue.zone).with_blocked(
            date.fromisoformat(d) for d in queue.blocked
        )

    async def next_slots(
        self,
        platform: str,
        account_id: str,
        *,
        cap: int | None,
        count: int = 1,
        now: datetime | None = None,
        horizon: timedelta = DEFAULT_HORIZON,
    ) -> list[datetime]:
        """The next ``count`` free slots (UTC), fewer when the horizon ends first."""
        moment = now or datetime.now(UTC)
        slots = await self.slots(platform, account_id)
        platform, account_id = await self.profile(platform, account_id)
        since, until = moment - CLEARANCE, moment + horizon + CLEARANCE
        stored = await self.posts.moments(PostFilter(
            profiles=[(platform, account_id)], statuses=tuple(CAP_STATUSES),
            since=since, until=until,
        ))  # fmt: skip
        share = await self.quota.outbox_share(since, until, [(platform, account_id)])
        recorded = [moment for _target, moment in share.recorded]
        used: Counter[date] = Counter(utc_day(t) for t in [*stored, *recorded])
        used.subtract(day for _p, _a, day in share.freed)
        taken = [*stored, *recorded]

        def day_is_full(day: date, chosen: int) -> bool:
            return cap is not None and used[day] + chosen >= cap

        return next_free_slots(
            slots, now=moment, taken=taken, day_is_full=day_is_full, count=count,
            horizon=horizon,
        )  # fmt: skip

    async def profile(self, platform: str, account_id: str) -> tuple[str, str]:
        """(platform, handle) as the workspace's profile spells it; as typed (trimmed) when the
        store does not know the profile (yet)."""
        platform, wanted = platform.strip().lower(), handle_key(account_id)
        for known in await self.profiles.list([platform]):
            if handle_key(known.account_id) == wanted:
                return platform, known.account_id
        queue = await self.queues.get(platform, account_id)
        return platform, queue.account_id if queue is not None else account_id.strip()

    async def _queue(self, platform: str, account_id: str) -> StoredQueue:
        queue = await self.queues.get(platform.strip().lower(), account_id)
        if queue is None:
            raise QueueNotSet(
                f"{platform}:{account_id} has no queue slots yet: set them with "
                f"`s200desk queue slots {platform}:{account_id} --set \"mon-fri 09:00,13:00\"`"
            )
        return queue


__all__ = ["QueueNotSet", "QueueService", "SlotError", "handle_key"]
