"""ProfileSidebar: workspace header, "All profiles", and the profile list (Slack/Linear-like)."""

from __future__ import annotations

from s200desk.ui.qt import (
    QAbstractItemView,
    QColor,
    QEvent,
    QFont,
    QFontMetrics,
    QItemSelection,
    QLabel,
    QListView,
    QModelIndex,
    QObject,
    QPainter,
    QPoint,
    QPushButton,
    QRect,
    QSize,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    Qt,
    QtModelIndex,
    QtWidgets,
    QVBoxLayout,
    QWidget,
    Signal,
    Slot,
)
from s200desk.ui.selection import ProfileSelection
from s200desk.ui.sidebar.model import ProfilesModel
from s200desk.ui.sidebar.reconnect import badge_rect, reconnect_menu
from s200desk.ui.theme import colours

ROW_HEIGHT = 48
NO_PROFILES_TEXT = "No profiles yet.\nConnect accounts in your\nStatus 200 dashboard."
NO_WORKSPACE_TEXT = "No workspace yet.\nAdd your Status 200 API key\nto see your profiles here."
ICON = 28


class ProfileDelegate(QStyledItemDelegate):
    """Icon, name, handle and a status dot; disconnected rows say "Reconnect"."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QtModelIndex) -> QSize:
        return QSize(option.rect.width(), ROW_HEIGHT)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QtModelIndex) -> None:
        c = colours()
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect: QRect = option.rect.adjusted(6, 2, -6, -2)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)
        if selected or hovered:
            painter.setPen(Qt.PenStyle.NoPen)
            bg = QColor(c.sidebar_selected)
            if not selected:
                bg.setAlpha(110)
            painter.setBrush(bg)
            painter.drawRoundedRect(rect, 6, 6)

        icon = index.data(Qt.ItemDataRole.DecorationRole)
        icon_rect = QRect(rect.left() + 8, rect.center().y() - ICON // 2 + 1, ICON, ICON)
        connected = bool(index.data(ProfilesModel.ConnectedRole))
        if icon is not None:
            icon.paint(painter, icon_rect)
        if not connected:
            painter.setOpacity(1.0)

        text_left = icon_rect.right() + 10
        right_reserved = 22 if connected else 74
        text_width = rect.right() - text_left - right_reserved
        name_font = QFont(option.font)
        name_font.setWeight(QFont.Weight.DemiBold)
        handle_font = QFont(option.font)
        handle_font.setPointSizeF(max(7.0, option.font.pointSizeF() - 1))

        name = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        handle = str(index.data(ProfilesModel.HandleRole) or "")
        painter.setFont(name_font)
        painter.setPen(QColor(c.sidebar_text))
        name = QFontMetrics(name_font).elidedText(name, Qt.TextElideMode.ElideRight, text_width)
        painter.drawText(
            QRect(text_left, rect.top() + 5, text_width, rect.height() // 2),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            name,
        )
        painter.setFont(handle_font)
        painter.setPen(QColor(c.sidebar_muted))
        handle = QFontMetrics(handle_font).elidedText(
            handle, Qt.TextElideMode.ElideRight, text_width
        )
        painter.drawText(
            QRect(text_left, rect.center().y(), text_width, rect.height() // 2 - 4),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            handle,
        )

        if connected:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(c.success))
            painter.drawEllipse(QRect(rect.right() - 16, rect.center().y() - 4, 8, 8))
        else:
            badge = badge_rect(option.rect)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#7C2D12"))
            painter.drawRoundedRect(badge, 10, 10)
            painter.setPen(QColor("#FED7AA"))
            painter.setFont(handle_font)
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, "Reconnect")
        painter.restore()


class ProfileSidebar(QWidget):
    """The left column. Writes the shared :class:`ProfileSelection`; never keeps its own data."""

    workspace_clicked = Signal()
    dashboard_requested = Signal()  # the "Reconnect" menu: open the dashboard
    resync_requested = Signal()  # the "Reconnect" menu: sync now

    def __init__(
        self, model: ProfilesModel, selection: ProfileSelection, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("sidebar")
        self.setAccessibleName("Profiles sidebar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setMinimumWidth(220)
        self.setMaximumWidth(320)
        self._model = model
        self._selection = selection

        self.workspace_button = QPushButton("Workspace", self)
        self.workspace_button.setObjectName("sidebarAll")
        self.workspace_button.setAccessibleName("Workspace")
        self.workspace_button.setToolTip("Switch, add or rotate workspaces")
        font = self.workspace_button.font()
        font.setPointSizeF(font.pointSizeF() + 2)
        font.setWeight(QFont.Weight.DemiBold)
        self.workspace_button.setFont(font)
        self.workspace_button.clicked.connect(self.workspace_clicked)

        self.all_button = QPushButton("All profiles", self)
        self.all_button.setObjectName("sidebarAll")
        self.all_button.setAccessibleName("All profiles")
        self.all_button.setCheckable(True)
        self.all_button.setChecked(True)
        self.all_button.clicked.connect(self._on_all_clicked)

        caption = QLabel("PROFILES", self)
        caption.setObjectName("sidebarCaption")
        caption.setAccessibleName("Profiles")

        self.list = QListView(self)
        self.list.setObjectName("profileList")
        self.list.setAccessibleName("Profile list")
        self.list.setModel(model)
        self.list.setItemDelegate(ProfileDelegate(self.list))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setMouseTracking(True)
        self.list.setUniformItemSizes(True)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._on_context_menu)
        self.list.viewport().installEventFilter(self)
        self.reconnect_menu: QtWidgets.QMenu | None = None
        model.modelReset.connect(self._restore_selection)

        self.empty_label = QLabel(NO_PROFILES_TEXT, self)
        self.empty_label.setObjectName("sidebarCaption")
        self.empty_label.setAccessibleName("No profiles")
        self.empty_label.setWordWrap(True)
        # With no workspace there is nothing to connect accounts to yet: the way forward is a
        # key, through the same Workspaces action as the header button and Ctrl+Shift+W.
        self.add_key_button = QPushButton("Add API key…", self)
        self.add_key_button.setObjectName("primaryButton")
        self.add_key_button.setAccessibleName("Add API key")
        self.add_key_button.setToolTip("Add your Status 200 API key as a workspace")
        self.add_key_button.clicked.connect(self.workspace_clicked)
        self.add_key_button.hide()
        self._no_workspace = False

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 12, 10, 12)
        layout.setSpacing(6)
        layout.addWidget(self.workspace_button)
        layout.addSpacing(8)
        layout.addWidget(self.all_button)
        layout.addSpacing(8)
        layout.addWidget(caption)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.add_key_button)
        self._update_empty()
        model.modelReset.connect(self._update_empty)

    # -- the "Reconnect" badge -------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # A click on a disconnected row's badge opens its menu rather than only filtering.
        if (
            watched is self.list.viewport()
            and event.type() == QEvent.Type.MouseButtonRelease
            and event.button() == Qt.MouseButton.LeftButton  # type: ignore[attr-defined]
        ):
            pos = event.position().toPoint()  # type: ignore[attr-defined]
            index = self.list.indexAt(pos)
            if (
                index.isValid()
                and not index.data(ProfilesModel.ConnectedRole)
                and badge_rect(self.list.visualRect(index)).contains(pos)
            ):
                self.show_reconnect_menu(index, pos)
        return super().eventFilter(watched, event)

    @Slot(QPoint)
    def _on_context_menu(self, pos: QPoint) -> None:
        index = self.list.indexAt(pos)
        if index.isValid() and not index.data(ProfilesModel.ConnectedRole):
            self.show_reconnect_menu(index, pos)

    def show_reconnect_menu(self, index: QModelIndex, pos: QPoint) -> QtWidgets.QMenu:
        """The disconnected profile's menu: the dashboard link, then "Re-sync now"."""
        platform, account = index.data(ProfilesModel.KeyRole)
        if self.reconnect_menu is not None:
            self.reconnect_menu.deleteLater()
        menu = reconnect_menu(
            self, platform, account, self.dashboard_requested.emit, self.resync_requested.emit
        )
        self.reconnect_menu = menu
        menu.popup(self.list.viewport().mapToGlobal(pos))
        return menu

    def set_workspace_name(self, name: str) -> None:
        self.workspace_button.setText(f"{name}  ▾")

    def show_no_workspace(self, on: bool) -> None:
        """No workspace yet: lead to adding a key rather than to connecting accounts."""
        self._no_workspace = on
        self._update_empty()

    @Slot()
    def _update_empty(self) -> None:
        self.empty_label.setText(NO_WORKSPACE_TEXT if self._no_workspace else NO_PROFILES_TEXT)
        self.empty_label.setVisible(self._no_workspace or self._model.rowCount() == 0)
        self.add_key_button.setVisible(self._no_workspace)

    @Slot()
    def _on_all_clicked(self) -> None:
        self.list.clearSelection()
        self.all_button.setChecked(True)
        self._selection.clear()

    @Slot(QItemSelection, QItemSelection)
    def _on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        keys = {
            tuple(i.data(ProfilesModel.KeyRole)) for i in self.list.selectionModel().selectedRows()
        }
        self.all_button.setChecked(not keys)
        self._selection.set_keys(frozenset(keys))

    def select_profile(self, platform: str, account_id: str) -> bool:
        """Select one profile by key (tests, keyboard helpers); False when it is not listed."""
        for row in range(self._model.rowCount()):
            index = self._model.index(row, 0)
            if index.data(ProfilesModel.KeyRole) == (platform, account_id):
                self.list.setCurrentIndex(index)
                self.list.selectionModel().select(
                    index, self.list.selectionModel().SelectionFlag.ClearAndSelect
                )
                return True
        return False

    @Slot()
    def _restore_selection(self) -> None:
        # A reload resets the model; put the user's selection back so filters survive a sync.
        wanted = self._selection.keys
        if not wanted:
            return
        sm = self.list.selectionModel()
        sm.blockSignals(True)
        try:
            for row in range(self._model.rowCount()):
                index: QModelIndex = self._model.index(row, 0)
                if index.data(ProfilesModel.KeyRole) in wanted:
                    sm.select(index, sm.SelectionFlag.Select)
        finally:
            sm.blockSignals(False)
        self.list.viewport().update()
