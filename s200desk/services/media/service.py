"""The media library as the UI and the command line use it: add, upload, cancel, resume.

A local file goes: checked by content (nothing recorded or sent when it fails) → ``queued`` row →
``hosting`` (presigned PUT, streamed) → ``hosted`` (public URL known) → ``ingesting`` (an outbox
``media_upload`` intent holds the API call, so it survives a crash like every other write) →
``ready`` with the API's ``file_id``. A web address skips the hosting. Each arrow is one committed
row change, so ``resume()`` at start-up picks every item up where it stood: a file whose hosting
was interrupted is PUT again under the same key (idempotent) if it is unchanged on disk, or
reported if it moved or changed.

The outbox is driven by whoever runs it (the app's sender loop, ``s200desk media upload``); this
service submits the intent, wakes the outbox and watches the intent settle.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import filetype
import httpx
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    wait_chain,
    wait_fixed,
)

from s200desk.services.events import Change, ChangeBus
from s200desk.services.media.hosts import HostError, MediaHost, Progress
from s200desk.services.media.validation import (
    EXTENSIONS,
    IMAGE_TYPES,
    SNIFF_BYTES,
    SUPPORTED,
    VIDEO_TYPES,
    CheckedMedia,
    MediaRejected,
    PlatformLimits,
    check_file,
    check_for_platforms,
    human_size,
    limit_for,
    platform_problems,
)
from s200desk.services.outbox import IntentState, media_upload_intent
from s200desk.store.media_repo import ACTIVE_MEDIA_STATES, MediaRecord, MediaRepo

log = logging.getLogger(__name__)

MEDIA: str = "media"  # Change kind: ids are media item ids added or changed
MEDIA_REMOVED: str = "media_removed"
INGEST_POLL = 0.05
INGEST_POLL_MAX = 1.0


class MediaService:
    """One workspace's media library and upload queue."""

    def __init__(
        self,
        repo: MediaRepo,
        outbox: Any,
        *,
        host: MediaHost | Callable[[], MediaHost] | None,
        bus: ChangeBus | None = None,
        http: httpx.AsyncClient | None = None,
        key_prefix: str = "s200desk/",
    ) -> None:
        self.repo = repo
        self.outbox = outbox
        self._host = host
        self.bus = bus
        self._http = http
        self.key_prefix = key_prefix
        self._tasks: dict[str, asyncio.Task[MediaRecord]] = {}
        self._user_cancelled: set[str] = set()
        self._progress: dict[str, Progress] = {}
        # Waits before sending a file again after a network failure or a 5xx from the host.
        self.retry_delays: tuple[float, ...] = (2.0, 8.0, 30.0)

    # ------------------------------------------------------------------ helpers

    def _publish(self, *ids: str, kind: str = MEDIA) -> None:
        if self.bus is not None:
            self.bus.publish(Change(kind, ids))

    def host(self) -> MediaHost:
        """The media host; HostNotConfigured (a HostError) when local files cannot go anywhere."""
        from s200desk.services.media.hosts import HostNotConfigured

        if self._host is None:
            raise HostNotConfigured()
        if hasattr(self._host, "put"):
            return self._host  # type: ignore[return-value]
        return self._host()

    async def _set(self, media_id: str, **changes: Any) -> MediaRecord:
        rec = await self.repo.update(media_id, **changes)
        if rec is None:
            raise KeyError(media_id)
        self._publish(media_id)
        return rec

    def _key_for(self, media_id: str, mime: str) -> str:
        day = datetime.now(UTC)
        return f"{self.key_prefix}{day:%Y/%m}/{media_id}{EXTENSIONS.get(mime, '')}"

    # ------------------------------------------------------------------ adding

    async def add_file(
        self, path: str | os.PathLike[str], *, platforms: Sequence[PlatformLimits] = (),
        any_platform: bool = False,
    ) -> MediaRecord:
        """Check a local file and queue it; MediaRejected (nothing recorded) when it cannot go.

        The same unchanged file already in the library is not uploaded again: its record, with
        its ``file_id``, is returned.
        """
        p = Path(path).expanduser().absolute()
        checked: CheckedMedia = await asyncio.to_thread(check_file, p)
        if platforms:
            check_for_platforms(checked, platforms, any_platform=any_platform)
        mtime = p.stat().st_mtime
        same = await self.repo.find_ready_copy(str(p), checked.size, mtime)
        if same is not None:
            return same
        media_id = uuid.uuid4().hex
        rec = MediaRecord(
            id=media_id, source="file", name=p.name, state="queued", path=str(p),
            file_mtime=mtime, mime=checked.mime, size=checked.size,
            host_key=self._key_for(media_id, checked.mime),
        )  # fmt: skip
        rec = await self.repo.insert(rec)
        self._publish(rec.id)
        return rec

    async def add(
        self, source: str | os.PathLike[str], *, platforms: Sequence[PlatformLimits] = (),
        any_platform: bool = False,
    ) -> MediaRecord:
        """``add_url`` for http(s) addresses, ``add_file`` for paths (and ``file://`` URLs).

        ``platforms``: refused when one of them cannot take it (``any_platform``: when none can).
        """
        text = os.fspath(source)
        if text.lower().startswith(("http://", "https://")):
            return await self.add_url(text, platforms=platforms, any_platform=any_platform)
        if text.lower().startswith("file://"):
            text = unquote(urlsplit(text).path)
        return await self.add_file(text, platforms=platforms, any_platform=any_platform)

    async def add_url(
        self, url: str, *, platforms: Sequence[PlatformLimits] = (), any_platform: bool = False
    ) -> MediaRecord:
        """Queue a web address for the API to fetch; checks what can be checked without it."""
        url = url.strip()
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise MediaRejected(
                "bad_url", f"“{url[:80]}” is not a web address (it must start with https://)."
            )
        name = unquote(parts.path.rsplit("/", 1)[-1]) or parts.hostname
        mime, size = await self._probe_url(url, name)
        if mime and size is not None and platforms:
            problems = platform_problems(mime, size, platforms)
            if problems and (not any_platform or len(problems) >= len(platforms)):
                raise MediaRejected("platform_limit", f"“{name}”: " + " ".join(problems))
        rec = MediaRecord(
            id=uuid.uuid4().hex, source="url", name=name, state="hosted", source_url=url,
            public_url=url, mime=mime, size=size,
        )  # fmt: skip
        rec = await self.repo.insert(rec)
        self._publish(rec.id)
        return rec

    async def _probe_url(self, url: str, name: str) -> tuple[str | None, int | None]:
        """Sniff the first bytes of a web file (best effort: the API has the last word)."""
        if self._http is None:
            return None, None
        try:
            async with self._http.stream(
                "GET", url, headers={"Range": f"bytes=0-{SNIFF_BYTES - 1}"}, timeout=10.0,
                follow_redirects=True,
            ) as resp:  # fmt: skip
                if resp.status_code in (404, 410):
                    raise MediaRejected(
                        "url_unavailable",
                        f"“{name}” cannot be fetched from its web address "
                        f"(the site answered {resp.status_code}: not found).",
                    )
                if resp.status_code >= 400:
                    return None, None  # may be refusing only us; the API fetches it itself
                head = b""
                async for chunk in resp.aiter_bytes():
                    head += chunk
                    if len(head) >= SNIFF_BYTES:
                        break
                total = _total_size(resp.headers)
        except httpx.HTTPError:
            return None, None  # cannot look from here; the API fetches it itself
        if not head:
            raise MediaRejected("empty", f"“{name}” is empty at its web address.")
        kind = filetype.guess(head)
        if kind is None or kind.mime not in IMAGE_TYPES | VIDEO_TYPES:
            what = f"a {kind.extension.upper()} file" if kind else "not a picture or video"
            raise MediaRejected(
                "unsupported", f"“{name}” is {what}. Only {SUPPORTED} files can be uploaded."
            )
        mime = str(kind.mime)
        if total is not None and total > limit_for(mime):
            kind_words = "images" if mime in IMAGE_TYPES else "videos"
            raise MediaRejected(
                "too_large",
                f"“{name}” is {human_size(total)}; {kind_words} can be at most "
                f"{limit_for(mime) // (1024 * 1024)} MB.",
            )
        return mime, total

    # ------------------------------------------------------------------ running

    def start(
        self, media_id: str, *, progress: Progress | None = None
    ) -> asyncio.Task[MediaRecord]:
        """Run ``process`` as a task kept by the service (``cancel`` stops it)."""
        task = self._tasks.get(media_id)
        if task is not None and not task.done():
            return task
        if progress is not None:
            self._progress[media_id] = progress
        task = asyncio.create_task(self.process(media_id), name=f"media:{media_id}")
        self._tasks[media_id] = task
        task.add_done_callback(self._task_done)
        return task

    def _task_done(self, task: asyncio.Task[MediaRecord]) -> None:
        media_id = task.get_name().removeprefix("media:")
        if self._tasks.get(media_id) is task:
            del self._tasks[media_id]
        if not task.cancelled() and task.exception() is not None:
            # Retrieved here so a task nobody awaits (resume at start-up) is never silent.
            log.error("media upload %s stopped", media_id, exc_info=task.exception())

    async def upload(
        self,
        source: str | os.PathLike[str],
        *,
        progress: Progress | None = None,
        platforms: Sequence[PlatformLimits] = (),
    ) -> MediaRecord:
        """Add a path or URL and take it all the way (``ready`` or ``failed``)."""
        rec = await self.add(source, platforms=platforms)
        if rec.ready:
            return rec
        if progress is not None:
            self._progress[rec.id] = progress
        return await self.process(rec.id)

    async def process(self, media_id: str, *, progress: Progress | None = None) -> MediaRecord:
        """Take one item from wherever it stands to ``ready`` or ``failed``."""
        if progress is not None:
            self._progress[media_id] = progress
        rec = await self.repo.get(media_id)
        if rec is None:
            raise KeyError(media_id)
        try:
            if rec.state in ("queued", "hosting"):
                rec = await self._host_file(rec)
            if rec.state == "hosted":
                rec = await self._submit_ingest(rec)
            if rec.state == "ingesting":
                rec = await self._await_ingest(rec)
            return rec
        except asyncio.CancelledError:
            if media_id in self._user_cancelled:
                self._user_cancelled.discard(media_id)
                await asyncio.shield(self._cancelled(media_id))
            # Otherwise the app is closing: the row stays where it is and resume() goes on.
            raise
        finally:
            self._progress.pop(media_id, None)

    async def _host_file(self, rec: MediaRecord) -> MediaRecord:
        assert rec.path is not None and rec.host_key is not None and rec.mime is not None
        path = Path(rec.path)
        try:
            st = path.stat()
        except OSError:
            return await self._fail(rec, "moved", f"“{rec.name}” is no longer where it was "
                                    f"({rec.path}); add it again.")  # fmt: skip
        if st.st_size != rec.size or (rec.file_mtime is not None and st.st_mtime != rec.file_mtime):
            # Changed since it was checked: check it again rather than upload unchecked bytes.
            try:
                checked = await asyncio.to_thread(check_file, path)
            except MediaRejected as exc:
                return await self._fail(rec, exc.code, exc.reason)
            rec = await self._set(rec.id, size=checked.size, mime=checked.mime,
                                  file_mtime=st.st_mtime)  # fmt: skip
        try:
            host = self.host()
        except HostError as exc:
            return await self._fail(rec, exc.code, exc.reason)
        rec = await self._set(rec.id, state="hosting", host_kind=host.name, error=None,
                              error_code=None, sent_bytes=0)  # fmt: skip
        size = rec.size or 0
        user_progress = self._progress.get(rec.id)

        def progress(sent: int, total: int) -> None:
            if user_progress is not None:
                user_progress(sent, total)

        async def note_failure(state: RetryCallState) -> None:
            failed = state.outcome.exception() if state.outcome is not None else None
            if isinstance(failed, HostError):
                await self._set(rec.id, error=failed.reason, error_code=failed.code)

        # Same key on every attempt, so sending again is idempotent: nothing doubles on the host.
        retrying = AsyncRetrying(
            retry=retry_if_exception(lambda exc: isinstance(exc, HostError) and exc.retryable),
            stop=stop_after_attempt(len(self.retry_delays) + 1),
            wait=wait_chain(*(wait_fixed(delay) for delay in self.retry_delays)),
            before_sleep=note_failure, reraise=True,
        )  # fmt: skip
        try:
            async for attempt in retrying:
                with attempt:
                    url = await host.put(
                        path, rec.host_key or "",
                        content_type=rec.mime or "application/octet-stream",
                        size=size, progress=progress,
                    )  # fmt: skip
        except HostError as exc:
            if not exc.retryable:
                return await self._fail(rec, exc.code, exc.reason)
            # Said plainly and kept: retry() (or the next start) sends it again.
            return await self._fail(rec, exc.code, exc.reason.replace(
                "; the upload will be tried again", "") + " Try again later.")
        return await self._set(rec.id, state="hosted", public_url=url, sent_bytes=size)

    async def _submit_ingest(self, rec: MediaRecord) -> MediaRecord:
        assert rec.public_url is not None
        intent = media_upload_intent(
            rec.public_url, name=rec.name, group_id=f"media:{rec.id}",
            source_key=f"media:{rec.id}",
        )
        # Keyed by the item: after a crash between these two writes, submitting again finds the
        # intent already recorded instead of adding a second one.
        stored = await self.outbox.submit([intent])
        return await self._set(rec.id, state="ingesting", intent_id=stored[0].id)

    async def _await_ingest(self, rec: MediaRecord) -> MediaRecord:
        assert rec.intent_id is not None
        self.outbox.wake()
        poll = INGEST_POLL
        while True:
            intent = await self.outbox.get(rec.intent_id)
            if intent is None:
                return await self._fail(rec, "lost", "its upload was removed from the outbox")
            if intent.state is IntentState.DONE:
                result = intent.result or {}
                return await self._set(
                    rec.id, state="ready", file_id=str(result.get("file_id")),
                    mime=str(result.get("type") or rec.mime or ""),
                    size=int(result.get("size") or rec.size or 0), error=None, error_code=None,
                )  # fmt: skip
            if intent.state in (
                IntentState.FAILED, IntentState.NEEDS_ATTENTION, IntentState.DISCARDED
            ):
                why = intent.last_error or intent.state.value
                return await self._fail(rec, intent.last_error_code or "api",
                                        f"The API did not take “{rec.name}”: {why}")  # fmt: skip
            # Quick at first (a loopback emulator answers in milliseconds), then gentle.
            await asyncio.sleep(poll)
            poll = min(poll * 1.5, INGEST_POLL_MAX)

    async def _fail(self, rec: MediaRecord, code: str, reason: str) -> MediaRecord:
        log.info("media %s failed: %s", rec.id, code)
        return await self._set(rec.id, state="failed", error=reason, error_code=code)

    async def _cancelled(self, media_id: str) -> None:
        rec = await self.repo.get(media_id)
        if rec is None:
            return
        if rec.intent_id:
            with contextlib.suppress(Exception):
                intent = await self.outbox.get(rec.intent_id)
                if intent is not None and intent.state is IntentState.PENDING:
                    await self.outbox.discard(rec.intent_id)
        await self.repo.update(
            media_id, expect=ACTIVE_MEDIA_STATES, state="cancelled", error="Cancelled.",
            error_code="cancelled",
        )  # fmt: skip
        self._publish(media_id)

    # ------------------------------------------------------------------ the user's verbs

    async def cancel(self, media_id: str) -> None:
        """Stop an upload the user no longer wants (its row says ``cancelled``)."""
        task = self._tasks.get(media_id)
        if task is not None and not task.done():
            self._user_cancelled.add(media_id)
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
            return
        await self._cancelled(media_id)

    async def retry(self, media_id: str) -> asyncio.Task[MediaRecord]:
        """Send a failed or cancelled item again from the step it had reached."""
        rec = await self.repo.get(media_id)
        if rec is None:
            raise KeyError(media_id)
        if rec.state in ("failed", "cancelled"):
            if rec.intent_id:
                await self.outbox.retry(rec.intent_id)
                state = "ingesting"
            else:
                state = "hosted" if rec.public_url else "queued"
            await self._set(media_id, state=state, error=None, error_code=None)
        return self.start(media_id)

    async def remove(self, media_id: str) -> bool:
        """Forget an item locally (the API has no media delete; its file_id stays usable)."""
        await self.cancel(media_id)
        gone = await self.repo.delete(media_id)
        if gone:
            self._publish(media_id, kind=MEDIA_REMOVED)
        return gone

    async def resume(self) -> list[asyncio.Task[MediaRecord]]:
        """At start-up: carry on with every item a previous run left unfinished."""
        left = await self.repo.list(ACTIVE_MEDIA_STATES)
        return [self.start(rec.id) for rec in reversed(left)]

    async def library(self, *, limit: int | None = None) -> list[MediaRecord]:
        return await self.repo.list(limit=limit)

    async def close(self) -> None:
        """Stop running uploads without marking them cancelled: resume() continues them."""
        tasks = [t for t in self._tasks.values() if not t.done()]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(BaseException):
                await task


