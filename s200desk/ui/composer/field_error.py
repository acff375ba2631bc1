"""FieldError: the red line under a field that says what is wrong with it (hidden when fine)."""

from __future__ import annotations

from collections.abc import Sequence

from s200desk.ui.qt import QLabel, Qt, QWidget
from s200desk.ui.theme import set_tone


class FieldError(QLabel):
    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName("No problem")
        self.setProperty("role", "fieldError")
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setStyleSheet("font-size: 12px;")
        set_tone(self, "danger")
        self.hide()

    def set_messages(self, messages: Sequence[str]) -> None:
        text = "\n".join(dict.fromkeys(m for m in messages if m))
        self.setText(text)
        self.setAccessibleName(text or "No problem")
        self.setVisible(bool(text))

    @property
    def showing(self) -> bool:
        return not self.isHidden() and bool(self.text())
