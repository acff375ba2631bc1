"""MediaUploader: what a DropZone was given, through the MediaService, shown row by row.

Each source is checked (refused ones show their reason and go nowhere), queued, and started as a
service task; progress reaches the row and the library model as bytes leave; a row's ✕ cancels
that upload alone. Every coroutine goes through the app's TaskKeeper.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from s200desk.services.media import HostError, MediaRejected, MediaService, PlatformLimits
from s200desk.store.media_repo import MediaRecord
from s200desk.ui.media.drop_zone import DropZone, UploadRow
from s200desk.ui.qt import QObject, Signal
from s200desk.ui.tasks import TaskKeeper

PROGRESS_EVERY = 0.05  # seconds between repaints of one row


def display_name(source: str) -> str:
    if source.lower().startswith(("http://", "https://")):
        parts = urlsplit(source)
        return unquote(parts.path.rsplit("/", 1)[-1]) or parts.netloc
    return Path(source).name or source


class MediaUploader(QObject):
    """Runs uploads for one drop zone; tells listeners about every item that became ready."""

    media_ready = Signal(object)  # MediaRecord with a file_id
    source_ready = Signal(str, object)  # the path or URL given, and its ready MediaRecord
    media_refused = Signal(str, str)  # source, reason
    progress = Signal(str, float)  # media id, 0..1

    def __init__(
        self,
        service: MediaService,
        tasks: TaskKeeper,
        zone: DropZone | None = None,
        *,
        platforms: Callable[[], Sequence[PlatformLimits]] | None = None,
        any_platform: bool = False,
        parent: QObject | None = None,
    ) -> None:
        """``any_platform``: a file is refused only when none of ``platforms()`` takes it."""
        super().__init__(parent)
        self.service = service
        self.tasks = tasks
        self.platforms = platforms
        self.any_platform = any_platform
        self.zones: list[DropZone] = []
        self.running: dict[str, asyncio.Task[Any]] = {}
        if zone is not None:
            self.attach(zone)

    def attach(self, zone: DropZone) -> None:
        self.zones.append(zone)
        zone.sources_dropped.connect(lambda sources, z=zone: self.add_sources(sources, z))

    def add_sources(self, sources: Sequence[str], zone: DropZone | None = None) -> list[Any]:
        zone = zone or (self.zones[0] if self.zones else None)
        started = []
        for source in sources:
            row = zone.add_row(display_name(source)) if zone is not None else None
            name = f"media-add:{display_name(source)}"
            task = self.tasks.start(self._one(source, row), name=name)
            self.running[source] = task
            task.add_done_callback(self._forget(source))
            started.append(task)
        return started

    def _forget(self, source: str) -> Callable[[asyncio.Task[Any]], None]:
        def done(_task: asyncio.Task[Any]) -> None:
            self.running.pop(source, None)

        return done

    async def _one(self, source: str, row: UploadRow | None) -> MediaRecord | None:
        limits = list(self.platforms()) if self.platforms else []
        try:
            rec = await self.service.add(
                source, platforms=limits, any_platform=self.any_platform
            )
        except MediaRejected as exc:
            if row is not None:
                row.set_refused(exc.reason)
            self.media_refused.emit(source, exc.reason)
            return None
        if rec.ready:
            if row is not None:
                row.set_ready(rec.file_id or "", reused=True)
            self.media_ready.emit(rec)
            self.source_ready.emit(source, rec)
            return rec

        last = 0.0

        def on_progress(sent: int, total: int) -> None:
            nonlocal last
            now = time.monotonic()
            if sent < total and now - last < PROGRESS_EVERY:
                return
            last = now
            if row is not None:
                row.set_progress(sent, total)
            self.progress.emit(rec.id, sent / max(total, 1))

        if row is not None:
            row.set_state("Waiting…" if rec.source == "file" else "Asking the API to fetch it…")
            row.cancel_requested.connect(
                lambda: self.tasks.start(self.service.cancel(rec.id), name=f"media-cancel:{rec.id}")
            )
        task = self.service.start(rec.id, progress=on_progress)
        try:
            done = await asyncio.shield(task)
        except asyncio.CancelledError:
            if task.cancelled() or task.done():
                if row is not None:
                    row.set_cancelled()
                return None
            raise  # the app is closing: the service resumes it next time
        except HostError as exc:
            if row is not None:
                row.set_failed(exc.reason + " It will be tried again.")
            return None
        if row is not None:
            if done.state == "ready":
                row.set_ready(done.file_id or "")
            elif done.state == "cancelled":
                row.set_cancelled()
            else:
                row.set_failed(done.error or "Failed.")
        if done.state == "ready":
            self.media_ready.emit(done)
            self.source_ready.emit(source, done)
        return done
