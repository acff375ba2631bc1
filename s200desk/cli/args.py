"""Argument parsing for the command line; no network and no database here."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from typing import Any, NoReturn

from s200desk.cli import HELP_EPILOG
from s200desk.cli.registry import Command, command_list
from s200desk.services.outbox.model import PLATFORMS


class UsageError(Exception):
    """Bad arguments: exit code 2, nothing sent."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message}")


def parse_target(text: str, flag: str = "--to") -> tuple[str, str]:
    """``PLATFORM:@handle`` -> (platform, handle); ``flag`` names the argument in a message."""
    platform, sep, handle = text.partition(":")
    platform = platform.strip().lower()
    handle = handle.strip()
    if not sep or not platform or not handle:
        raise UsageError(f"{flag} {text!r}: use PLATFORM:@handle, e.g. tiktok:@mystudio")
    if platform not in PLATFORMS:
        raise UsageError(f"{flag} {text!r}: unknown platform {platform!r} ({', '.join(PLATFORMS)})")
    return platform, handle


def _value(text: str) -> Any:
    # true/false/numbers/JSON as themselves, anything else as the plain string.
    try:
        return json.loads(text)
    except ValueError:
        return text


def parse_options(pairs: list[str], blob: str | None) -> dict[str, dict[str, Any]]:
    """``--options '{"tiktok": {...}}'`` then ``--option tiktok.privacyLevel=SELF_ONLY`` on top."""
    out: dict[str, dict[str, Any]] = {}
    if blob:
        try:
            data = json.loads(blob)
        except ValueError as exc:
            raise UsageError(f"--options is not JSON: {exc}") from exc
        if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
            raise UsageError('--options takes {"platform": {"key": value, …}, …}')
        for platform, values in data.items():
            if platform not in PLATFORMS:
                raise UsageError(f"--options: unknown platform {platform!r}")
            out.setdefault(platform, {}).update(values)
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        platform, dot, name = key.partition(".")
        if not sep or not dot or not name:
            raise UsageError(f"--option {pair!r}: use platform.key=value")
        if platform not in PLATFORMS:
            raise UsageError(f"--option {pair!r}: unknown platform {platform!r}")
        out.setdefault(platform, {})[name] = _value(raw)
    return out


def _add_common(parser: argparse.ArgumentParser) -> None:
    """The options every command and sub-command takes."""
    parser.add_argument("--workspace", metavar="ID", help="workspace id (default: the active one)")
    parser.add_argument("--zone", metavar="TZ", help="IANA time zone for times without an offset")
    parser.add_argument("--json", action="store_true", help="machine-readable output on stdout")
    parser.add_argument(
        "--offline-timeout", type=float, default=120.0, metavar="SECONDS",
        help="give up (exit 4) when the server has not answered for this long (default 120)",
    )  # fmt: skip
    parser.add_argument("--concurrency", type=int, default=8, help="requests in flight at once")


