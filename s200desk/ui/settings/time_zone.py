"""TimeZoneChooser: an editable, searchable combo of every IANA zone."""

from __future__ import annotations

import zoneinfo
from functools import cache

from s200desk.ui.qt import QComboBox, QCompleter, Qt, QWidget


@cache
def _zones() -> list[str]:
    return sorted(z for z in zoneinfo.available_timezones() if "/" in z or z == "UTC")


class TimeZoneChooser(QComboBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(20)
        for name in _zones():
            self.addItem(name.replace("_", " "), name)
        completer = QCompleter([z for z in _zones()], self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCompleter(completer)
