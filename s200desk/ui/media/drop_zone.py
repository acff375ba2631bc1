"""DropZone: files from the file manager, addresses from a browser, paste, or a file picker.

It only collects sources (local paths and http(s) URLs, in the order given) and shows one row
per file with its progress, its reason when refused, and a cancel button; ``MediaUploader`` does
the work. Several at once are fine.
"""

from __future__ import annotations

from collections.abc import Iterable

from s200desk.ui.qt import (
    QFrame,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QPushButton,
    QSizePolicy,
    Qt,
    QtCore,
    QtGui,
    QToolButton,
    QtWidgets,
    QVBoxLayout,
    QWidget,
    Signal,
)

# The Media library's drag format (``model.LIBRARY_MIME``), spelled here to keep this module
# free of the library model's imports.
LIBRARY_MIME = "application/x-s200desk-media-ids"
FILE_FILTER = "Pictures and videos (*.jpg *.jpeg *.png *.webp *.mp4 *.mov *.webm);;All files (*)"
MAX_ROWS = 8  # finished rows beyond this are cleared, newest kept


def sources_from_mime(mime: QtCore.QMimeData) -> list[str]:
    """Local paths and web addresses carried by a drop or a paste, in order, without repeats."""
    found: list[str] = []
    if mime.hasUrls():
        for url in mime.urls():
            if url.isLocalFile():
                found.append(url.toLocalFile())
            elif url.scheme().lower() in ("http", "https"):
                found.append(url.toString())
    if not found and mime.hasText():
        for line in mime.text().splitlines():
            text = line.strip()
            if text.lower().startswith(("http://", "https://")):
                found.append(text)
            elif text.lower().startswith("file://"):
                found.append(QtCore.QUrl(text).toLocalFile())
    seen: set[str] = set()
    return [s for s in found if s and not (s in seen or seen.add(s))]  # type: ignore[func-returns-value]


class UploadRow(QWidget):
    """One file on its way: name, progress bar, what happened, and a cancel button."""

    cancel_requested = Signal()

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("uploadRow")
        self.name = name
        self.finished = False
        lay = self._layout = QHBoxLayout(self)
        lay.setContentsMargins(0, 2, 0, 2)
        self.label = QLabel(name, self)
        self.label.setMinimumWidth(120)
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.bar = QtWidgets.QProgressBar(self)
        self.bar.setRange(0, 0)  # busy until the first byte count
        self.bar.setTextVisible(False)
        self.bar.setMaximumHeight(8)
        self.status = QLabel("Checking…", self)
        self.status.setObjectName("uploadStatus")
        self.status.setWordWrap(True)
        self.status.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.cancel = QToolButton(self)
        self.cancel.setText("✕")
        self.cancel.setToolTip(f"Cancel the upload of {name}")
        self.cancel.setAccessibleName(f"Cancel {name}")
        self.cancel.clicked.connect(self.cancel_requested.emit)
        lay.addWidget(self.label, 2)
        lay.addWidget(self.bar, 2)
        lay.addWidget(self.status, 3)
        lay.addWidget(self.cancel)

    def set_progress(self, sent: int, total: int) -> None:
        self.bar.setMaximum(max(total, 1))
        self.bar.setValue(sent)
        self.status.setText(f"Uploading {sent * 100 // max(total, 1)}%")

    def set_state(self, text: str) -> None:
        self.status.setText(text)

    def _end(self, text: str, colour: str | None) -> None:
        self.finished = True
        self.cancel.setEnabled(False)
        self.cancel.hide()
        self.status.setText(text)
        self.status.setToolTip(text)
        self.status.setStyleSheet(f"color: {colour};" if colour else "")

    def set_refused(self, reason: str) -> None:
        # No progress to show: the reason takes the bar's room, right after the name.
        self.bar.hide()
        self._layout.setStretch(2, 5)
        self._end(reason, "#DC2626")

    def set_failed(self, reason: str) -> None:
        self._end(reason, "#DC2626")

    def set_cancelled(self) -> None:
        self._end("Cancelled", "#6B7280")

    def set_ready(self, file_id: str, *, reused: bool = False) -> None:
        self.bar.setMaximum(1)
        self.bar.setValue(1)
        self._end(("Already in the library" if reused else "Ready") + f" · {file_id}", "#16A34A")


