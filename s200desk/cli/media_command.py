"""``s200desk media upload PATH_OR_URL …`` and ``s200desk media list``: the app's media services.

A local file is checked by content, hosted (the workspace's S3-compatible bucket, or the emulator
when talking to it), then ingested through the outbox; a web address goes straight to the API.
The file ids are printed one per line on stdout (``--json`` for all fields); progress goes to
stderr. Interrupted? Run it again, or start the app: unfinished uploads resume.

Exit codes as for every command: 0 all ready, 1 some failed (the reasons on stderr, e.g. no media
host set up), 2 every file refused before anything was sent, 3 key refused, 4 offline.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Sequence
from typing import Any

from s200desk.cli import EXIT_AUTH, EXIT_OFFLINE, EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE

USAGE = "s200desk media {upload PATH_OR_URL [PATH_OR_URL …] | list} [--json] [--workspace ID]"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="s200desk media", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    for name, text in (("upload", "upload files or web addresses to the media library"),
                       ("list", "what the media library holds")):
        p = sub.add_parser(name, help=text)
        p.add_argument("--workspace", metavar="ID", help="workspace id (default: the active one)")
        p.add_argument("--json", action="store_true", help="machine-readable output on stdout")
        p.add_argument("--offline-timeout", type=float, default=120.0, metavar="SECONDS")
        if name == "upload":
            p.add_argument("sources", nargs="+", metavar="PATH_OR_URL")
    return parser


def main(argv: Sequence[str]) -> int:
    """Run ``media …`` (``argv`` without the words ``s200desk media``); returns the exit code."""
    try:
        args = build_parser().parse_args(list(argv))
    except SystemExit as exc:
        return int(exc.code or 0) if exc.code in (0, None) else EXIT_USAGE
    from s200desk.cli.context import CliExit

    try:
        return asyncio.run(_run(args))
    except CliExit as exc:
        print(f"s200desk: {exc.message}", file=sys.stderr, flush=True)
        return exc.code
    except KeyboardInterrupt:
        print("s200desk: interrupted; unfinished uploads resume next time", file=sys.stderr)
        return 130


def _record_json(rec: Any) -> dict[str, Any]:
    return {
        "id": rec.id, "name": rec.name, "state": rec.state, "file_id": rec.file_id,
        "type": rec.mime, "size": rec.size, "public_url": rec.public_url, "error": rec.error,
    }  # fmt: skip


async def _run(args: argparse.Namespace) -> int:
    import httpx

    from s200desk.cli.context import Context, workspace_id_for
    from s200desk.services.media import (
        HostCredentialStore,
        MediaService,
        load_host_settings,
        make_host,
    )
    from s200desk.store.media_repo import MediaRepo

    ctx = Context.open(workspace=args.workspace, zone=None, concurrency=4,
                       offline_timeout=args.offline_timeout)
    http = httpx.AsyncClient()
    try:
        wid = workspace_id_for(ctx.settings, ctx.connection, args.workspace)
        host_settings = load_host_settings(wid)
        try:
            from s200desk.secrets import KeyStore

            creds = HostCredentialStore(KeyStore()).get(wid)
        except Exception:  # no keyring at all: only the demo host can work
            creds = None

        def host() -> Any:
            return make_host(host_settings, site_url=ctx.connection.site_url,
                             credentials=creds, http=http)

        media = MediaService(MediaRepo(ctx.db), ctx.service, host=host, http=http,
                             key_prefix=host_settings.key_prefix)
        if args.action == "list":
            records = await media.library()
            if args.json:
                print(json.dumps([_record_json(r) for r in records], indent=2))
            else:
                for r in records:
                    print(f"{r.file_id or '-':38} {r.state:10} {r.mime or '?':16} {r.name}")
            return EXIT_OK
        return await _upload(ctx, media, args)
    finally:
        await http.aclose()
        await ctx.close()


async def _upload(ctx: Any, media: Any, args: argparse.Namespace) -> int:
    from s200desk.cli.context import CliExit
    from s200desk.services.media import HostError, MediaRejected
    from s200desk.services.outbox import OutboxBusy, SenderBlocked

    recs = []
    refused = 0
    for source in args.sources:
        try:
            recs.append(await media.add(source))
        except MediaRejected as exc:
            refused += 1
            print(f"refused: {exc.reason}", file=sys.stderr, flush=True)
    if refused and not recs:
        return EXIT_USAGE

    def progress_for(name: str) -> Any:
        last = [-1]

        def show(sent: int, total: int) -> None:
            pct = sent * 100 // max(total, 1)
            if pct != last[0] and not args.json:
                last[0] = pct
                end = "\n" if sent >= total else ""
                print(f"\r{name}: {pct}%", end=end, file=sys.stderr, flush=True)

        return show

    async def work() -> list[Any]:
        out = []
        for rec in recs:
            if rec.ready:
                out.append(rec)
                continue
            try:
                out.append(await media.process(rec.id, progress=progress_for(rec.name)))
            except HostError as exc:
                print(f"{rec.name}: {exc.reason}", file=sys.stderr, flush=True)
                out.append(await media.repo.get(rec.id))
        return out

    task = asyncio.ensure_future(work())
    # The sender loop sleeps while idle; wake it when our uploads are through so it returns.
    task.add_done_callback(lambda _t: ctx.service.wake())

    async def finished() -> bool:
        since = ctx.service.sender.offline_since
        if since is not None and (
            (ctx.service._now() - since).total_seconds() > ctx.offline_timeout
        ):
            raise SenderBlocked("offline", "the server cannot be reached")
        return task.done()

    try:
        await ctx.service.run(until=finished, poll=0.1, idle_poll=0.25)
    except OutboxBusy:
        pass  # the app is sending this workspace's outbox: it sends ours too
    except SenderBlocked as exc:
        task.cancel()
        code = EXIT_AUTH if exc.kind == "auth" else EXIT_OFFLINE
        raise CliExit(code, f"{exc}; unfinished uploads resume next time") from exc
    done = await task
    if args.json:
        print(json.dumps([_record_json(r) for r in done if r is not None], indent=2))
    for rec in done:
        if rec is None:
            continue
        if rec.state == "ready":
            if not args.json:
                print(rec.file_id)
        else:
            print(f"{rec.name}: {rec.error or rec.state}", file=sys.stderr, flush=True)
    failed = refused + sum(1 for r in done if r is None or r.state != "ready")
    return EXIT_SOME_FAILED if failed else EXIT_OK


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
