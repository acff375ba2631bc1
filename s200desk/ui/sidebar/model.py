"""ProfilesModel: the store's profiles as a Qt list."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from s200desk.ui.formatting import status_label
from s200desk.ui.icons import platform_icon, platform_label
from s200desk.ui.qt import QAbstractListModel, QModelIndex, Qt, QtModelIndex

ProfilesLoader = Callable[[], Iterable[Any]]

_PLATFORM_ORDER = [
    "tiktok",
    "instagram",
    "facebook",
    "youtube",
    "x",
    "linkedin",
    "pinterest",
    "threads",
]

RECONNECT_HINT = (
    "Disconnected: reconnect this account on the Connections page of your "
    "Status 200 dashboard; posts to it fail until then."
)


@dataclass(frozen=True, slots=True)
class ProfileRow:
    platform: str
    account_id: str
    display_name: str
    status: str

    @property
    def key(self) -> tuple[str, str]:
        return (self.platform, self.account_id)

    @property
    def connected(self) -> bool:
        return self.status not in {"disconnected", "expired", "revoked", "error"}

    @classmethod
    def from_profile(cls, profile: Any) -> ProfileRow:
        get = (
            profile.get if isinstance(profile, dict) else lambda name: getattr(profile, name, None)
        )
        platform = get("platform")
        status = get("status")
        return cls(
            platform=str(getattr(platform, "value", platform) or ""),
            account_id=str(get("account_id") or ""),
            display_name=str(get("display_name") or get("account_id") or ""),
            status=str(getattr(status, "value", status) or ""),
        )


class ProfilesModel(QAbstractListModel):
    """One row per profile, ordered by platform then name."""

    PlatformRole = int(Qt.ItemDataRole.UserRole) + 1
    HandleRole = int(Qt.ItemDataRole.UserRole) + 2
    StatusRole = int(Qt.ItemDataRole.UserRole) + 3
    ConnectedRole = int(Qt.ItemDataRole.UserRole) + 4
    KeyRole = int(Qt.ItemDataRole.UserRole) + 5

    def __init__(self, loader: ProfilesLoader | None = None) -> None:
        super().__init__()
        self._loader = loader
        self._rows: list[ProfileRow] = []

    def set_loader(self, loader: ProfilesLoader | None) -> None:
        self._loader = loader
        self.reload()

    def reload(self) -> None:
        self.set_profiles(list(self._loader()) if self._loader is not None else [])

    def set_profiles(self, profiles: Iterable[Any]) -> None:
        rows = [p if isinstance(p, ProfileRow) else ProfileRow.from_profile(p) for p in profiles]

        def order(r: ProfileRow) -> tuple[int, str]:
            rank = _PLATFORM_ORDER.index(r.platform) if r.platform in _PLATFORM_ORDER else 99
            return (rank, r.display_name.casefold())

        rows.sort(key=order)
        if [r.key for r in rows] == [r.key for r in self._rows]:
            # The same profiles (a sync's usual outcome): only the rows that changed repaint,
            # and the sidebar keeps its selection and scroll position.
            old, self._rows = self._rows, rows
            for i, (before, after) in enumerate(zip(old, rows, strict=True)):
                if before != after:
                    self.dataChanged.emit(self.index(i), self.index(i))
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def rows(self) -> list[ProfileRow]:
        return list(self._rows)

    def names(self) -> dict[tuple[str, str], str]:
        return {r.key: r.display_name for r in self._rows}

    def rowCount(self, parent: QtModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QtModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.display_name
        if role == Qt.ItemDataRole.DecorationRole:
            return platform_icon(row.platform)
        if role == Qt.ItemDataRole.ToolTipRole:
            text = f"{row.display_name} ({row.account_id}) on {platform_label(row.platform)}"
            if row.connected:
                return text
            return f"{text}\n{RECONNECT_HINT}\nClick Reconnect for the link and a re-sync."
        if role == Qt.ItemDataRole.AccessibleTextRole:
            state = "" if row.connected else ", disconnected"
            return f"{row.display_name}, {row.account_id}, {platform_label(row.platform)}{state}"
        if role == self.PlatformRole:
            return row.platform
        if role == self.HandleRole:
            return row.account_id
        if role == self.StatusRole:
            return status_label(row.status)
        if role == self.ConnectedRole:
            return row.connected
        if role == self.KeyRole:
            return row.key
        return None
