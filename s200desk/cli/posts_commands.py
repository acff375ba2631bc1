"""``s200desk posts show|cancel|reschedule|edit ID``: the post lifecycle from the command line.

The same ``PostLifecycle`` the calendar and the posts list call: a reschedule or an edit records
a replacement built from the full post read by id when it is sent, then the original's cancel;
``--json`` prints the new post's id. Arguments are checked before anything is sent (exit 2).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from s200desk.api.errors import NotFoundError, Status200Error
from s200desk.api.types.platform_options import OPTIONS_BY_PLATFORM
from s200desk.api.types.posts import Post
from s200desk.cli import EXIT_OFFLINE, EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE
from s200desk.cli.args import parse_options
from s200desk.cli.context import CliExit, Context, err, explain
from s200desk.cli.output import local
from s200desk.cli.quota_warning import full_day_warnings
from s200desk.services.lifecycle.outcome import Outcome
from s200desk.services.lifecycle.service import CannotChange, PostLifecycle, Submitted
from s200desk.services.option_labels import labelled_options
from s200desk.services.outbox.derive import PostChanges, full_spec, refusal
from s200desk.services.outbox.model import MediaRef
from s200desk.services.post_rules import happens_at
from s200desk.services.quotas import utc_day
from s200desk.services.scheduling import ScheduleError, parse_iso_utc, resolve_schedule
from s200desk.store.repos import PostsRepo

VERBS = ("show", "cancel", "reschedule", "edit")


def add_post_commands(
    posts_sub: Any, sub_command: Callable[[Any, str, str], argparse.ArgumentParser]
) -> None:
    """``posts show|cancel|reschedule|edit`` beside ``posts list``; ``sub_command`` makes each
    one's parser with the shared options."""
    show = sub_command(posts_sub, "show", "one post with everything it has (media, options)")
    show.add_argument("id", metavar="ID")
    cancel = sub_command(posts_sub, "cancel", "cancel a scheduled post")
    cancel.add_argument("id", metavar="ID")
    move = sub_command(
        posts_sub, "reschedule",
        "move a scheduled post; everything else it has stays (prints the new post id)",
    )  # fmt: skip
    move.add_argument("id", metavar="ID")
    move.add_argument("--at", metavar="WHEN", required=True,
                      help="'YYYY-MM-DD HH:MM' in your zone, or ISO-8601 with an offset")
    move.add_argument("--overlap", choices=["earlier", "later"], default="earlier")
    edit = sub_command(
        posts_sub, "edit",
        "change a scheduled post; what you do not name stays (prints the new post id)",
    )  # fmt: skip
    edit.add_argument("id", metavar="ID")
    edit.add_argument("--text", help="the new caption")
    edit.add_argument("--at", metavar="WHEN", help="the new time")
    edit.add_argument("--overlap", choices=["earlier", "later"], default="earlier")
    edit.add_argument("--option", action="append", default=[], metavar="PLATFORM.KEY=VALUE",
                      help="set one option, e.g. youtube.visibility=private; "
                           "PLATFORM.KEY= (empty) removes it")
    edit.add_argument("--media", nargs="+", action="extend", default=None, metavar="MEDIA",
                      help="replace the media, in order: public URL, file id or local file")


async def cmd_posts(ctx: Context, args: argparse.Namespace) -> int:
    if args.posts_command == "show":
        return await _show(ctx, args)
    if args.posts_command == "cancel":
        return await _cancel(ctx, args)
    return await _replace(ctx, args)


# ---------------------------------------------------------------------------- reading


async def _read(ctx: Context, post_id: str) -> Any:
    """The full post from the server (kept in the store); a missing id is the user's error."""
    try:
        post = await ctx.client.posts.get(post_id)
    except NotFoundError as exc:
        raise CliExit(EXIT_USAGE, f"no post {post_id!r} on the server") from exc
    except Status200Error as exc:
        raise explain(exc) from exc
    await PostsRepo(ctx.db).store_details(post)
    return post


