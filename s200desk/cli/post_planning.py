"""``s200desk post … --queue`` and ``s200desk post … --repeat RULE``: when the post goes out.

``--queue`` gives each ``--to`` profile its own next free queue slot (``QueueService``, counted
as the composer counts the cap); ``--repeat`` makes one series per profile (``SeriesService``)
whose first post is ``--at`` and whose posts within the horizon are recorded in the outbox.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from s200desk.cli import EXIT_USAGE
from s200desk.cli.context import CliExit, Context, patiently
from s200desk.cli.quota_warning import cap_for, refresh_posts
from s200desk.services.outbox import PostSpec
from s200desk.services.planning.queue_service import QueueNotSet, QueueService
from s200desk.services.planning.recurrence import (
    DEFAULT_HORIZON,
    RecurrenceError,
    Series,
    build_rule,
)
from s200desk.services.planning.series_service import SeriesService
from s200desk.services.planning.slots import DEFAULT_HORIZON as SLOT_HORIZON
from s200desk.services.planning.slots import SlotError
from s200desk.services.scheduling import ScheduleError, get_zone, parse_when
from s200desk.store.planning_repo import StoredSeries

Target = tuple[str, str]
RULE_WORDS = ("daily", "weekdays", "weekly", "monthly")
MAX_HORIZON_DAYS = 366
_SUB_DAILY = re.compile(r"FREQ\s*=\s*(HOURLY|MINUTELY|SECONDLY)", re.IGNORECASE)
_UTC_UNTIL = re.compile(r"UNTIL\s*=\s*[0-9T]+Z", re.IGNORECASE)
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def add_planning_arguments(post: argparse.ArgumentParser) -> None:
    post.add_argument("--queue", action="store_true",
                      help="instead of --at: each --to profile's next free queue slot "
                           "(see 's200desk queue slots')")
    post.add_argument("--repeat", metavar="RULE",
                      help="repeat from --at: daily, weekdays, weekly, monthly, or an RRULE "
                           "like 'FREQ=WEEKLY;BYDAY=MO,WE' (one series per --to profile)")
    post.add_argument("--until", metavar="WHEN",
                      help="with --repeat: the last day (or time) of the series, in your zone")
    post.add_argument("--count", type=int, metavar="N",
                      help="with --repeat: end after N posts")
    post.add_argument("--horizon", type=int, metavar="DAYS",
                      help="with --repeat: how many days ahead posts are created "
                           f"(default {DEFAULT_HORIZON.days}); later ones follow by themselves")


def check_planning_arguments(args: argparse.Namespace) -> None:
    """Refuse combinations that cannot mean anything, before anything is opened (exit 2)."""
    if args.queue and args.at:
        raise CliExit(EXIT_USAGE, "--queue picks the time itself: give --queue or --at, not both")
    if args.queue and args.repeat:
        raise CliExit(EXIT_USAGE, "--repeat starts at --at; it does not take --queue")
    if args.repeat is None:
        for flag, value in (("--until", args.until), ("--count", args.count),
                            ("--horizon", args.horizon)):  # fmt: skip
            if value is not None:
                raise CliExit(EXIT_USAGE, f"{flag} goes with --repeat")
        return
    if not args.at:
        raise CliExit(EXIT_USAGE, "--repeat needs --at: the time of the first post")
    if args.until is not None and args.count is not None:
        raise CliExit(EXIT_USAGE, "end a series with --until or with --count, not both")
    if args.count is not None and args.count < 1:
        raise CliExit(EXIT_USAGE, "--count: a series has at least one post")
    if args.horizon is not None and not 1 <= args.horizon <= MAX_HORIZON_DAYS:
        raise CliExit(EXIT_USAGE, f"--horizon: between 1 and {MAX_HORIZON_DAYS} days")


# ---------------------------------------------------------------------------- --queue


async def queue_times(
    ctx: Context, targets: list[Target]
) -> tuple[list[Target], dict[Target, datetime]]:
    """The targets as their profiles spell them (a handle is typed in any case), and each one's
    next free slot; a profile named twice gets two. Nothing is recorded."""
    queues = QueueService(ctx.db, ctx.service)
    try:
        for platform, handle in targets:
            await queues.slots(platform, handle)  # no slots: said before any network
    except (QueueNotSet, SlotError) as exc:
        raise CliExit(EXIT_USAGE, f"{exc}; nothing was sent") from exc
    targets = [await queues.profile(platform, handle) for platform, handle in targets]
    await patiently(lambda: refresh_posts(ctx, (p for p, _ in targets)))
    wanted = Counter(targets)
    out: dict[Target, list[datetime]] = {}
    for (platform, handle), count in wanted.items():
        found = await queues.next_slots(platform, handle, cap=cap_for(ctx, platform),
                                        count=count)  # fmt: skip
        if len(found) < count:
            raise CliExit(EXIT_USAGE, f"{platform}:{handle} has no free queue slot in the next "
                                      f"{SLOT_HORIZON.days} days (slots taken, days full or "
                                      "blocked); nothing was sent")  # fmt: skip
        out[(platform, handle)] = found
    return targets, {t: out[t].pop(0) for t in targets}


# ---------------------------------------------------------------------------- --repeat


def repeat_rule(text: str, *, until: datetime | None, count: int | None) -> str:
    """RRULE text from a word (``daily`` …) or an RRULE, with --until / --count added."""
    raw = text.strip()
    if raw.lower() in RULE_WORDS:
        return build_rule(raw.lower(), until=until, count=count)
    body = raw[len("RRULE:"):] if raw.upper().startswith("RRULE:") else raw
    if not body or "=" not in body:
        raise RecurrenceError(
            f"cannot read the repeat rule {text!r}: use {', '.join(RULE_WORDS)}, or an RRULE "
            "like 'FREQ=WEEKLY;BYDAY=MO,WE'"
        )
    if "DTSTART" in body.upper():
        raise RecurrenceError("leave DTSTART out of the rule: --at is the first post's time")
    if _SUB_DAILY.search(body):
        raise RecurrenceError("a series repeats at most daily (FREQ=DAILY, WEEKLY, MONTHLY or "
                              "YEARLY); for several times a day add BYHOUR, e.g. "
                              "'FREQ=DAILY;BYHOUR=9,17'")  # fmt: skip
    if _UTC_UNTIL.search(body):
        raise RecurrenceError("give UNTIL as a local time without Z (it is read in your zone), "
                              "or use --until")  # fmt: skip
    names = {part.split("=", 1)[0].strip().upper() for part in body.split(";") if part.strip()}
    if (until is not None or count is not None) and names & {"UNTIL", "COUNT"}:
        raise RecurrenceError("the rule already says when it ends: give --until or --count "
                              "only for a rule without UNTIL or COUNT")  # fmt: skip
    if until is not None:
        body += f";UNTIL={until.strftime('%Y%m%dT%H%M%S')}"
    if count is not None:
        body += f";COUNT={count}"
    return f"RRULE:{body.strip(';')}"


def until_wall(text: str, zone: str) -> datetime:
    """--until as a naive wall time in ``zone``: a bare date means the end of that day."""
    raw = text.strip()
    if _DATE_ONLY.match(raw):
        try:
            return datetime.combine(date.fromisoformat(raw), time(23, 59, 59))
        except ValueError as exc:
            raise ScheduleError(f"{raw!r} is not a date") from exc
    value = parse_when(raw)
    if value.tzinfo is not None:
        value = value.astimezone(get_zone(zone)).replace(tzinfo=None)
    return value


def series_rule(args: argparse.Namespace, first: datetime, zone: str) -> str:
    """The checked rule for --repeat (exit 2 with the reason when it cannot be used)."""
    try:
        until = until_wall(args.until, zone) if args.until else None
        if until is not None and until < first:
            raise RecurrenceError("--until is before --at: the series would have no post")
        rule = repeat_rule(args.repeat, until=until, count=args.count)
        if Series("check", rule, first, zone).next_after(_instant_before(first, zone)) is None:
            raise RecurrenceError("the rule gives no post from --at on")
    except ScheduleError as exc:  # RecurrenceError is one
        raise CliExit(EXIT_USAGE, f"--repeat: {exc}; nothing was sent") from exc
    return rule


def _instant_before(wall: datetime, zone: str) -> datetime:
    return wall.replace(tzinfo=get_zone(zone)).astimezone(UTC) - timedelta(minutes=1)


def first_occurrence(rule: str, first: datetime, zone: str) -> datetime | None:
    """The first post's instant: --at, or the rule's first day after it when --at is not one."""
    found = Series("check", rule, first, zone).next_after(_instant_before(first, zone))
    return found.utc if found else None


async def create_series(
    ctx: Context, specs: list[PostSpec], rule: str, first: datetime, horizon_days: int | None
) -> list[StoredSeries]:
    service = SeriesService(ctx.db, ctx.service)
    horizon = timedelta(days=horizon_days) if horizon_days else DEFAULT_HORIZON
    return [await service.create(spec, rule, first, ctx.zone, horizon=horizon) for spec in specs]


def series_json(stored: StoredSeries, next_at: str | None, posts: list[Any]) -> dict[str, Any]:
    return {"id": stored.id, "platform": stored.platform, "account_id": stored.account_id,
            "rule": stored.rule, "zone": stored.zone, "next": next_at,
            "posts": posts}  # fmt: skip
