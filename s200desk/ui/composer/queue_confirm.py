"""Add to queue, before anything is sent: each profile and the slot its post will take, or why a
profile has none (with a button to set its slots). Opened with open(), never exec()."""

from __future__ import annotations

from collections.abc import Sequence

from s200desk.services.planning.queue_plan import QueuedSlot, ready
from s200desk.ui.composer.checks import platform_name
from s200desk.ui.outbox.words import local_time
from s200desk.ui.qt import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QtWidgets,
    QVBoxLayout,
    QWidget,
    Signal,
)
from s200desk.ui.theme import set_tone


class QueueConfirm(QDialog):
    set_slots_requested = Signal(str, str)  # platform, account

    def __init__(self, plan: Sequence[QueuedSlot], zone: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.plan = list(plan)
        self.setObjectName("queueConfirm")
        self.setWindowTitle("Add to queue")
        self.setAccessibleName("Add to queue")
        self.setModal(True)
        column = QVBoxLayout(self)
        heading = QLabel(
            "Each profile's post goes out at its own next free slot:"
            if ready(self.plan)
            else "Some profiles have no free slot, so nothing is added yet:",
            self,
        )
        heading.setObjectName("queueConfirmHeading")
        heading.setAccessibleName("What happens")
        column.addWidget(heading)
        grid = QtWidgets.QGridLayout()
        grid.setHorizontalSpacing(16)
        self.rows: dict[tuple[str, str], QLabel] = {}
        self.set_buttons: dict[tuple[str, str], QPushButton] = {}
        for row, item in enumerate(self.plan):
            platform, account = item.target
            name = QLabel(f"{platform_name(platform)} {account}", self)
            grid.addWidget(name, row, 0)
            if item.slot is not None:
                when = QLabel(local_time(item.slot, zone), self)
            else:
                when = QLabel(item.problem or "no free slot", self)
                set_tone(when, "warning")
            when.setObjectName(f"queueSlot_{platform}")
            when.setAccessibleName(f"Slot for {platform_name(platform)} {account}")
            self.rows[item.target] = when
            grid.addWidget(when, row, 1)
            if item.slot is None:
                button = QPushButton("Set slots…", self)
                button.setObjectName(f"setSlots_{platform}")
                button.setAccessibleName(f"Set queue slots for {platform_name(platform)}")
                button.clicked.connect(
                    lambda _=False, t=item.target: self._set_slots(t)
                )
                self.set_buttons[item.target] = button
                grid.addWidget(button, row, 2)
        column.addLayout(grid)
        bar = QHBoxLayout()
        bar.addStretch(1)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setObjectName("queueCancel")
        self.cancel_button.setAccessibleName("Cancel")
        self.cancel_button.clicked.connect(self.reject)
        self.add_button = QPushButton("Add to queue", self)
        self.add_button.setObjectName("queueAdd")
        self.add_button.setAccessibleName("Add to queue")
        self.add_button.setEnabled(ready(self.plan))
        self.add_button.setDefault(ready(self.plan))
        self.add_button.clicked.connect(self.accept)
        bar.addWidget(self.cancel_button)
        bar.addWidget(self.add_button)
        column.addLayout(bar)

    def _set_slots(self, target: tuple[str, str]) -> None:
        self.set_slots_requested.emit(*target)
        self.reject()
