"""MediaPlacer: what is dropped on the composer goes to every chosen platform that takes it.

The rule is ``services.media.placement``; this is its Qt side. A drop on the main media box is
spread over the ticked platforms (the shared strip holds what most of them got; a platform that
got something else shows it under "Use different media" in its tab); a line says where each file
went; a platform still without media it can use gets a line with its own drop target. Each
platform's own media box takes drops, paste and items dragged from the Media library.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from s200desk.services.media import MediaService, PlatformLimits
from s200desk.services.media.placement import (
    Piece,
    fold,
    implied_options,
    place,
    still_needs,
)
from s200desk.store.media_repo import MediaRecord
from s200desk.ui.composer.checks import platform_name
from s200desk.ui.composer.state import ComposerState, MediaItem
from s200desk.ui.media.drop_zone import DropZone
from s200desk.ui.media.uploader import MediaUploader
from s200desk.ui.qt import QHBoxLayout, QLabel, QObject, QVBoxLayout, QWidget
from s200desk.ui.tasks import TaskKeeper
from s200desk.ui.theme import colours

MAX_NOTES = 6


class NeedsMediaRow(QWidget):
    """"Pinterest still needs a picture" with a drop target for that platform alone."""

    def __init__(self, platform: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.platform = platform
        self.setObjectName(f"needsMedia_{platform}")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(self)
        self.label.setObjectName("needsMediaLabel")
        self.label.setStyleSheet(f"color: {colours().warning_text}; font-weight: 600;")
        self.label.setMinimumWidth(200)
        self.label.setWordWrap(True)
        self.zone = DropZone(self, title="Drop it here, paste, or")
        self.zone.setObjectName("mediaDropZone")
        self.zone.setAccessibleName(f"Media for {platform_name(platform)} only")
        self.zone.setMaximumHeight(64)
        lay.addWidget(self.label, 2)
        lay.addWidget(self.zone, 3)

    def say(self, needs: str) -> None:
        self.label.setText(f"{platform_name(self.platform)} still needs {needs}.")


class MediaPlacer(QObject):
    """Owned by the ComposerForm when the media box has a media service."""

    def __init__(
        self,
        form: Any,
        service: MediaService,
        tasks: TaskKeeper,
        limits: Callable[[], Sequence[PlatformLimits]],
    ) -> None:
        super().__init__(form)
        self.form = form
        self.service = service
        self.tasks = tasks
        self.limits = limits
        self.records: dict[str, MediaRecord] = {}
        self.uploaders: dict[str, MediaUploader] = {}
        self.notes: list[str] = []
        self._base: dict[str, list[Piece]] | None = None  # the lists before this drop
        self._batch: list[Piece] = []
        self._said: list[str] = []  # options this drop settled, said once per drop
        self.note = QLabel(form)
        self.note.setObjectName("mediaPlacementNote")
        self.note.setAccessibleName("Where the media went")
        self.note.setWordWrap(True)
        self.note.setStyleSheet(f"color: {colours().muted};")
        self.note.hide()
        self.needs_box = QWidget(form)
        self.needs_box.setObjectName("needsMedia")
        self.needs_box.setAccessibleName("Platforms that still need media")
        self._needs_layout = QVBoxLayout(self.needs_box)
        self._needs_layout.setContentsMargins(0, 2, 0, 2)
        self.needs_rows: dict[str, NeedsMediaRow] = {}
        self.needs_box.hide()

    # -- the main box ----------------------------------------------------------------------

    def new_drop(self, _sources: list[str]) -> None:
        """A new drop (or paste, or URL): its files are placed together as they arrive."""
        self._base = None
        self._batch = []
        self._said = []
        self.notes = []

    def place_record(self, rec: MediaRecord, _row: int | None) -> bool:
        """A file of the main box is ready: spread it (with the rest of its drop)."""
        order = self.form.platforms()
        if not order or not rec.file_id:
            return False  # no platform ticked yet: it is simply attached
        known = {x.id: x for x in self.limits()}
        # A platform whose limits are not known yet (never synced) is assumed to take it.
        chosen = [known.get(p) or PlatformLimits.from_info({"id": p, "name": platform_name(p)})
                  for p in order]
        self.records[rec.file_id] = rec
        if self._base is None:
            self._base = self._current()
        piece = self._piece_of(rec)
        self._batch = [p for p in self._batch if p.key != piece.key] + [piece]
        placed = place(self._batch, self._base, chosen)
        media = {p: placed.media.get(p, self._base.get(p, [])) for p in order}
        shared, own = fold(media, order)
        self._apply(shared, own, order)
        self.notes = [self._note(p, placed.reached.get(p.key, ()), placed.refused) for p in
                      self._batch]
        self._said += [x for x in self._imply_options(media) if x not in self._said]
        self.notes += self._said
        self.note.setText("\n".join(self.notes[-MAX_NOTES:]))
        self.note.setVisible(bool(self.notes))
        return True

    def _imply_options(self, media: dict[str, list[Piece]]) -> list[str]:
        """Set what the media settles (Instagram: a Reel for one video); say so."""
        said = []
        for platform, pieces in media.items():
            form = self.form.tab(platform).form
            if form is None:
                continue
            current = form.values()
            implied = implied_options(platform, pieces, current)
            if implied:
                form.set_values({**current, **implied})
                kind = "a Reel" if implied.get("postType") == "reel" else "a carousel"
                said.append(f"{platform_name(platform)} will post it as {kind} (change it in "
                            f"its tab).")
        if said:
            self.form.changed.emit()
        return said

    def _note(self, piece: Piece, reached: Sequence[str], refused: dict[str, str]) -> str:
        name = self._name(piece.key)
        if piece.key in refused:
            return f"{name}: not attached. {refused[piece.key]}"
        order = self.form.platforms()
        ranked = sorted(reached, key=lambda p: order.index(p) if p in order else len(order))
        return f"{name} → " + ", ".join(platform_name(p) for p in ranked)

    def _current(self) -> dict[str, list[Piece]]:
        state: ComposerState = self.form.state()
        return {p: [self._piece(m) for m in state.media_for(p)] for p in state.platforms}

    def _apply(self, shared: list[Piece], own: dict[str, list[Piece]], order: list[str]) -> None:
        box = self.form.media_box
        box.attached.media.set_items([self._record(p) for p in shared])
        for platform in order:
            tab = self.form.tab(platform)
            items = own.get(platform)
            tab.set_media_override([self._item(p) for p in items] if items is not None else None)
        self.form.changed.emit()

    # -- one platform's own media ----------------------------------------------------------

    def equip_tab(self, tab: Any) -> None:
        """Give a platform tab's media box a drop zone (drops, paste, the library)."""
        zone = DropZone(tab, title="Drop pictures or videos for "
                        f"{platform_name(tab.platform)} only, paste, or")
        zone.setObjectName("mediaDropZone")
        zone.setAccessibleName(f"Media for {platform_name(tab.platform)} only")
        zone.setMaximumHeight(120)
        tab.media_panel.add_drop_zone(zone)
        self._uploader(tab.platform).attach(zone)
        self._take_library(zone, tab.platform)
        tab.drop_zone = zone

    def _uploader(self, platform: str) -> MediaUploader:
        uploader = self.uploaders.get(platform)
        if uploader is None:

            def limits() -> list[PlatformLimits]:
                return [x for x in self.limits() if x.id == platform]

            uploader = MediaUploader(self.service, self.tasks, platforms=limits, parent=self)
            uploader.source_ready.connect(
                lambda _source, rec, p=platform: self.attach_to(p, [rec])
            )
            self.uploaders[platform] = uploader
        return uploader

    def _take_library(self, zone: DropZone, platform: str) -> None:
        zone.takes_library = True
        zone.library_ids_dropped.connect(
            lambda ids, p=platform: self.tasks.start(self._attach_ids(p, ids), name="media-attach")
        )

    async def _attach_ids(self, platform: str, ids: list[str]) -> None:
        found = await self.service.repo.by_file_ids(list(ids))
        recs = [found.get(i) or MediaRecord(id=i, source="url", name=i, state="ready", file_id=i)
                for i in ids]
        self.attach_to(platform, recs)

    def attach_to(self, platform: str, recs: Sequence[MediaRecord]) -> None:
        """These ready items become (part of) the platform's own media."""
        tab = self.form.tab(platform)
        items = list(tab.media_override() or [])
        for rec in recs:
            if not rec.file_id or any(m.file_id == rec.file_id for m in items):
                continue
            self.records[rec.file_id] = rec
            items.append(MediaItem(file_id=rec.file_id, kind=rec.kind, name=rec.name))
        tab.set_media_override(items)
        self.form.changed.emit()

    # -- what each platform still needs ----------------------------------------------------

    def show_needs(self, state: ComposerState) -> None:
        """A line (with a drop target) per chosen platform that has no media it can use."""
        limits = {x.id: x for x in self.limits()}
        wanted: dict[str, str] = {}
        for platform in state.platforms:
            info = limits.get(platform)
            if info is None:
                continue
            need = still_needs(info, [self._piece(m) for m in state.media_for(platform)])
            if need:
                wanted[platform] = need
        for platform, row in list(self.needs_rows.items()):
            row.setVisible(platform in wanted)
        for platform, need in wanted.items():
            found = self.needs_rows.get(platform)
            if found is None:
                row = NeedsMediaRow(platform, self.needs_box)
                self._needs_layout.addWidget(row)
                self._uploader(platform).attach(row.zone)
                self._take_library(row.zone, platform)
                self.needs_rows[platform] = row
            else:
                row = found
            row.say(need)
            row.show()
        self.needs_box.setVisible(bool(wanted))

    # -- pieces, records, items ------------------------------------------------------------

    def _piece_of(self, rec: MediaRecord) -> Piece:
        return Piece(key=rec.file_id or rec.id, kind=rec.kind, size=rec.size, mime=rec.mime)

    def _piece(self, item: MediaItem) -> Piece:
        key = item.file_id or item.url or ""
        rec = self.records.get(key)
        if rec is None:
            for strip_rec in self.form.media_box.attached.media.items():
                if strip_rec.file_id == key:
                    rec = self.records[key] = strip_rec
        if rec is not None:
            return self._piece_of(rec)
        return Piece(key=key, kind=item.kind)

    def _name(self, key: str) -> str:
        rec = self.records.get(key)
        return rec.name if rec is not None else key

    def _record(self, piece: Piece) -> MediaRecord:
        rec = self.records.get(piece.key)
        if rec is None:
            mime = {"image": "image/*", "video": "video/*"}.get(piece.kind or "")
            rec = MediaRecord(id=piece.key, source="url", name=piece.key, state="ready",
                              file_id=piece.key, mime=mime)
        return rec

    def _item(self, piece: Piece) -> MediaItem:
        return MediaItem(file_id=piece.key, kind=piece.kind, name=self._name(piece.key))


__all__ = ["MediaPlacer", "NeedsMediaRow"]
