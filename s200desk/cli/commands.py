"""The commands: post, import, posts list, media, outbox. Each returns an exit code.

``COMMANDS`` at the end is the one list of them (see ``registry``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from s200desk.cli import EXIT_AUTH, EXIT_OFFLINE, EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE
from s200desk.cli.args import (
    add_import_arguments,
    add_media_arguments,
    add_outbox_arguments,
    add_post_arguments,
    add_posts_arguments,
    parse,
    parse_options,
    parse_target,
)
from s200desk.cli.context import CliExit, Context, err, explain, patiently
from s200desk.cli.csv_import import ImportPlan, file_hash, read_plan
from s200desk.cli.failures import guarded
from s200desk.cli.local_media import LocalMedia
from s200desk.cli.output import (
    Progress,
    intent_line,
    intents_table,
    media_table,
    posts_table,
)
from s200desk.cli.output import local as in_zone
from s200desk.cli.planning_commands import add_queue_arguments, add_series_arguments
from s200desk.cli.post_planning import (
    check_planning_arguments,
    create_series,
    first_occurrence,
    queue_times,
    series_json,
    series_rule,
)
from s200desk.cli.registry import Command
from s200desk.cli.sync_command import add_sync_arguments
from s200desk.services.outbox import (
    Intent,
    IntentKind,
    IntentState,
    MediaRef,
    OutboxBusy,
    PostSpec,
    SenderBlocked,
    plan_posts,
)
from s200desk.services.planning.recurrence import repeat_wall, series_time
from s200desk.services.planning.series_service import SeriesService, group_of
from s200desk.services.scheduling import (
    ScheduleError,
    parse_iso_utc,
    resolve_schedule,
    to_iso_z,
)
from s200desk.services.validation import PlatformRules, validate_post

log = logging.getLogger(__name__)

FAILED = {IntentState.FAILED, IntentState.NEEDS_ATTENTION}


def run(argv: list[str]) -> int:
    """Parse, run, and turn whatever stops the command into a message and an exit code."""
    return guarded(lambda: _parse_and_run(argv))


def _parse_and_run(argv: list[str]) -> int:
    try:
        args = parse(argv, COMMANDS)
    except SystemExit as exc:  # --help
        return int(exc.code or 0)
    return asyncio.run(args.run(args))


def _open(args: argparse.Namespace) -> Context:
    return Context.open(
        workspace=args.workspace, zone=args.zone, concurrency=args.concurrency,
        offline_timeout=args.offline_timeout,
    )  # fmt: skip


async def _with_context(
    args: argparse.Namespace, command: Callable[[Context, argparse.Namespace], Awaitable[int]]
) -> int:
    ctx = _open(args)
    try:
        return await command(ctx, args)
    finally:
        await ctx.close()


async def run_post(args: argparse.Namespace) -> int:
    # Arguments are checked before anything is opened: a typo costs no network.
    targets = [parse_target(t) for t in args.to]
    options = parse_options(args.option, args.options)
    check_planning_arguments(args)
    return await _with_context(args, lambda ctx, a: cmd_post(ctx, a, targets, options))


async def run_import(args: argparse.Namespace) -> int:
    return await _with_context(args, cmd_import)


async def run_posts(args: argparse.Namespace) -> int:
    if args.posts_command == "list":
        return await _with_context(args, cmd_posts_list)
    from s200desk.cli.posts_commands import cmd_posts  # show, cancel, reschedule, edit

    return await _with_context(args, cmd_posts)


async def run_media(args: argparse.Namespace) -> int:
    return await _with_context(args, cmd_media)


async def run_outbox(args: argparse.Namespace) -> int:
    return await _with_context(args, cmd_outbox)


async def run_sync(args: argparse.Namespace) -> int:
    from s200desk.cli.sync_command import cmd_sync

    return await _with_context(args, cmd_sync)


async def run_queue(args: argparse.Namespace) -> int:
    from s200desk.cli.planning_commands import cmd_queue

    return await _with_context(args, cmd_queue)


async def run_series(args: argparse.Namespace) -> int:
    from s200desk.cli.planning_commands import cmd_series

    return await _with_context(args, cmd_series)


async def _rules(ctx: Context) -> PlatformRules:
    """Profiles and platforms from the server: the checks need them (and it proves the key)."""
    profiles = await patiently(ctx.client.profiles.list)
    platforms = await patiently(ctx.client.platforms.list)
    return PlatformRules.from_api(platforms, profiles)


async def _drain(
    ctx: Context, group_id: str, *, label: str, json_out: bool
) -> dict[str, int]:
    progress = Progress(label, quiet=json_out)
    try:
        counts = await ctx.service.drain(
            group_id, on_progress=progress.update, offline_timeout=ctx.offline_timeout
        )
    except SenderBlocked as exc:
        progress.done()
        if exc.kind in ("auth", "identity"):  # said in the user's words by the outbox
            raise CliExit(EXIT_AUTH, str(exc)) from exc
        raise CliExit(
            EXIT_OFFLINE,
            f"{exc}; what was recorded is sent next time (s200desk outbox run)",
        ) from exc
    progress.update(counts, force=True)
    progress.done()
    return counts


def _exit_for(intents: list[Intent]) -> int:
    return EXIT_SOME_FAILED if any(i.state in FAILED for i in intents) else EXIT_OK


# ---------------------------------------------------------------------------- post


async def cmd_post(
    ctx: Context,
    args: argparse.Namespace,
    targets: list[tuple[str, str]],
    options: dict[str, dict[str, Any]],
) -> int:
    scheduled_for = None
    first_wall = rule = None
    if args.at:
        try:
            when = resolve_schedule(args.at, ctx.zone, overlap=args.overlap)
        except ScheduleError as exc:
            raise CliExit(EXIT_USAGE, f"--at: {exc}") from exc
        scheduled_for = when.iso_z
        if when.note and not args.json:
            err(f"note: {when.note}")
        if args.repeat:
            first_wall = repeat_wall(args.at, ctx.zone)  # as typed, not as resolved
            if series_time(first_wall, ctx.zone) != when.utc.replace(second=0, microsecond=0):
                raise CliExit(EXIT_USAGE, (
                    f"--at: {first_wall:%Y-%m-%d %H:%M} happens twice in {ctx.zone}, and a "
                    "repeating post goes out at the earlier one "
                    f"({in_zone(series_time(first_wall, ctx.zone), ctx.zone)}), not the later "
                    "you chose. Start the series at another time, or post that one on its own; "
                    "nothing was sent"))
            rule = series_rule(args, first_wall, ctx.zone)
            start = first_occurrence(rule, first_wall, ctx.zone)
            if start is not None and start != when.utc and not args.json:
                err(f"note: --at is not a day of the rule; the first post is at "
                    f"{in_zone(start, ctx.zone)}")
    slots: dict[tuple[str, str], datetime] = {}
    if args.queue:
        targets, slots = await queue_times(ctx, targets)
    media = tuple(MediaRef.parse(m) for m in args.media)
    local = LocalMedia(ctx)
    for ref in media:
        if ref.path is not None:
            why = local.problem(ref.path)
            if why:
                await local.close()
                raise CliExit(EXIT_USAGE, f"--media {ref.path}: {why}")
    unused = set(options) - {p for p, _ in targets}
    if unused:
        raise CliExit(EXIT_USAGE, f"options given for {', '.join(sorted(unused))} but no --to")
    specs = [
        PostSpec(account_id=handle, platform=platform, text=args.text, media=media,
                 scheduled_for=to_iso_z(slots[(platform, handle)]) if slots else scheduled_for,
                 options=options.get(platform, {}))
        for platform, handle in targets
    ]  # fmt: skip
    rules = await _rules(ctx)
    problems = [
        f"{spec.platform}:{spec.account_id}: {problem}"
        for spec in specs
        for problem in validate_post(spec, rules)
    ]
    if problems:
        for line in problems:
            err(line)
        await local.close()
        raise CliExit(EXIT_USAGE, "nothing was sent")
    from s200desk.cli.quota_warning import full_day_warnings

    if not slots:  # a queue slot is on a day with room already
        # On stderr even with --json: a warning is for the person, the JSON for the script.
        await full_day_warnings(ctx, [((s.platform, s.account_id), when_of(s)) for s in specs])
    try:
        specs = await _with_local_media(ctx, local, specs, json_out=args.json)
    finally:
        await local.close()
    if rule is not None and first_wall is not None:
        return await _post_series(ctx, args, specs, rule, first_wall)
    if slots and not args.json:
        for platform, handle in dict.fromkeys(targets):
            print(f"{platform}:{handle}: next free queue slot "
                  f"{in_zone(slots[(platform, handle)], ctx.zone)}")
    intents = plan_posts(specs)
    group = intents[0].group_id or ""
    await ctx.service.submit(intents)
    if args.no_wait:
        _print_result(await ctx.service.list(group_id=group), args.json, ctx.zone)
        return EXIT_OK
    await _drain(ctx, group, label="post", json_out=args.json)
    final = await ctx.service.list(group_id=group)
    _print_result(final, args.json, ctx.zone)
    return _exit_for(final)


async def _post_series(
    ctx: Context, args: argparse.Namespace, specs: list[PostSpec], rule: str, first: datetime
) -> int:
    """One series per profile; its posts within the horizon recorded, then sent."""
    made = await create_series(ctx, specs, rule, first, args.horizon)
    for stored in [] if args.no_wait else made:
        await _drain(ctx, group_of(stored.id), label=f"series {stored.id}", json_out=args.json)
    views = {v.stored.id: v for v in await SeriesService(ctx.db, ctx.service).list()}
    out, everything = [], []
    for stored in made:
        intents = await ctx.service.list(group_id=group_of(stored.id))
        everything += intents
        view = views.get(stored.id)
        next_at = to_iso_z(view.next.utc) if view and view.next else None
        if args.json:
            out.append(series_json(stored, next_at, [_intent_json(i) for i in intents]))
            continue
        creates = [i for i in intents if i.kind is IntentKind.CREATE]
        print(f"series {stored.id} for {stored.platform}:{stored.account_id} ({stored.rule}, "
              f"{stored.zone}): {len(creates)} post(s) in the next {stored.horizon_days} days")
        for intent in creates:
            print(f"  {intent_line(intent, ctx.zone)}")
    if args.json:
        print(json.dumps({"series": out}, indent=2))
    return _exit_for(everything)


async def _with_local_media(
    ctx: Context, local: LocalMedia, specs: list[PostSpec], *, json_out: bool
) -> list[PostSpec]:
    """Upload the local files the posts name and put their file ids in their place."""
    paths = [m.path for s in specs for m in s.media if m.path is not None]
    if not paths:
        return specs
    if not json_out:
        err(f"uploading {len(set(paths))} local file(s)…")
    try:
        ids, problems = await local.upload(paths)
    except SenderBlocked as exc:
        code = EXIT_AUTH if exc.kind == "auth" else EXIT_OFFLINE
        raise CliExit(code, str(exc)) from exc
    except Exception as exc:  # the host or the network gave out mid-upload
        reason = getattr(exc, "reason", None) or str(exc) or type(exc).__name__
        raise CliExit(
            EXIT_OFFLINE,
            f"uploading local files stopped: {reason}; run the command again to resume",
        ) from exc
    if problems:
        for line in problems:
            err(line)
        raise CliExit(EXIT_SOME_FAILED, "some local files could not be uploaded; no post was sent")

    def swap(ref: MediaRef) -> MediaRef:
        if ref.path is None:
            return ref
        return MediaRef(file_id=ids[LocalMedia.key(ref.path)])

    return [replace(s, media=tuple(swap(m) for m in s.media)) for s in specs]


def when_of(spec: PostSpec) -> datetime | None:
    return parse_iso_utc(spec.scheduled_for) if spec.scheduled_for else None


def _print_result(intents: list[Intent], json_out: bool, zone: str) -> None:
    creates = [i for i in intents if i.kind is IntentKind.CREATE]
    if json_out:
        print(json.dumps([_intent_json(i) for i in intents], indent=2))
        return
    for intent in creates:
        print(intent_line(intent, zone))
    for intent in intents:
        if intent.kind is IntentKind.MEDIA_UPLOAD and intent.state in FAILED:
            print(intent_line(intent, zone))


def _intent_json(i: Intent) -> dict[str, Any]:
    return {
        "id": i.id, "kind": i.kind.value, "state": i.state.value, "platform": i.platform,
        "account_id": i.account_id, "post_id": i.post_id, "queued_for": i.queued_for,
        "attempts": i.attempts, "last_error": i.last_error, "error_code": i.last_error_code,
        "source_key": i.source_key, "group_id": i.group_id, "created_at": i.created_at,
        "updated_at": i.updated_at, "payload": i.payload,
    }  # fmt: skip


# ---------------------------------------------------------------------------- import


async def cmd_import(ctx: Context, args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        raise CliExit(EXIT_USAGE, f"{path}: no such file")
    # Rows an earlier (interrupted) run recorded are not checked again: they are in the outbox,
    # and their times may have passed meanwhile.
    group_id = ImportPlan(file_hash=file_hash(path.read_bytes())).group_id
    recorded = await ctx.service.list(group_id=group_id)
    done_rows = frozenset(
        int(i.source_key.rsplit(":", 1)[1])
        for i in recorded
        if i.source_key and i.kind is IntentKind.CREATE
    )
    rules = await _rules(ctx)
    local = LocalMedia(ctx)
    try:
        plan = read_plan(path, zone=ctx.zone, rules=rules, overlap=args.overlap,
                         skip_rows=done_rows, local_problem=local.problem)  # fmt: skip
        if plan.errors:
            for error in plan.errors:
                err(f"{path.name}:{error}")
            raise CliExit(EXIT_USAGE, f"{len(plan.errors)} problem(s); nothing was sent")
        if not args.json:
            for note in plan.notes:
                err(f"note: {note}")
        if plan.untimed_rows and not args.now_for_blank:
            _confirm_untimed(path.name, plan.untimed_rows, dry_run=args.dry_run)
        if args.dry_run:
            print(f"{len(plan.specs)} row(s) valid; nothing sent (--dry-run)")
            return EXIT_OK
        if done_rows and not args.json:
            err(f"resuming: {len(done_rows)} row(s) were recorded by an earlier run")
        specs = await _with_local_media(
            ctx, local, [spec for _, spec in plan.specs], json_out=args.json
        )
    finally:
        await local.close()
    if plan.specs:
        intents = plan_posts(
            specs,
            group_id=plan.group_id,
            source_keys=[plan.source_key(row) for row, _ in plan.specs],
            media_key_prefix=plan.group_id,
        )
        await ctx.service.submit(intents)
    counts = await _drain(ctx, plan.group_id, label=path.name, json_out=args.json)
    final = await ctx.service.list(group_id=plan.group_id)
    failed = [i for i in final if i.state in FAILED]
    if args.json:
        print(json.dumps({"group_id": plan.group_id, "counts": counts,
                          "failed": [_intent_json(i) for i in failed]}, indent=2))
    else:
        creates = [i for i in final if i.kind is IntentKind.CREATE]
        queued = [i for i in creates if i.state is IntentState.QUEUED_FOR_NEXT_DAY]
        done = [i for i in creates if i.state is IntentState.DONE]
        print(f"{path.name}: {len(done)} posted/scheduled, {len(queued)} queued for the next "
              f"day, {len(failed)} failed, of {len(creates)} row(s)")
        for intent in failed:
            row = intent.source_key.rsplit(":", 1)[1] if intent.source_key else "?"
            print(f"  row {row}: {intent_line(intent, ctx.zone)}")
    return _exit_for(final)


def _rows_text(rows: list[int]) -> str:
    shown = ", ".join(str(r) for r in rows[:10])
    return shown + (f" and {len(rows) - 10} more" if len(rows) > 10 else "")


def _confirm_untimed(name: str, rows: list[int], *, dry_run: bool) -> None:
    """Rows without a time among timed ones: a slip more often than "now". Ask, or refuse."""
    what = (f"{name}: row(s) {_rows_text(rows)} have no scheduled_for while other rows have "
            "one; they would be posted now")  # fmt: skip
    if dry_run:
        err(f"note: {what} (a real run asks, or needs --now-for-blank)")
        return
    if sys.stdin.isatty() and sys.stderr.isatty():
        err(what + ".")
        try:
            answer = input("Post them now? [y/N] ")
        except EOFError:
            answer = ""
        if answer.strip().lower() in {"y", "yes"}:
            return
        raise CliExit(EXIT_USAGE, "nothing was sent; give those rows a time, or run again "
                                  "with --now-for-blank")  # fmt: skip
    raise CliExit(
        EXIT_USAGE,
        f"{what}. Nothing was sent: give those rows a time, or run again with --now-for-blank "
        "to post them now.",
    )


# ---------------------------------------------------------------------------- posts list


async def cmd_posts_list(ctx: Context, args: argparse.Namespace) -> int:
    kwargs: dict[str, Any] = {"platform": args.platform, "status": args.status}
    try:
        if args.limit == 0:
            posts = await ctx.client.posts.list_all(**kwargs)
            total = len(posts)
        else:
            page = await ctx.client.posts.list(limit=args.limit, offset=args.offset, **kwargs)
            posts, total = page.posts, page.total
    except Exception as exc:
        raise explain(exc) from exc
    if args.json:
        print(json.dumps({"posts": [p.model_dump(mode="json") for p in posts], "total": total},
                         indent=2))
    else:
        print(posts_table(posts, ctx.zone))
        print(f"{len(posts)} of {total}")
    return EXIT_OK


# ---------------------------------------------------------------------------- outbox


async def _find(ctx: Context, prefix: str) -> Intent:
    matches = [i for i in await ctx.service.list() if i.id.startswith(prefix)]
    if not matches:
        raise CliExit(EXIT_USAGE, f"no outbox item {prefix!r}")
    if len(matches) > 1:
        raise CliExit(EXIT_USAGE, f"{prefix!r} matches {len(matches)} items; give more of the id")
    return matches[0]


async def cmd_outbox(ctx: Context, args: argparse.Namespace) -> int:
    if args.action == "list":
        states = [IntentState(s) for s in args.state] if args.state else None
        items = await ctx.service.list(states)
        if not args.all and not args.state:
            items = [i for i in items if i.state not in {IntentState.DONE, IntentState.DISCARDED}]
        if args.json:
            print(json.dumps([_intent_json(i) for i in items], indent=2))
        else:
            print(intents_table(items, ctx.zone) if items else "the outbox is empty")
        return EXIT_OK
    if args.action == "discard":
        intent = await _find(ctx, args.id)
        gone = await ctx.service.discard(intent.id)
        if gone is None:
            state = intent.state.value
            raise CliExit(EXIT_USAGE, f"{intent.id} is {state}; it cannot be discarded")
        print(f"discarded {intent.id}")
        return EXIT_OK
    if args.action == "retry":
        intent = await _find(ctx, args.id)
        again = await ctx.service.retry(intent.id)
        if again is None:
            raise CliExit(EXIT_USAGE, f"{intent.id} is {intent.state.value}; nothing to retry")
        return await _run_until(ctx, args, lambda i: i.id == intent.id or i.id in intent.depends_on)
    return await _run_until(ctx, args, lambda i: True)


async def _run_until(
    ctx: Context, args: argparse.Namespace, mine: Callable[[Intent], bool]
) -> int:
    """Send until the chosen intents settle; the rest of the outbox goes along. Intents of
    another key or server are not sent (and not waited for); the user is told about them."""
    progress = Progress("outbox", quiet=args.json)
    watch: set[str] | None = None
    to_send: set[str] = set()
    started = time.monotonic()

    async def settled() -> bool:
        nonlocal watch
        if watch is None:  # first asked once the sender has settled what is this key's
            owns = ctx.service.store.owns
            chosen = [i for i in await ctx.service.list() if mine(i) and owns(i)]
            watch = {i.id for i in chosen}
            to_send.update(i.id for i in chosen if not i.settled)
        items = [i for i in await ctx.service.list() if i.id in watch]
        counts: dict[str, int] = {}
        for i in items:
            counts[i.state.value] = counts.get(i.state.value, 0) + 1
        progress.update(counts)
        since = ctx.service.sender.offline_since
        if since is not None and time.monotonic() - started > ctx.offline_timeout:
            raise SenderBlocked("offline", "the server cannot be reached")
        return all(i.settled for i in items)

    try:
        await ctx.service.run(until=settled)
    except OutboxBusy as exc:
        raise CliExit(EXIT_USAGE, f"{exc}; it sends these too") from exc
    except SenderBlocked as exc:
        code = EXIT_AUTH if exc.kind == "auth" else EXIT_OFFLINE
        raise CliExit(code, str(exc)) from exc
    finally:
        progress.done()
    final = [i for i in await ctx.service.list() if i.id in (watch or ())]
    if args.json:
        print(json.dumps([_intent_json(i) for i in final], indent=2))
    else:
        for intent in final:
            print(intent_line(intent, ctx.zone))
    if ctx.service.waiting:
        # Told on stderr when the sender started (Context's on_waiting).
        return EXIT_AUTH if not to_send else max(_exit_for(final), EXIT_SOME_FAILED)
    return _exit_for(final)


# ---------------------------------------------------------------------------- media


async def cmd_media(ctx: Context, args: argparse.Namespace) -> int:
    local = LocalMedia(ctx)
    try:
        if args.media_command == "list":
            records = await local.library()
            if args.json:
                print(json.dumps([{
                    "id": r.id, "name": r.name, "state": r.state, "file_id": r.file_id,
                    "type": r.mime, "size": r.size, "error": r.error,
                } for r in records], indent=2))  # fmt: skip
            else:
                print(media_table(records) if records else "the media library is empty")
            return EXIT_OK
        for source in args.sources:
            if not source.lower().startswith(("http://", "https://")):
                why = local.problem(source)
                if why:
                    raise CliExit(EXIT_USAGE, f"{source}: {why}")
        try:
            ids, problems = await local.upload(args.sources)
        except SenderBlocked as exc:
            code = EXIT_AUTH if exc.kind == "auth" else EXIT_OFFLINE
            raise CliExit(code, str(exc)) from exc
        if args.json:
            print(json.dumps({"file_ids": ids, "problems": problems}, indent=2))
        else:
            for source in args.sources:
                file_id = ids.get(LocalMedia.key(source))
                if file_id:
                    print(f"{source}  {file_id}")
            for line in problems:
                err(line)
        return EXIT_SOME_FAILED if problems else EXIT_OK
    finally:
        await local.close()


# ---------------------------------------------------------------------------- the list

COMMANDS: tuple[Command, ...] = (
    Command("post", "one post to one or more profiles", add_post_arguments, run_post),
    Command("import", "schedule posts in bulk from a CSV file", add_import_arguments, run_import),
    Command("posts", "posts on the server (list, show, cancel, reschedule, edit)",
            add_posts_arguments, run_posts),
    Command("media", "the media library (upload, list)", add_media_arguments, run_media),
    Command("outbox", "what is waiting to be sent (list, retry, discard, run)",
            add_outbox_arguments, run_outbox),
    Command("sync", "bring this computer's copy up to date (--full: every post)",
            add_sync_arguments, run_sync),
    Command("queue", "a profile's posting slots (slots, next)", add_queue_arguments, run_queue),
    Command("series", "recurring posts (list, top-up, skip, edit, cancel)", add_series_arguments,
            run_series),
)  # fmt: skip
