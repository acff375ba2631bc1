"""``s200desk sync [--full] [--json]``: one sync of the workspace's store, what a cron job calls.

A quick sync reads new posts and those that can still change; ``--full`` reads every post and
removes what the server no longer lists (a full pass also runs by itself once a day).
"""

from __future__ import annotations

import argparse
import json

from s200desk.cli import EXIT_AUTH, EXIT_OFFLINE, EXIT_OK, EXIT_SOME_FAILED
from s200desk.cli.context import CliExit, Context
from s200desk.services.events import ChangeBus
from s200desk.services.sync import SyncError, SyncErrorKind, SyncService
from s200desk.services.user_words import describe_error

_EXIT_FOR = {
    SyncErrorKind.AUTH: EXIT_AUTH,
    SyncErrorKind.OFFLINE: EXIT_OFFLINE,
}


def add_sync_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--full", action="store_true",
        help="read every post and remove those the server no longer lists "
             "(otherwise only new posts and those that can still change)",
    )  # fmt: skip


async def cmd_sync(ctx: Context, args: argparse.Namespace) -> int:
    service = SyncService(ctx.client, ctx.db, ChangeBus())
    try:
        result = await service.sync_all(full=True if args.full else None)
    except SyncError as error:
        code = _EXIT_FOR.get(error.kind, EXIT_SOME_FAILED)
        raise CliExit(code, f"sync failed: {describe_error(error)}") from error
    summary = result.summary()
    if args.json:
        print(json.dumps(summary))
    else:
        kind = "full" if result.full else "quick"
        print(
            f"{kind} sync in {summary['seconds']:.2f} s: {summary['requests']} requests, "
            f"{summary['fetched']} posts read, {summary['changed']} changed, "
            f"{summary['removed']} removed"
        )
    # A first sync fills the search index after it is done; a process that exits now would
    # leave that to the app's next sync (searches scan meanwhile): finish it here.
    await service.search_index_filled()
    return EXIT_OK
