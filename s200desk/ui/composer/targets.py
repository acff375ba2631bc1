"""TargetList: the profiles a post can go to, as check boxes; disconnected ones shown, not
selectable, with the reconnect hint."""

from __future__ import annotations

from collections.abc import Sequence

from s200desk.ui.composer.state import Target
from s200desk.ui.icons import platform_icon, platform_label
from s200desk.ui.qt import QListWidget, QListWidgetItem, QSize, Qt, QWidget, Signal
from s200desk.ui.sidebar.model import RECONNECT_HINT

KeyRole = Qt.ItemDataRole.UserRole + 1
CONNECTED = ("active", "connected")


class TargetList(QListWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("composerTargets")
        self.setAccessibleName("Post to these profiles")
        self.setIconSize(QSize(18, 18))
        self.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.statuses: dict[Target, str] = {}
        self.names: dict[Target, str] = {}
        self.itemChanged.connect(lambda _item: self.changed.emit())

    def set_profiles(self, profiles: Sequence[object], checked: Sequence[Target] = ()) -> None:
        """Fill from stored profiles (platform, account_id, display_name, status)."""
        self.blockSignals(True)
        try:
            self.clear()
            self.statuses.clear()
            for p in profiles:
                platform = str(getattr(p, "platform", ""))
                account = str(getattr(p, "account_id", ""))
                status = str(getattr(p, "status", "") or "active").lower()
                name = str(getattr(p, "display_name", "") or account)
                key = (platform, account)
                self.statuses[key] = status
                self.names[key] = name
                item = QListWidgetItem(platform_icon(platform), "", self)
                item.setData(KeyRole, key)
                text = f"{platform_label(platform)} · {name} {account}"
                flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable
                if status not in CONNECTED:
                    text += f" — {status}, reconnect to post"
                    item.setToolTip(RECONNECT_HINT)
                    item.setForeground(Qt.GlobalColor.gray)
                    # Shown so the user knows it exists, its box drawn as unavailable (the
                    # tooltip still says why); checkable only if a draft had it.
                    flags = Qt.ItemFlag.NoItemFlags if key not in checked else flags
                item.setText(text)
                item.setFlags(flags)
                item.setCheckState(
                    Qt.CheckState.Checked if key in checked else Qt.CheckState.Unchecked
                )
        finally:
            self.blockSignals(False)

    def item_for(self, key: Target) -> QListWidgetItem | None:
        for i in range(self.count()):
            item = self.item(i)
            if item is not None and item.data(KeyRole) == key:
                return item
        return None

    def selectable(self, key: Target) -> bool:
        item = self.item_for(key)
        return item is not None and bool(item.flags() & Qt.ItemFlag.ItemIsUserCheckable)

    def set_checked(self, key: Target, checked: bool) -> bool:
        item = self.item_for(key)
        if item is None or not (item.flags() & Qt.ItemFlag.ItemIsUserCheckable):
            return False
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        return True

    def checked(self) -> list[Target]:
        out: list[Target] = []
        for i in range(self.count()):
            item = self.item(i)
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                platform, account = item.data(KeyRole)
                out.append((str(platform), str(account)))
        return out