class DropZone(QFrame):
    """Accepts drops, paste (Ctrl+V) and a file picker; emits what was given."""

    sources_dropped = Signal(list)  # list[str]: local paths and http(s) URLs
    library_ids_dropped = Signal(list)  # list[str]: file ids dragged in from the Media library

    def __init__(self, parent: QWidget | None = None, *, title: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mediaDropZone")
        self.setAcceptDrops(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Media drop zone")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._hover = False
        self._rows: list[UploadRow] = []
        self.takes_library = False  # set by whoever handles library_ids_dropped

        lay = QVBoxLayout(self)
        lay.setContentsMargins(14, 12, 14, 12)
        top = QHBoxLayout()
        self.hint = QLabel(
            title or "Drop pictures and videos here — files, or web addresses from a browser — "
            "or paste them (Ctrl+V).", self,
        )  # fmt: skip
        self.hint.setWordWrap(True)
        self.choose = QPushButton("Choose files…", self)
        self.choose.setObjectName("chooseMediaButton")
        self.choose.setAccessibleName("Choose media files")
        self.choose.clicked.connect(self.open_picker)
        top.addWidget(self.hint, 1)
        top.addWidget(self.choose)
        lay.addLayout(top)
        self.rows_box = QVBoxLayout()
        self.rows_box.setSpacing(0)
        lay.addLayout(self.rows_box)
        self._dialog: QtWidgets.QFileDialog | None = None
        self._apply_style()

    # -- look ------------------------------------------------------------------------------

    def _apply_style(self) -> None:
        border = "#6366F1" if self._hover else "#A1A1AA"
        bg = "rgba(99,102,241,0.10)" if self._hover else "transparent"
        self.setStyleSheet(
            f"#mediaDropZone {{ border: 2px dashed {border}; border-radius: 10px;"
            f" background: {bg}; }}"
        )

    # -- rows ------------------------------------------------------------------------------

    def add_row(self, name: str) -> UploadRow:
        row = UploadRow(name, self)
        self.rows_box.addWidget(row)
        self._rows.append(row)
        self._trim()
        return row

    def rows(self) -> list[UploadRow]:
        return list(self._rows)

    def _trim(self) -> None:
        done = [r for r in self._rows if r.finished]
        while len(self._rows) > MAX_ROWS and done:
            old = done.pop(0)
            self._rows.remove(old)
            old.setParent(None)
            old.deleteLater()

    def clear_finished(self) -> None:
        for row in [r for r in self._rows if r.finished]:
            self._rows.remove(row)
            row.setParent(None)
            row.deleteLater()

    # -- input -----------------------------------------------------------------------------

    def give(self, sources: Iterable[str]) -> None:
        wanted = [s for s in sources if s]
        if wanted:
            self.sources_dropped.emit(wanted)

    def _takes(self, mime: QtCore.QMimeData) -> bool:
        return bool(sources_from_mime(mime)) or (
            mime.hasFormat(LIBRARY_MIME) and self.takes_library
        )

    def dragEnterEvent(self, event: QtGui.QDragEnterEvent) -> None:
        if self._takes(event.mimeData()):
            event.acceptProposedAction()
            self._hover = True
            self._apply_style()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QtGui.QDragMoveEvent) -> None:
        if self._takes(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragLeaveEvent(self, event: QtGui.QDragLeaveEvent) -> None:
        self._hover = False
        self._apply_style()

    def dropEvent(self, event: QtGui.QDropEvent) -> None:
        self._hover = False
        self._apply_style()
        mime = event.mimeData()
        if mime.hasFormat(LIBRARY_MIME) and self.takes_library:
            ids = bytes(mime.data(LIBRARY_MIME).data()).decode().split()
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
            self.library_ids_dropped.emit(ids)
            return
        found = sources_from_mime(mime)
        if not found:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        self.give(found)

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste()
            event.accept()
            return
        super().keyPressEvent(event)

    def paste(self) -> None:
        """Whatever the clipboard holds: copied files, or copied web addresses."""
        from s200desk.ui.qt import QApplication

        mime = QApplication.clipboard().mimeData()
        if mime is not None:
            self.give(sources_from_mime(mime))

    def open_picker(self) -> None:
        """A non-modal file dialog (never exec() under qasync); several files at once."""
        dialog = QtWidgets.QFileDialog(self, "Add pictures and videos")
        dialog.setFileMode(QtWidgets.QFileDialog.FileMode.ExistingFiles)
        dialog.setNameFilter(FILE_FILTER)
        dialog.filesSelected.connect(lambda files: self.give(list(files)))
        dialog.finished.connect(dialog.deleteLater)
        self._dialog = dialog
        dialog.open()
