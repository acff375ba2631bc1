"""Local files named in ``--media`` or a CSV: checked, hosted for a public URL, ingested.

Through ``s200desk.services.media.MediaService`` (the same queue as the app's media library), so
an interrupted upload resumes and an unchanged file already in the library is not sent again.
Its API ingest is an outbox ``media_upload`` intent; while it runs, this process drives the
outbox (or, when the app holds the outbox, the app sends it and this waits).
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import httpx

from s200desk.services.outbox import OutboxBusy

NO_HOST = (
    "local files need a media host to get a public URL, and none is set up for this "
    "workspace: set one up in the app (Settings › Media hosting), or give a public URL "
    "(or a media-library file id) instead"
)


class LocalMedia:
    """Check and upload local files for one command run."""

    def __init__(self, ctx: Any) -> None:
        self.ctx = ctx
        self._http: httpx.AsyncClient | None = None
        self._service: Any = None
        self._host_problem: str | None = None
        self._checked: dict[str, str | None] = {}

    def _build(self) -> None:
        if self._service is not None or self._host_problem is not None:
            return
        try:
            from s200desk.services.media.host_settings import (
                HostCredentialStore,
                load_host_settings,
                make_host,
            )
            from s200desk.services.media.hosts import HostError
            from s200desk.services.media.service import MediaService
            from s200desk.store.media_repo import MediaRepo
        except ImportError:  # an install without the media layer
            self._host_problem = NO_HOST
            return
        ctx = self.ctx
        settings = load_host_settings(ctx.workspace_id)
        creds = HostCredentialStore(ctx.keystore).get(ctx.workspace_id) if ctx.keystore else None
        self._http = httpx.AsyncClient(timeout=httpx.Timeout(60.0, connect=15.0))
        http = self._http

        def host() -> Any:
            return make_host(
                settings, site_url=ctx.connection.site_url, credentials=creds, http=http
            )

        try:
            host()
        except HostError as exc:
            self._host_problem = exc.reason or NO_HOST  # web addresses still work
        self._service = MediaService(MediaRepo(ctx.db), ctx.service, host=host, http=http)

    def problem(self, path: str) -> str | None:
        """Why this file cannot be used (no host, missing, wrong type, too big), or None."""
        key = os.fspath(Path(path).expanduser().absolute())
        if key in self._checked:
            return self._checked[key]
        self._build()
        result: str | None = self._host_problem
        if result is None:
            from s200desk.services.media.validation import MediaRejected, check_file

            try:
                check_file(key)
            except MediaRejected as exc:
                result = exc.reason
        self._checked[key] = result
        return result

    @staticmethod
    def key(source: str) -> str:
        """How ``upload`` names a source in its answer: the URL, or the absolute path."""
        if source.lower().startswith(("http://", "https://")):
            return source
        return os.fspath(Path(source).expanduser().absolute())

    async def upload(self, sources: Iterable[str]) -> tuple[dict[str, str], list[str]]:
        """Upload each distinct file or URL; returns ({key(source): file_id}, [problems])."""
        wanted = list(dict.fromkeys(self.key(p) for p in sources))
        if not wanted:
            return {}, []
        self._build()
        if self._service is None:
            return {}, [f"{p}: {self._host_problem or NO_HOST}" for p in wanted]
        service = self._service
        from s200desk.services.media.validation import MediaRejected

        finished = asyncio.Event()

        async def until() -> bool:
            return finished.is_set()

        async def drive() -> None:
            try:
                await self.ctx.service.run(until=until)
            except OutboxBusy:
                await finished.wait()  # the app's sender does the ingest

        async def upload_all() -> tuple[dict[str, str], list[str]]:
            ids: dict[str, str] = {}
            problems: list[str] = []
            for path in wanted:
                try:
                    rec = await service.upload(path)
                except MediaRejected as exc:
                    problems.append(f"{path}: {exc.reason}")
                    continue
                if rec.state == "ready" and rec.file_id:
                    ids[path] = str(rec.file_id)
                else:
                    problems.append(f"{path}: {rec.error or rec.state}")
            return ids, problems

        uploads = asyncio.create_task(upload_all())
        runner = asyncio.create_task(drive())
        done, _ = await asyncio.wait({uploads, runner}, return_when=asyncio.FIRST_COMPLETED)
        if uploads not in done:  # the sender stopped first: the key was refused
            uploads.cancel()
            await asyncio.gather(uploads, return_exceptions=True)
            runner.result()
            raise RuntimeError("the outbox stopped before the media were uploaded")
        finished.set()
        await runner
        return uploads.result()

    async def library(self) -> list[Any]:
        """The workspace's media library, newest first."""
        self._build()
        return list(await self._service.library()) if self._service is not None else []

    async def close(self) -> None:
        if self._service is not None:
            await self._service.close()
        if self._http is not None:
            await self._http.aclose()
