"""ProfileSelection: the profiles the user picked in the sidebar; every view filters by it."""

from __future__ import annotations

from s200desk.ui.qt import QObject, Signal

ProfileKey = tuple[str, str]  # (platform, account_id)


class ProfileSelection(QObject):
    """Shared by the sidebar (which writes it) and every view (which listens): empty means all."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._keys: frozenset[ProfileKey] = frozenset()

    @property
    def keys(self) -> frozenset[ProfileKey]:
        return self._keys

    def set_keys(self, keys: frozenset[ProfileKey] | set[ProfileKey]) -> None:
        keys = frozenset(keys)
        if keys != self._keys:
            self._keys = keys
            self.changed.emit()

    def clear(self) -> None:
        self.set_keys(frozenset())
