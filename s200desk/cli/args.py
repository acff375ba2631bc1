"""Argument parsing for the command line; no network and no database here."""

from __future__ import annotations

import argparse
import json
from typing import Any, NoReturn

from s200desk.cli import HELP_EPILOG
from s200desk.services.outbox.model import PLATFORMS


class UsageError(Exception):
    """Bad arguments: exit code 2, nothing sent."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message}")


def parse_target(text: str) -> tuple[str, str]:
    """``PLATFORM:@handle`` -> (platform, handle)."""
    platform, sep, handle = text.partition(":")
    platform = platform.strip().lower()
    handle = handle.strip()
    if not sep or not platform or not handle:
        raise UsageError(f"--to {text!r}: use PLATFORM:@handle, e.g. tiktok:@mystudio")
    if platform not in PLATFORMS:
        raise UsageError(f"--to {text!r}: unknown platform {platform!r} ({', '.join(PLATFORMS)})")
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


def build_parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument("--workspace", metavar="ID", help="workspace id (default: the active one)")
    common.add_argument("--zone", metavar="TZ", help="IANA time zone for times without an offset")
    common.add_argument("--json", action="store_true", help="machine-readable output on stdout")
    common.add_argument(
        "--offline-timeout", type=float, default=120.0, metavar="SECONDS",
        help="give up (exit 4) when the server has not answered for this long (default 120)",
    )  # fmt: skip
    common.add_argument("--concurrency", type=int, default=8, help="requests in flight at once")

    parser = _Parser(
        prog="s200desk",
        description="Schedule posts through the Status 200 Uploads API from the command line.",
        epilog=HELP_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    post = sub.add_parser(
        "post", parents=[common], help="one post to one or more profiles",
        epilog=HELP_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
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

    imp = sub.add_parser(
        "import", parents=[common], help="schedule posts in bulk from a CSV file",
        epilog=HELP_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    imp.add_argument("file", metavar="FILE.csv")
    imp.add_argument("--dry-run", action="store_true", help="validate only; send nothing")
    imp.add_argument("--overlap", choices=["earlier", "later"], default="earlier")

    posts = sub.add_parser("posts", parents=[common], help="posts on the server")
    posts_sub = posts.add_subparsers(dest="posts_command",
                                     metavar="list|show|cancel|reschedule|edit",
                                     parser_class=_Parser)
    posts_sub.required = True
    plist = posts_sub.add_parser("list", parents=[common], help="list posts, newest first")
    plist.add_argument("--platform", choices=PLATFORMS)
    plist.add_argument("--status", choices=["published", "failed", "scheduled", "pending",
                                            "cancelled"])
    plist.add_argument("--limit", type=int, default=20, help="how many (default 20; 0: all)")
    plist.add_argument("--offset", type=int, default=0)
    from s200desk.cli.posts_commands import add_post_commands

    add_post_commands(posts_sub, common)

    media = sub.add_parser("media", parents=[common], help="the media library")
    media_sub = media.add_subparsers(dest="media_command", metavar="upload|list",
                                     parser_class=_Parser)
    media_sub.required = True
    upload = media_sub.add_parser(
        "upload", parents=[common], help="upload local files or public URLs; prints file ids"
    )
    upload.add_argument("sources", nargs="+", metavar="PATH|URL")
    media_sub.add_parser("list", parents=[common], help="the library, newest first")

    outbox = sub.add_parser("outbox", parents=[common], help="what is waiting to be sent")
    outbox.add_argument("action", nargs="?", default="list",
                        choices=["list", "retry", "discard", "run"])
    outbox.add_argument("id", nargs="?", help="intent id (a unique prefix is enough)")
    outbox.add_argument("--state", action="append",
                        choices=["pending", "sending", "done", "queued_for_next_day", "failed",
                                 "needs_attention", "discarded"],
                        help="only these states (repeatable)")
    outbox.add_argument("--all", action="store_true", help="include done and discarded items")
    return parser


def parse(argv: list[str]) -> argparse.Namespace:
    args = build_parser().parse_args(argv)
    if args.command == "outbox" and args.action in ("retry", "discard") and not args.id:
        raise UsageError(f"s200desk outbox {args.action}: which intent? give its ID")
    if getattr(args, "concurrency", 1) < 1:
        raise UsageError("--concurrency must be at least 1")
    return args
