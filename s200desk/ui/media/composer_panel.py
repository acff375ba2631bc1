"""ComposerMediaPanel: the composer's media box — a drop zone over the attached strip.

Whatever is dropped, pasted or picked here is checked against the platforms the post goes to,
uploaded with per-file progress and cancel, and attached when it has its file id — in the order
it was given, whichever upload finishes first;
items dragged in from the Media library are attached where they are dropped. ``media_refs()`` is
what goes into ``PostSpec.media``: the order the user sees is the order of ``mediaID``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from s200desk.services.media import MediaService, PlatformLimits
from s200desk.services.outbox import MediaRef
from s200desk.store.media_repo import MediaRecord
from s200desk.ui.media.attached import AttachedMediaList
from s200desk.ui.media.drop_zone import DropZone
from s200desk.ui.media.uploader import MediaUploader
from s200desk.ui.qt import QVBoxLayout, QWidget, Signal
from s200desk.ui.tasks import TaskKeeper

Limits = Callable[[], Sequence[PlatformLimits]]
# Told of each ready item with the row it would go to; True when it placed the item itself
# (the composer spreads a drop over the platforms that take each file).
Placer = Callable[[MediaRecord, "int | None"], bool]


class ComposerMediaPanel(QWidget):
    media_changed = Signal(list)  # file ids, in publishing order
    picked = Signal()  # library items were picked: a new batch for the placer

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("composerMediaPanel")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.drop_zone = DropZone(
            self, title="Drop pictures or videos (files or web addresses), paste, or choose files. "
            "Drag them below to set the order.",
        )  # fmt: skip
        self.attached = AttachedMediaList(parent=self)
        self.attached.setMaximumHeight(130)
        lay.addWidget(self.drop_zone)
        lay.addWidget(self.attached)
        self.service: MediaService | None = None
        self.tasks: TaskKeeper | None = None
        self.uploader: MediaUploader | None = None
        self.placer: Placer | None = None
        self._given: dict[str, int] = {}  # source -> when it was given (drop order)
        self._source_of: dict[str, str] = {}  # file id -> source it came from
        self.drop_zone.sources_dropped.connect(self._on_given)
        self.attached.order_changed.connect(self.media_changed.emit)
        self.attached.library_ids_dropped.connect(self._on_library_ids)

    def set_service(self, service: MediaService | None, tasks: TaskKeeper | None, *,
                    platforms: Limits | None = None, placer: Placer | None = None) -> None:
        """Use a workspace's media service; ``platforms()`` gives the target platforms' limits.

        With a ``placer`` a file is refused only when none of those platforms takes it, and the
        placer decides where it goes."""
        self.placer = placer
        if self.uploader is not None:
            self.uploader.deleteLater()
            self.uploader = None
        self.service, self.tasks = service, tasks
        if tasks is not None:
            self.attached.media.thumbnails.use_tasks(tasks)
        if service is None or tasks is None:
            return
        self.uploader = MediaUploader(service, tasks, self.drop_zone, platforms=platforms,
                                      any_platform=placer is not None, parent=self)
        self.uploader.source_ready.connect(self._on_source_ready)

    # -- the composer's verbs --------------------------------------------------------------

    def attach(self, rec: MediaRecord, row: int | None = None) -> bool:
        """Attach a ready library item (a second time does nothing)."""
        return self.attached.media.add(rec, row)

    def _on_given(self, sources: list[str]) -> None:
        for source in sources:
            self._given.setdefault(source, len(self._given))

    def _on_source_ready(self, source: str, rec: MediaRecord) -> None:
        # Uploads finish in any order; a dropped item goes before the first attached item that
        # was given after it, so several files dropped together keep their order.
        mine = self._given.get(source, len(self._given))
        row = None
        for i, item in enumerate(self.attached.media.items()):
            other = self._source_of.get(item.file_id or "")
            if other is not None and self._given.get(other, -1) > mine:
                row = i
                break
        if rec.file_id:
            self._source_of[rec.file_id] = source
        if self.placer is not None and self.placer(rec, row):
            return
        self.attach(rec, row)

    def _on_library_ids(self, ids: list[str], row: int) -> None:
        if self.service is None or self.tasks is None:
            return
        self.tasks.start(self.attach_file_ids(ids, row, place=True), name="media-attach")

    async def attach_file_ids(
        self, ids: Sequence[str], row: int | None = None, *, place: bool = False
    ) -> None:
        """Attach library items by file id (a draft reopened, a drag from the library).

        ``place``: the user picked them now, so the placer (if any) spreads them over the
        platforms like a drop; a reopened draft's media are put back as they were."""
        if self.service is None:
            return
        found = await self.service.repo.by_file_ids(list(ids))
        if place and self.placer is not None:
            self.picked.emit()
        at = row
        for file_id in ids:
            rec = found.get(file_id)
            if rec is None:
                # Known to the API but not to this library (typed in, or from another device).
                rec = MediaRecord(id=file_id, source="url", name=file_id, state="ready",
                                  file_id=file_id)
            if place and self.placer is not None and self.placer(rec, at):
                continue
            if self.attach(rec, at) and at is not None:
                at += 1

    def file_ids(self) -> list[str]:
        return self.attached.file_ids()

    def media_refs(self) -> tuple[MediaRef, ...]:
        return self.attached.media_refs()

    def problems(self, limits: Sequence[PlatformLimits]) -> list[str]:
        return self.attached.media.problems(limits)

    def uploading(self) -> bool:
        """True while a dropped file is still on its way (the composer may wait or warn)."""
        return bool(self.uploader and self.uploader.running)

    def clear(self) -> None:
        self.attached.media.set_items([])
        self.drop_zone.clear_finished()

    def __repr__(self) -> str:
        return f"ComposerMediaPanel({self.file_ids()!r})"


__all__ = ["ComposerMediaPanel", "Limits"]