def post_json(post: Any) -> dict[str, Any]:
    data: dict[str, Any] = post.model_dump(mode="json")
    when = happens_at(str(post.status), post.scheduled_for, post.published_at, post.created_at)
    data["happens_at"] = when.isoformat().replace("+00:00", "Z") if when else None
    return data


def post_text(post: Any, zone: str) -> str:
    when = happens_at(str(post.status), post.scheduled_for, post.published_at, post.created_at)
    lines = [
        f"{post.id}",
        f"  platform   {post.platform}",
        f"  account    {post.account_id or ''}",
        f"  status     {post.status}",
        f"  when       {local(when, zone)}",
    ]
    if post.scheduled_for and post.published_at and post.scheduled_for != post.published_at:
        lines.append(f"  planned    {local(post.scheduled_for, zone)}")
    lines.append(f"  caption    {post.caption or ''}")
    for index, item in enumerate(post.media, 1):
        lines.append(f"  media {index}    {item.file_id}  {item.type or ''}".rstrip())
    for label, value in labelled_options(str(post.platform), post.platform_options):
        lines.append(f"  {label}: {value}")
    return "\n".join(lines)


async def _show(ctx: Context, args: argparse.Namespace) -> int:
    try:
        post = await _read(ctx, args.id)
        code = EXIT_OK
    except CliExit as exc:
        # Offline: the copy this computer kept (a full read, when there was one) still shows.
        stored = await PostsRepo(ctx.db).get(args.id) if exc.code == EXIT_OFFLINE else None
        if stored is None or stored.raw is None:
            raise
        post = Post.model_validate(stored.raw)
        code = EXIT_OFFLINE
        err(f"s200desk: {exc.message}; showing the copy kept on this computer"
            + ("" if stored.has_details else " (without its platform options)"))
    print(json.dumps(post_json(post), indent=2) if args.json else post_text(post, ctx.zone))
    return code


# ---------------------------------------------------------------------------- writing


async def _settle(ctx: Context, lifecycle: PostLifecycle, submitted: Submitted,
                  json_out: bool) -> Outcome:
    from s200desk.cli.commands import _drain

    await _drain(ctx, submitted.group_id, label=f"posts {submitted.kind}", json_out=json_out)
    return lifecycle.outcome(submitted, await ctx.service.list(group_id=submitted.group_id))


async def _cancel(ctx: Context, args: argparse.Namespace) -> int:
    lifecycle = PostLifecycle(ctx.service)
    submitted = await lifecycle.cancel(args.id)
    outcome = await _settle(ctx, lifecycle, submitted, args.json)
    if args.json:
        print(json.dumps({"post_id": args.id, "cancelled": outcome.ok,
                          "reason": outcome.reason}, indent=2))
    elif outcome.ok:
        print(f"cancelled {args.id}")
    if not outcome.ok:
        err(f"s200desk: {outcome.reason}")
        return EXIT_SOME_FAILED
    return EXIT_OK


def _when(ctx: Context, args: argparse.Namespace) -> datetime | None:
    if not args.at:
        return None
    try:
        resolved = resolve_schedule(args.at, ctx.zone, overlap=args.overlap)
    except ScheduleError as exc:
        raise CliExit(EXIT_USAGE, f"--at: {exc}") from exc
    if resolved.note and not args.json:
        err(f"note: {resolved.note}")
    return resolved.utc


