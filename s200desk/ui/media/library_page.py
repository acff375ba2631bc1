"""MediaLibraryPage: a drop zone over a grid of the library (one QListView over the model).

The grid never holds widgets per item: tiles are painted by ``MediaTileDelegate`` from
``MediaLibraryModel``, which is refilled from the store on every ``media`` change.
"""

from __future__ import annotations

import contextlib
from typing import Any

import shiboken6

from s200desk.services.events import Change
from s200desk.services.media import MEDIA, MEDIA_REMOVED, MediaService
from s200desk.store.media_repo import MediaRecord
from s200desk.ui.change_relay import ChangeRelay
from s200desk.ui.media.delegate import TILE, MediaTileDelegate
from s200desk.ui.media.drop_zone import DropZone
from s200desk.ui.media.model import FileIdRole, MediaLibraryModel, RecordRole
from s200desk.ui.media.uploader import MediaUploader
from s200desk.ui.qt import (
    QAbstractItemView,
    QAction,
    QApplication,
    QHBoxLayout,
    QLabel,
    QListView,
    QModelIndex,
    QPushButton,
    QSize,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
    Slot,
)
from s200desk.ui.tasks import TaskKeeper

RELOAD_MS = 120


class MediaLibraryPage(QWidget):
    """The Media page of the main window."""

    media_activated = Signal(object)  # MediaRecord the user double-clicked (attach it)

    def __init__(self, model: MediaLibraryModel | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mediaLibraryPage")
        self.setAccessibleName("Media library")
        self.model = model or MediaLibraryModel(self)
        self.service: MediaService | None = None
        self.tasks: TaskKeeper | None = None
        self.uploader: MediaUploader | None = None
        self._changes: ChangeRelay | None = None

        lay = QVBoxLayout(self)
        lay.setContentsMargins(16, 14, 16, 10)
        header = QHBoxLayout()
        title = QLabel("<b>Media library</b>", self)
        title.setObjectName("pageTitle")
        self.count_label = QLabel("", self)
        self.count_label.setObjectName("mediaCount")
        self.retry_button = QPushButton("Retry failed", self)
        self.retry_button.clicked.connect(self.retry_failed)
        self.retry_button.hide()
        header.addWidget(title)
        header.addStretch(1)
        header.addWidget(self.count_label)
        header.addWidget(self.retry_button)
        lay.addLayout(header)

        self.drop_zone = DropZone(self)
        lay.addWidget(self.drop_zone)

        self.view = QListView(self)
        self.view.setObjectName("mediaGrid")
        self.view.setAccessibleName("Media library")
        self.view.setViewMode(QListView.ViewMode.IconMode)
        self.view.setMovement(QListView.Movement.Static)  # the library is ordered by date
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setUniformItemSizes(True)
        self.view.setGridSize(QSize(TILE.width() + 8, TILE.height() + 8))
        self.view.setSpacing(0)
        self.view.setWordWrap(False)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setDragEnabled(True)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.view.setItemDelegate(MediaTileDelegate(self.view))
        self.view.setModel(self.model)
        self.view.doubleClicked.connect(self._on_double_clicked)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        copy = QAction("Copy file id", self.view)
        copy.setShortcut("Ctrl+C")
        copy.triggered.connect(self.copy_file_ids)
        self.view.addAction(copy)
        lay.addWidget(self.view, 1)

        self.empty_label = QLabel(
            "Nothing here yet. Drop pictures or videos above; once uploaded, each gets a file id "
            "you can use in any number of posts, on every platform.", self,
        )  # fmt: skip
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(self.empty_label, 1)

        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(RELOAD_MS)
        self._reload_timer.timeout.connect(self.reload)
        self.model.modelReset.connect(self._update_counts)
        self.model.rowsInserted.connect(self._update_counts)
        self._update_counts()

    # -- wiring ----------------------------------------------------------------------------

    def set_service(self, service: MediaService | None, tasks: TaskKeeper | None,
                    *, changes: ChangeRelay | None = None, platforms: Any = None) -> None:
        """Connect to a workspace's media service (None: no workspace open); ``changes``, the
        workspace's ``ChangeRelay``, keeps the grid current with media added elsewhere."""
        self._stop_listening()
        self.service, self.tasks = service, tasks
        if tasks is not None:
            self.model.thumbnails.use_tasks(tasks)
        if self.uploader is not None:
            self.uploader.deleteLater()
            self.uploader = None
        if service is None or tasks is None:
            self.model.set_records([])
            return
        self.uploader = MediaUploader(service, tasks, self.drop_zone, platforms=platforms,
                                      parent=self)
        self.uploader.progress.connect(self.model.set_progress)
        if changes is not None:
            changes.changed.connect(self._on_change)
            self._changes = changes
        self.reload()

    def _stop_listening(self) -> None:
        changes, self._changes = self._changes, None
        # A deleted page's connections went with it.
        if changes is not None and shiboken6.isValid(changes) and shiboken6.isValid(self):
            with contextlib.suppress(RuntimeError, TypeError):
                changes.changed.disconnect(self._on_change)

    @Slot(object)
    def _on_change(self, change: Change) -> None:
        if change.kind in (MEDIA, MEDIA_REMOVED):
            self._reload_timer.start()

    def reload(self) -> None:
        if self.service is None or self.tasks is None:
            return
        self.tasks.start(self._reload(), name="media-library-reload")

    async def _reload(self) -> None:
        if self.service is None:
            return
        records = await self.service.library()
        if shiboken6.isValid(self.model):  # the page may have been deleted meanwhile
            self.model.set_records(records)

    def show_records(self, records: list[MediaRecord]) -> None:
        """Fill the grid directly (previews, screenshots, tests without a service)."""
        self.model.set_records(records)

    # -- actions ---------------------------------------------------------------------------

    def _update_counts(self, *_: Any) -> None:
        records = self.model.records()
        ready = sum(1 for r in records if r.ready)
        failed = sum(1 for r in records if r.state == "failed")
        text = f"{ready} ready"
        if failed:
            text += f" · {failed} failed"
        self.count_label.setText(text if records else "")
        self.retry_button.setVisible(bool(failed) and self.service is not None)
        self.empty_label.setVisible(not records)
        self.view.setVisible(bool(records))  # empty: the invitation in its place, not below it

    def selected_records(self) -> list[MediaRecord]:
        rows = sorted(i.row() for i in self.view.selectionModel().selectedIndexes())
        return [self.model.record(r) for r in rows]

    def copy_file_ids(self) -> None:
        ids = [str(i.data(FileIdRole)) for i in self.view.selectionModel().selectedIndexes()
               if i.data(FileIdRole)]
        if ids:
            QApplication.clipboard().setText("\n".join(ids))

    def retry_failed(self) -> None:
        if self.service is None or self.tasks is None:
            return
        for rec in self.model.records():
            if rec.state == "failed":
                self.tasks.start(self.service.retry(rec.id), name=f"media-retry:{rec.id}")

    def _on_double_clicked(self, index: QModelIndex) -> None:
        rec = index.data(RecordRole)
        if rec is not None and rec.ready:
            self.media_activated.emit(rec)

    def closeEvent(self, event: Any) -> None:
        self._stop_listening()
        super().closeEvent(event)