def _total_size(headers: httpx.Headers) -> int | None:
    rng = headers.get("content-range", "")
    if "/" in rng:
        total = rng.rsplit("/", 1)[1].strip()
        if total.isdigit():
            return int(total)
    length = headers.get("content-length", "")
    return int(length) if length.isdigit() and "content-range" not in headers else None


def open_media_service(
    db: Any,
    client: Any,
    outbox: Any,
    *,
    workspace_id: str,
    site_url: str,
    http: httpx.AsyncClient,
    bus: ChangeBus | None = None,
    keystore: Any = None,
) -> MediaService:
    """The media service of one open workspace, its host chosen from its settings.

    The host is chosen on each upload (``make_host``), so settings or keys changed while the app
    runs take effect at once; with the emulator as the API (demo mode) it is the host.
    """
    from s200desk.services.media.host_settings import (
        HostCredentialStore,
        load_host_settings,
        make_host,
    )

    creds = HostCredentialStore(keystore) if keystore is not None else None

    def host() -> MediaHost:
        settings = load_host_settings(workspace_id)
        return make_host(settings, site_url=site_url, http=http,
                         credentials=creds.get(workspace_id) if creds else None)

    prefix = load_host_settings(workspace_id).key_prefix
    return MediaService(MediaRepo(db), outbox, host=host, bus=bus, http=http, key_prefix=prefix)
