"""A page that says plainly which feature arrives later, so nobody mistakes it for a bug."""

from __future__ import annotations

from s200desk.ui.qt import QLabel, Qt, QVBoxLayout, QWidget


class ComingLaterPage(QWidget):
    def __init__(
        self, object_name: str, title: str, text: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setAccessibleName(f"{title} (coming later)")
        heading = QLabel(title, self)
        heading.setObjectName("comingLaterTitle")
        heading.setAccessibleName(f"{title} heading")
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        body = QLabel(text, self)
        body.setObjectName("muted")
        body.setAccessibleName(f"{title} notice")
        body.setAlignment(Qt.AlignmentFlag.AlignCenter)
        body.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(heading)
        layout.addSpacing(6)
        layout.addWidget(body)
        layout.addStretch(2)
