"""``s200desk queue slots|next`` and ``s200desk series list|top-up|skip|cancel``.

The same ``QueueService`` and ``SeriesService`` the composer and the calendar use; a queue's
slots are read in ``--zone`` (or the settings' zone) when they are set, and kept with that zone.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from s200desk.cli import EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE
from s200desk.cli.args import parse_target
from s200desk.cli.context import CliExit, Context, err, patiently
from s200desk.cli.output import intent_line, local, table
from s200desk.cli.quota_warning import cap_for, refresh_posts
from s200desk.services.outbox import Intent, IntentKind, IntentState
from s200desk.services.planning.queue_service import QueueNotSet, QueueService
from s200desk.services.planning.recurrence import RecurrenceError, Series
from s200desk.services.planning.series_service import (
    WALL_FORMAT,
    SeriesNotFound,
    SeriesService,
    group_of,
)
from s200desk.services.planning.slots import DEFAULT_HORIZON, SlotError, WeeklySlots
from s200desk.services.scheduling import ScheduleError, get_zone, resolve_schedule, to_iso_z
from s200desk.store.planning_repo import StoredSeries, handle_key

FAILED = {IntentState.FAILED, IntentState.NEEDS_ATTENTION}
SubCommand = Callable[[Any, str, str], argparse.ArgumentParser]


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: use YYYY-MM-DD") from None


def add_queue_arguments(parser: argparse.ArgumentParser) -> None:
    from s200desk.cli.args import _Parser, _sub_command

    sub = parser.add_subparsers(dest="queue_command", metavar="slots|next", parser_class=_Parser)
    sub.required = True
    slots = _sub_command(sub, "slots", "a profile's weekly posting slots (show or change them)")
    slots.add_argument("profile", metavar="PLATFORM:@handle")
    slots.add_argument("--set", metavar="SLOTS", dest="slots",
                       help="days and times in your zone, like 'mon-fri 09:00,13:00'")
    slots.add_argument("--block", action="append", type=_day, default=[], metavar="YYYY-MM-DD",
                       help="a date without queue posts (repeatable)")
    nxt = _sub_command(sub, "next", "a profile's next free slots")
    nxt.add_argument("profile", metavar="PLATFORM:@handle")
    nxt.add_argument("--count", type=int, default=5, metavar="N", help="how many (default 5)")


def add_series_arguments(parser: argparse.ArgumentParser) -> None:
    from s200desk.cli.args import _Parser, _sub_command

    sub = parser.add_subparsers(dest="series_command", metavar="list|top-up|skip|edit|cancel",
                                parser_class=_Parser)  # fmt: skip
    sub.required = True
    _sub_command(sub, "list", "the series that still run, with their next post")
    _sub_command(sub, "top-up", "create the posts the series' horizons now reach, and send them")
    skip = _sub_command(sub, "skip", "leave one post of a series out (cancelled if created)")
    skip.add_argument("id", metavar="ID")
    skip.add_argument("when", metavar="WHEN",
                      help="the post's time ('YYYY-MM-DD HH:MM' in your zone), or its date")
    edit = _sub_command(sub, "edit", "change every future post of a series (past ones stay)")
    edit.add_argument("id", metavar="ID")
    edit.add_argument("--text", help="the new caption")
    edit.add_argument("--repeat", metavar="RULE",
                      help="a new rule (daily, weekdays, weekly, monthly, or an RRULE)")
    cancel = _sub_command(sub, "cancel", "end a series: its future posts are cancelled")
    cancel.add_argument("id", metavar="ID")


async def cmd_queue(ctx: Context, args: argparse.Namespace) -> int:
    platform, handle = parse_target(args.profile, "PROFILE")
    queues = QueueService(ctx.db, ctx.service)
    try:
        if args.queue_command == "next":
            return await _next(ctx, args, queues, platform, handle)
        if args.slots is not None:
            WeeklySlots.parse(args.slots, get_zone(ctx.zone).key)  # a typo costs no network
            handle = await _check_profile(ctx, platform, handle)
            await queues.set_slots(platform, handle, args.slots, ctx.zone)
        if args.block:
            await queues.block(platform, handle, args.block)
        await queues.slots(platform, handle)  # QueueNotSet says how to set them
        stored = await queues.queues.get(platform, handle)
        assert stored is not None
    except (QueueNotSet, SlotError, ScheduleError) as exc:
        raise CliExit(EXIT_USAGE, str(exc)) from exc
    handle = stored.account_id  # the profile's own spelling, whatever case was typed
    if args.json:
        print(json.dumps({"profile": f"{platform}:{handle}", "slots": stored.slots,
                          "zone": stored.zone, "blocked": list(stored.blocked)}, indent=2))
    else:
        print(f"{platform}:{handle}: {stored.slots} ({stored.zone})")
        print(f"blocked: {', '.join(stored.blocked) if stored.blocked else 'no dates'}")
    return EXIT_OK


async def _check_profile(ctx: Context, platform: str, handle: str) -> str:
    """The handle as the account spells it (typed in any case). Slots for a profile the account
    does not have would wait for ever: said now (exit 2)."""
    profiles = await patiently(ctx.client.profiles.list)
    for profile in profiles:
        named = str(getattr(profile.platform, "value", profile.platform))
        if named == platform and handle_key(profile.account_id) == handle_key(handle):
            return str(profile.account_id)
    raise CliExit(EXIT_USAGE, f"no {platform} profile {handle} on this account; the slots "
                              "were not changed")  # fmt: skip


async def _next(
    ctx: Context, args: argparse.Namespace, queues: QueueService, platform: str, handle: str
) -> int:
    if args.count < 1:
        raise CliExit(EXIT_USAGE, "--count: at least 1")
    slots = await queues.slots(platform, handle)  # no slots: said before any network
    await patiently(lambda: refresh_posts(ctx, [platform]))
    found = await queues.next_slots(platform, handle, cap=cap_for(ctx, platform),
                                    count=args.count)  # fmt: skip
    platform, handle = await queues.profile(platform, handle)
    if args.json:
        print(json.dumps({"times": [to_iso_z(t) for t in found]}))
        return EXIT_OK
    zone = ZoneInfo(ctx.zone)
    print(f"next free slots of {platform}:{handle} ({slots.describe()}, {slots.zone}):")
    for moment in found:
        print(f"  {moment.astimezone(zone).strftime('%a %Y-%m-%d %H:%M %Z')}")
    if len(found) < args.count:
        what = f"only {len(found)} free slot(s)" if found else "no free slot"
        print(f"{what} in the next {DEFAULT_HORIZON.days} days (asked for {args.count}): the "
              "other slots are taken, on full days or blocked")
    return EXIT_OK


# ---------------------------------------------------------------------------- series


async def cmd_series(ctx: Context, args: argparse.Namespace) -> int:
    service = SeriesService(ctx.db, ctx.service)
    try:
        if args.series_command == "list":
            return await _list(ctx, args, service)
        if args.series_command == "top-up":
            return await _top_up(ctx, args, service)
        if args.series_command == "skip":
            return await _skip(ctx, args, service)
        if args.series_command == "edit":
            return await _edit(ctx, args, service)
        return await _cancel(ctx, args, service)
    except SeriesNotFound as exc:
        raise CliExit(EXIT_USAGE, str(exc)) from exc


async def _list(ctx: Context, args: argparse.Namespace, service: SeriesService) -> int:
    views = await service.list()
    if args.json:
        print(json.dumps({"series": [v.as_json() for v in views]}, indent=2))
        return EXIT_OK
    if not views:
        print("no series: make one with `s200desk post … --at WHEN --repeat RULE`")
        return EXIT_OK
    rows = [[v.stored.id, f"{v.stored.platform}:{v.stored.account_id}", v.stored.rule,
             v.stored.zone, local(v.next.utc, ctx.zone) if v.next else "ended"]
            for v in views]  # fmt: skip
    print(table(["ID", "PROFILE", "RULE", "ZONE", "NEXT"], rows))
    return EXIT_OK


async def _send(ctx: Context, args: argparse.Namespace, groups: list[str]) -> list[Intent]:
    """Send what the groups have waiting; the intents that were waiting, as they ended."""
    from s200desk.cli.commands import _drain

    waiting: set[str] = set()
    for group in groups:
        unsettled = [i.id for i in await ctx.service.list(group_id=group) if not i.settled]
        if unsettled:
            waiting.update(unsettled)
            await _drain(ctx, group, label=group, json_out=args.json)
    return [i for g in groups for i in await ctx.service.list(group_id=g) if i.id in waiting]


def _exit_for(intents: list[Intent]) -> int:
    return EXIT_SOME_FAILED if any(i.state in FAILED for i in intents) else EXIT_OK


def _print_sent(ctx: Context, args: argparse.Namespace, sent: list[Intent]) -> None:
    if args.json:
        return
    for intent in sent:
        if intent.state in FAILED or intent.kind is IntentKind.CREATE:
            print(f"  {intent_line(intent, ctx.zone)}")


async def _top_up(ctx: Context, args: argparse.Namespace, service: SeriesService) -> int:
    added = await service.top_up()
    active = await service.repo.active()
    sent = await _send(ctx, args, [group_of(s.id) for s in active])
    if args.json:
        print(json.dumps({"added": added, "series": len(active),
                          "failed": [i.id for i in sent if i.state in FAILED]}))
    else:
        print(f"added {added} post(s) to {len(active)} series")
        _print_sent(ctx, args, sent)
    return _exit_for(sent)


async def _skip(ctx: Context, args: argparse.Namespace, service: SeriesService) -> int:
    stored = await _series(service, args.id)
    if stored.cancelled_at:
        raise CliExit(EXIT_USAGE, f"series {stored.id} was cancelled; nothing to skip")
    wall = _occurrence_wall(ctx, stored, args.when)
    created = await service.skip(stored.id, wall)
    sent = await _send(ctx, args, [group_of(stored.id)])
    when = local(wall.replace(tzinfo=ZoneInfo(stored.zone)), ctx.zone)
    if args.json:
        print(json.dumps({"id": stored.id, "skipped": wall.strftime(WALL_FORMAT),
                          "zone": stored.zone, "was_created": created}))
    else:
        tail = "its post is cancelled" if created else "it had not been created yet"
        print(f"series {stored.id}: skipped {when}; {tail}")
        _print_sent(ctx, args, [i for i in sent if i.kind is IntentKind.CANCEL])
    return _exit_for(sent)


async def _series(service: SeriesService, series_id: str) -> StoredSeries:
    stored = await service.repo.get(series_id.strip())
    if stored is None:
        raise SeriesNotFound(f"no series {series_id!r}: `s200desk series list` shows them")
    return stored


def _occurrence_wall(ctx: Context, stored: StoredSeries, text: str) -> datetime:
    """The wall time (in the series' zone) of the one occurrence ``text`` names: a time read in
    ``--zone``, or a date that has exactly one occurrence."""
    series = Series(stored.id, stored.rule, datetime.strptime(stored.first_wall, WALL_FORMAT),
                    stored.zone)  # fmt: skip
    user_zone = get_zone(ctx.zone)
    raw = text.strip()
    try:
        day = date.fromisoformat(raw) if len(raw) == 10 else None
    except ValueError:
        day = None
    if day is not None:
        start = datetime.combine(day, datetime.min.time(), user_zone)
        found = list(series.occurrences(start, start + timedelta(days=1)))
        if len(found) != 1:
            what = "no post" if not found else f"{len(found)} posts"
            raise CliExit(EXIT_USAGE, f"series {stored.id} has {what} on {day}; give the time "
                                      "as 'YYYY-MM-DD HH:MM'")  # fmt: skip
        occurrence = found[0]
        if occurrence.utc <= datetime.now(user_zone):
            raise CliExit(EXIT_USAGE, f"the post of {day} has gone out already")
        return occurrence.wall
    try:
        moment = resolve_schedule(raw, user_zone).utc
    except ScheduleError as exc:
        raise CliExit(EXIT_USAGE, f"WHEN: {exc}") from exc
    near = list(series.occurrences(moment - timedelta(minutes=1), moment + timedelta(minutes=1)))
    if not near:
        raise CliExit(EXIT_USAGE, f"series {stored.id} has no post at {local(moment, ctx.zone)}; "
                                  "`s200desk series list` shows its next one")  # fmt: skip
    return near[0].wall


async def _edit(ctx: Context, args: argparse.Namespace, service: SeriesService) -> int:
    from s200desk.cli.post_planning import repeat_rule

    if args.text is None and args.repeat is None:
        raise CliExit(EXIT_USAGE, "series edit: say what changes (--text, --repeat)")
    stored = await _series(service, args.id)
    try:
        rule = None if args.repeat is None else repeat_rule(args.repeat, until=None, count=None)
        count = await service.edit_future(stored.id, text=args.text, rule=rule)
    except RecurrenceError as exc:
        raise CliExit(EXIT_USAGE, f"--repeat: {exc}; nothing was changed") from exc
    sent = await _send(ctx, args, [group_of(stored.id)])
    if args.json:
        print(json.dumps({"id": stored.id, "taken_back": count,
                          "failed": [i.id for i in sent if i.state in FAILED]}))
    else:
        print(f"series {stored.id} changed: {count} future post(s) made again from the new "
              "version; past posts stay as they went out")
        _print_sent(ctx, args, sent)
    return _exit_for(sent)


async def _cancel(ctx: Context, args: argparse.Namespace, service: SeriesService) -> int:
    stored = await _series(service, args.id)
    count = await service.cancel(stored.id)
    sent = await _send(ctx, args, [group_of(stored.id)])
    if args.json:
        print(json.dumps({"id": stored.id, "taken_back": count}))
    else:
        print(f"series {stored.id} ended: {count} future post(s) taken back")
        _print_sent(ctx, args, [i for i in sent if i.kind is IntentKind.CANCEL])
    if stored.cancelled_at and not count:
        err(f"s200desk: series {stored.id} had been cancelled already")
    return _exit_for(sent)