def _sub_command(
    subparsers: argparse._SubParsersAction[Any], name: str, summary: str
) -> argparse.ArgumentParser:
    """``posts list``, ``media upload``: the shared options and the exit codes in its --help."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        name, help=summary, epilog=HELP_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    _add_common(parser)
    return parser


def build_parser(commands: Sequence[Command]) -> argparse.ArgumentParser:
    parser = _Parser(
        prog="s200desk",
        description="Schedule posts through the Status 200 Uploads API from the command line.",
        epilog=f"{command_list(commands)}\n\n{HELP_EPILOG}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    for command in commands:
        child = sub.add_parser(
            command.name, help=command.summary, epilog=HELP_EPILOG,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )  # fmt: skip
        _add_common(child)
        command.add_arguments(child)
        child.set_defaults(run=command.run)
    return parser


def add_post_arguments(post: argparse.ArgumentParser) -> None:
    post.add_argument("--to", action="append", required=True, metavar="PLATFORM:@handle",
                      help="a profile to post to; repeat for several")
    post.add_argument("--text", required=True, help="the caption")
    post.add_argument("--media", nargs="+", action="extend", default=[], metavar="MEDIA",
                      help="media in order: public URL, media-library file id, or local file "
                           "(uploaded to the workspace's media host)")
    post.add_argument("--at", metavar="WHEN",
                      help="'YYYY-MM-DD HH:MM' in your zone, or ISO-8601 with an offset; "
                           "default: now")
    post.add_argument("--overlap", choices=["earlier", "later"], default="earlier",
                      help="which instant a time that happens twice (DST fall-back) means")
    post.add_argument("--option", action="append", default=[], metavar="PLATFORM.KEY=VALUE",
                      help="a platform option, e.g. tiktok.privacyLevel=SELF_ONLY")
    post.add_argument("--options", metavar="JSON",
                      help='platform options as JSON: {"tiktok": {"privacyLevel": "…"}}')
    post.add_argument("--no-wait", action="store_true",
                      help="record the post in the outbox and exit without sending")
    from s200desk.cli.post_planning import add_planning_arguments

    add_planning_arguments(post)


def add_import_arguments(imp: argparse.ArgumentParser) -> None:
    imp.add_argument("file", metavar="FILE.csv")
    imp.add_argument("--dry-run", action="store_true", help="validate only; send nothing")
    imp.add_argument("--overlap", choices=["earlier", "later"], default="earlier")
    imp.add_argument(
        "--now-for-blank", action="store_true",
        help="rows with an empty scheduled_for, in a file where other rows have a time, are "
             "posted now; without this a terminal asks, and a script is refused (exit 2)",
    )  # fmt: skip


def add_posts_arguments(posts: argparse.ArgumentParser) -> None:
    from s200desk.cli.posts_commands import add_post_commands

    posts_sub = posts.add_subparsers(dest="posts_command",
                                     metavar="list|show|cancel|reschedule|edit",
                                     parser_class=_Parser)
    posts_sub.required = True
    plist = _sub_command(posts_sub, "list", "list posts, newest first")
    plist.add_argument("--platform", choices=PLATFORMS)
    plist.add_argument("--status", choices=["published", "failed", "scheduled", "pending",
                                            "cancelled"])
    plist.add_argument("--limit", type=int, default=20, help="how many (default 20; 0: all)")
    plist.add_argument("--offset", type=int, default=0)
    add_post_commands(posts_sub, _sub_command)


def add_media_arguments(media: argparse.ArgumentParser) -> None:
    media_sub = media.add_subparsers(dest="media_command", metavar="upload|list",
                                     parser_class=_Parser)
    media_sub.required = True
    upload = _sub_command(media_sub, "upload", "upload local files or public URLs; prints file ids")
    upload.add_argument("sources", nargs="+", metavar="PATH|URL")
    _sub_command(media_sub, "list", "the library, newest first")


def add_outbox_arguments(outbox: argparse.ArgumentParser) -> None:
    outbox.add_argument("action", nargs="?", default="list",
                        choices=["list", "retry", "discard", "run"])
    outbox.add_argument("id", nargs="?", help="intent id (a unique prefix is enough)")
    outbox.add_argument("--state", action="append",
                        choices=["pending", "sending", "done", "queued_for_next_day", "failed",
                                 "needs_attention", "discarded"],
                        help="only these states (repeatable)")
    outbox.add_argument("--all", action="store_true", help="include done and discarded items")


def parse(argv: list[str], commands: Sequence[Command] | None = None) -> argparse.Namespace:
    """``argv`` as a namespace whose ``run(args)`` runs the command; ``UsageError`` if wrong."""
    if commands is None:
        from s200desk.cli.commands import COMMANDS  # the registry needs this module first

        commands = COMMANDS
    if argv and not argv[0].startswith("-") and argv[0] not in {c.name for c in commands}:
        raise UsageError(f"s200desk: unknown command {argv[0]!r}\n\n{command_list(commands)}")
    args = build_parser(commands).parse_args(argv)
    if args.command == "outbox" and args.action in ("retry", "discard") and not args.id:
        raise UsageError(f"s200desk outbox {args.action}: which intent? give its ID")
    if getattr(args, "concurrency", 1) < 1:
        raise UsageError("--concurrency must be at least 1")
    return args