def _changes(ctx: Context, args: argparse.Namespace, post: Any) -> PostChanges:
    """What the command line asks to change, checked against the post's platform."""
    when = _when(ctx, args)
    scheduled = when.isoformat().replace("+00:00", "Z") if when else None
    if args.posts_command == "reschedule":
        return PostChanges(scheduled_for=scheduled)
    platform = str(post.platform)
    updates: dict[str, Any] = {}
    for platform_name, values in parse_options(args.option, None).items():
        if platform_name != platform:
            raise CliExit(EXIT_USAGE, f"--option {platform_name}.…: this is a {platform} post")
        updates.update({k: (None if v == "" else v) for k, v in values.items()})
    media = None if args.media is None else tuple(MediaRef.parse(m) for m in args.media)
    changes = PostChanges(text=args.text, scheduled_for=scheduled, media=media,
                          option_updates=updates or None)
    if changes.empty:
        raise CliExit(EXIT_USAGE, "nothing to change: give --text, --at, --option or --media")
    return changes


def _check_options(post: Any, changes: PostChanges) -> None:
    """The post as it will be sent must pass the platform's option rules (before sending)."""
    spec = full_spec(post, changes)
    model = next((m for k, m in OPTIONS_BY_PLATFORM.items()
                  if getattr(k, "value", k) == spec.platform), None)
    if model is None:
        return
    try:
        model.model_validate(spec.options)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or spec.platform}: {e['msg']}"
            for e in exc.errors()
        )
        raise CliExit(EXIT_USAGE, f"{spec.platform} options: {problems}; nothing was sent") from exc


async def _local_media(ctx: Context, changes: PostChanges, post: Any, json_out: bool
                       ) -> PostChanges:
    """Local files are uploaded to the media host first; URLs go through the outbox."""
    if changes.media is None or not any(m.path for m in changes.media):
        return changes
    from s200desk.cli.commands import _with_local_media
    from s200desk.cli.local_media import LocalMedia

    media_host = LocalMedia(ctx)
    try:
        for ref in changes.media:
            if ref.path and (why := media_host.problem(ref.path)):
                raise CliExit(EXIT_USAGE, f"--media {ref.path}: {why}")
        [spec] = await _with_local_media(ctx, media_host, [full_spec(post, changes)],
                                         json_out=json_out)
    finally:
        await media_host.close()
    return replace(changes, media=spec.media)


async def _replace(ctx: Context, args: argparse.Namespace) -> int:
    post = await _read(ctx, args.id)
    why = refusal(post)
    if why is not None:
        raise CliExit(EXIT_USAGE, f"post {args.id} can no longer be changed: {why}")
    changes = _changes(ctx, args, post)
    _check_options(post, changes)
    changes = await _local_media(ctx, changes, post, args.json)
    if changes.scheduled_for is not None:
        target = parse_iso_utc(changes.scheduled_for)
        if post.scheduled_for is None or utc_day(post.scheduled_for) != utc_day(target):
            await full_day_warnings(
                ctx, [((str(post.platform), str(post.account_id)), target)]
            )
    lifecycle = PostLifecycle(ctx.service)
    try:
        submitted = await lifecycle.edit(args.id, changes, account_id=post.account_id,
                                         platform=str(post.platform))
    except CannotChange as exc:
        raise CliExit(EXIT_USAGE, str(exc)) from exc
    outcome = await _settle(ctx, lifecycle, submitted, args.json)
    if args.json:
        print(json.dumps({
            "post_id": outcome.post_id if outcome.ok else None,
            "replaces": args.id,
            "scheduled_for": _iso(outcome.scheduled_for),
            "queued_for": _iso(outcome.queued_for),
            "ok": outcome.ok,
            "reason": outcome.reason,
        }, indent=2))  # fmt: skip
    elif outcome.ok:
        landed = outcome.queued_for or outcome.scheduled_for
        print(f"post {outcome.post_id} replaces {args.id}, scheduled for {local(landed, ctx.zone)}")
        if outcome.queued_for is not None:
            print("the day was full: the server queued it for the next free day")
        if outcome.reason:
            err(outcome.reason)
    if not outcome.ok:
        err(f"s200desk: {outcome.reason}; {args.id} stays as it was")
        return EXIT_SOME_FAILED
    return EXIT_OK


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat().replace("+00:00", "Z") if moment else None
