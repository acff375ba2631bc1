"""Banner: a one-line notice across the top of the content (offline, key refused)."""

from __future__ import annotations

from s200desk.ui.qt import QFrame, QHBoxLayout, QLabel, QPushButton, Qt, QWidget, Signal
from s200desk.ui.spoken import announce, speak_text


class Banner(QFrame):
    """A message and an optional action button; hidden until :meth:`show_message`."""

    action_clicked = Signal()

    def __init__(
        self,
        object_name: str,
        accessible_name: str,
        action_text: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setAccessibleName(accessible_name)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.label = QLabel(self)
        self.label.setObjectName(f"{object_name}Text")
        self.label.setAccessibleName(accessible_name)
        speak_text(self.label)  # "Offline: Can't reach Status 200 …", not just "Offline"
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 8, 12, 8)
        layout.addWidget(self.label, 1)
        self.button: QPushButton | None = None
        if action_text:
            self.button = QPushButton(action_text, self)
            self.button.setObjectName(f"{object_name}Button")
            self.button.setAccessibleName(action_text)
            self.button.clicked.connect(self.action_clicked)
            layout.addWidget(self.button)
        self.hide()

    def show_message(self, text: str) -> None:
        self.label.setText(text)
        self.show()
        announce(self, text)  # a screen reader does not see a banner appear by itself

    def text(self) -> str:
        return self.label.text()
