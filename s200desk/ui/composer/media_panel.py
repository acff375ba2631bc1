"""MediaPanel: what the post shows — attach a public URL, or a file from the media library.

Local files and drag-and-drop belong to the media uploader (``ui/media``); once a file is in the
library it appears in the "From library" list here with its file id. A URL is ingested into the
library by the outbox (a media-upload intent) before the post is sent.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from s200desk.services.outbox.model import MediaRef
from s200desk.services.validation import media_kind
from s200desk.ui.composer.field_error import FieldError
from s200desk.ui.composer.state import MediaItem
from s200desk.ui.qt import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
    Signal,
)
from s200desk.ui.spoken import tie_name


class MediaPanel(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("composerMedia")
        self.setAccessibleName("Media")
        self.items: list[MediaItem] = []
        self._box: Any = None
        column = self._column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        self.list = QListWidget(self)
        self.list.setObjectName("mediaList")
        self.list.setAccessibleName("Attached media")
        self.list.setMaximumHeight(72)
        column.addWidget(self.list)

        url_row = QHBoxLayout()
        self.url_edit = QLineEdit(self)
        self.url_edit.setObjectName("mediaUrl")
        self.url_edit.setPlaceholderText("https://… public address of a picture or video")
        self.url_edit.setAccessibleName("Media URL")
        self.url_edit.returnPressed.connect(self._add_url)
        self.add_url_button = QPushButton("Attach URL", self)
        self.add_url_button.setObjectName("attachUrl")
        self.add_url_button.setAccessibleName("Attach the media URL")
        self.add_url_button.clicked.connect(self._add_url)
        url_row.addWidget(self.url_edit, 1)
        url_row.addWidget(self.add_url_button)
        column.addLayout(url_row)

        lib_row = QHBoxLayout()
        self.library = QComboBox(self)
        self.library.setObjectName("mediaLibrary")
        self.library.setAccessibleName("Media library")
        tie_name(self.library, "Add from the media library")
        self.library.setEditable(True)  # a file id from elsewhere can be typed in
        editor = self.library.lineEdit()
        if editor is not None:
            editor.setPlaceholderText("From the library: pick, or type a file id")
        self.add_lib_button = QPushButton("Attach", self)
        self.add_lib_button.setObjectName("attachLibrary")
        self.add_lib_button.setAccessibleName("Attach from the library")
        self.add_lib_button.clicked.connect(self._add_library)
        self.remove_button = QPushButton("Remove", self)
        self.remove_button.setObjectName("removeMedia")
        self.remove_button.setAccessibleName("Remove the selected media")
        self.remove_button.clicked.connect(self._remove_selected)
        lib_row.addWidget(self.library, 1)
        lib_row.addWidget(self.add_lib_button)
        lib_row.addWidget(self.remove_button)
        column.addLayout(lib_row)
        self.error = FieldError("error_media", self)
        column.addWidget(self.error)

    def add_drop_zone(self, zone: QWidget) -> None:
        """A drop zone above the list (a platform's own media: drops, paste, the library)."""
        self._column.insertWidget(0, zone)

    def route_to(self, box: Any) -> None:
        """Hand URLs and library picks to the media UI's ComposerMediaPanel, whose strip is
        then the one list of what is attached (this panel's own list is hidden)."""
        self._box = box
        self.list.hide()
        self.remove_button.hide()  # the strip removes with Delete

    # -- library ---------------------------------------------------------------------------

    def set_library(self, records: Sequence[Any]) -> None:
        """Ready library items (``MediaRecord``: file_id, name, mime)."""
        self.library.clear()
        for rec in records:
            file_id = getattr(rec, "file_id", None)
            if not file_id:
                continue
            mime = str(getattr(rec, "mime", "") or "")
            kind = "image" if mime.startswith("image/") else "video" if mime else None
            name = str(getattr(rec, "name", "") or file_id)
            self.library.addItem(f"{name} ({kind or 'media'})", (str(file_id), kind, name))
        self.library.setCurrentIndex(-1)
        self.library.setEditText("")

    # -- editing ---------------------------------------------------------------------------

    def attach(self, item: MediaItem) -> None:
        self.items.append(item)
        self._render()
        self.changed.emit()

    def set_items(self, items: Sequence[MediaItem]) -> None:
        self.items = list(items)
        self._render()

    def _render(self) -> None:
        self.list.clear()
        for item in self.items:
            where = "library" if item.file_id else "URL"
            entry = QListWidgetItem(f"{item.kind or 'media'} · {item.label} ({where})", self.list)
            entry.setToolTip(item.url or item.file_id or "")

    def _add_url(self) -> None:
        url = self.url_edit.text().strip()
        if not url:
            return
        if not url.lower().startswith(("http://", "https://")):
            self.error.set_messages(["A media URL starts with http:// or https://"])
            return
        kind = media_kind(MediaRef(url=url))
        name = url.rstrip("/").rsplit("/", 1)[-1]
        self.url_edit.clear()
        if self._box is not None:  # ingested into the library, then attached in the strip
            self._box.drop_zone.give([url])
            return
        self.attach(MediaItem(url=url, kind=kind, name=name))

    def _add_library(self) -> None:
        data = self.library.currentData()
        text = self.library.currentText().strip()
        picked = data is not None and self.library.itemText(self.library.currentIndex()) == text
        file_id = data[0] if picked else text
        if self._box is not None and file_id and self._box.tasks is not None:
            self._box.tasks.start(
                self._box.attach_file_ids([file_id], place=True), name="media-attach"
            )
        elif picked:
            file_id, kind, name = data
            self.attach(MediaItem(file_id=file_id, kind=kind, name=name))
        elif text:
            self.attach(MediaItem(file_id=text, name=text))
        self.library.setCurrentIndex(-1)
        self.library.setEditText("")

    def _remove_selected(self) -> None:
        row = self.list.currentRow()
        if row < 0 and self.items:
            row = len(self.items) - 1
        if 0 <= row < len(self.items):
            del self.items[row]
            self._render()
            self.changed.emit()
