"""The daily cap: how many posts a profile has on a UTC day, and whether one more fits.

One count for the composer, the calendar's day usage, the status bar and the command line: the
server's posts as the store holds them (the statuses the server counts, on the UTC day they happen)
plus what the outbox has recorded and not yet seen come back in a sync (creates pending, sending,
done or queued; a pending cancel frees its post's place). The server counts per platform, per
account, per UTC day (reference, "Limits by Plan"; docs/api-notes.md).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from s200desk.config import Plan
from s200desk.services.outbox.model import V2_PLATFORMS, Intent, IntentKind, IntentState
from s200desk.services.post_rules import CAP_STATUSES, daily_cap
from s200desk.services.scheduling import parse_iso_utc
from s200desk.store.queries import PostFilter
from s200desk.store.repos import PostsRepo

Target = tuple[str, str]  # (platform, account_id)
DayKey = tuple[str, str, date]  # (platform, account_id, UTC day)
CountFn = Callable[[str, str, datetime, datetime], Awaitable[int]]

# Outbox creates that hold (or will hold) a place in a day's allowance.
COUNTED_INTENT_STATES = (
    IntentState.PENDING,
    IntentState.SENDING,
    IntentState.DONE,
    IntentState.QUEUED_FOR_NEXT_DAY,
)
ACTIVE_CANCEL_STATES = (IntentState.PENDING, IntentState.SENDING)


def utc_day(moment: datetime) -> date:
    return moment.astimezone(UTC).date()


def utc_day_bounds(moment: datetime) -> tuple[datetime, datetime]:
    start = moment.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return start, start + timedelta(days=1)


@dataclass(frozen=True)
class CapWarning:
    platform: str
    account_id: str
    day: str  # UTC day "YYYY-MM-DD" (the server counts caps per UTC day)
    used: int
    cap: int

    @property
    def queued_by_server(self) -> bool:
        """True when the server would queue it for the next day itself (202 on v2)."""
        return self.platform in V2_PLATFORMS

    def sentence(self) -> str:
        """For the user: what will happen to a post on this full day."""
        what = (
            "the server will queue it for the next day with room"
            if self.queued_by_server
            else "the server will refuse it"
        )
        return (
            f"{self.platform}:{self.account_id} already has {self.used} of {self.cap} posts on "
            f"{self.day} (UTC); {what}"
        )


async def full_days(
    targets: Sequence[Target], moment: datetime, plan: Plan | str | None, count: CountFn
) -> list[CapWarning]:
    """The targets whose UTC day of ``moment`` already holds the plan's allowance."""
    cap = daily_cap(plan)
    if cap is None:
        return []
    start, end = utc_day_bounds(moment)
    out = []
    for platform, account in targets:
        used = int(await count(platform, account, start, end))
        if used >= cap:
            out.append(CapWarning(platform, account, start.date().isoformat(), used, cap))
    return out


async def next_free_moment(
    targets: Iterable[Target],
    moment: datetime,
    plan: Plan | str | None,
    count: CountFn,
    days: int = 60,
) -> datetime | None:
    """The same time on the first following day on which every target has room."""
    chosen = list(targets)
    for n in range(1, days + 1):
        candidate = moment + timedelta(days=n)
        if not await full_days(chosen, candidate, plan, count):
            return candidate
    return None


def _intent_moment(intent: Intent) -> datetime | None:
    when = intent.queued_for or intent.payload.get("scheduled_for") or intent.created_at
    try:
        return parse_iso_utc(str(when)) if when else None
    except ValueError:
        return None


@dataclass
class OutboxShare:
    recorded: list[tuple[Target, datetime]] = field(default_factory=list)
    freed: list[DayKey] = field(default_factory=list)


class DailyQuota:
    """Counts a workspace's posts against the daily cap: the store plus the outbox."""

    def __init__(self, posts: PostsRepo, outbox: Any) -> None:
        self.posts = posts
        self.outbox = outbox  # anything with ``async list(states=…)`` of intents

    async def count(self, platform: str, account_id: str, since: datetime, until: datetime) -> int:
        """Posts that use (platform, account)'s allowance in [since, until)."""
        extra = await self.outbox_use(since, until, [(platform, account_id)])
        stored = await self.posts.count(
            PostFilter(
                profiles=[(platform, account_id)],
                statuses=tuple(CAP_STATUSES),
                since=since,
                until=until,
            )
        )
        key_total = sum(n for (p, a, _d), n in extra.items() if (p, a) == (platform, account_id))
        return max(0, stored + key_total)

    async def outbox_use(
        self, since: datetime, until: datetime, targets: Sequence[Target] | None = None
    ) -> dict[DayKey, int]:
        """What the outbox adds to (or frees from) each day beyond what the store holds."""
        share = await self.outbox_share(since, until, targets)
        out: dict[DayKey, int] = defaultdict(int)
        for (platform, account), moment in share.recorded:
            out[(platform, account, utc_day(moment))] += 1
        for key in share.freed:
            out[key] -= 1
        return {k: v for k, v in out.items() if v}

    async def outbox_share(
        self, since: datetime, until: datetime, targets: Sequence[Target] | None = None
    ) -> OutboxShare:
        """The outbox's posts in [since, until) the store does not hold yet (with their time),
        and the stored posts a pending cancel will free; one read of the outbox."""
        wanted = set(targets) if targets else None
        share = OutboxShare()
        creates: list[tuple[Target, datetime, str | None]] = []
        for intent in await self.outbox.list(states=COUNTED_INTENT_STATES):
            key = (intent.platform or "", intent.account_id or "")
            if wanted is not None and key not in wanted:
                continue
            if intent.kind is IntentKind.CREATE:
                moment = _intent_moment(intent)
                if moment is not None and since <= moment < until:
                    creates.append((key, moment, intent.post_id))
            elif intent.kind is IntentKind.CANCEL and intent.state in ACTIVE_CANCEL_STATES:
                target = intent.target_post_id or intent.payload.get("post_id")
                post = await self.posts.get(str(target)) if target else None
                if post is None or post.status not in CAP_STATUSES or post.when is None:
                    continue
                if since <= post.when < until:
                    share.freed.append((post.platform, post.account_id, utc_day(post.when)))
        # Synced already: the store counts those. One look-up for all of them.
        synced = await self.posts.existing([pid for _k, _m, pid in creates if pid])
        share.recorded = [(key, moment) for key, moment, pid in creates if pid not in synced]
        return share

    async def full_days(
        self, targets: Sequence[Target], moment: datetime, plan: Plan | str | None
    ) -> list[CapWarning]:
        return await full_days(targets, moment, plan, self.count)

    async def next_free_moment(
        self, targets: Iterable[Target], moment: datetime, plan: Plan | str | None
    ) -> datetime | None:
        return await next_free_moment(targets, moment, plan, self.count)
