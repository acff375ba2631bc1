"""PostsPage: filter bar (search, platform, status), the posts table and the detail pane."""

from __future__ import annotations

from s200desk.services.platform_names import PLATFORM_NAMES
from s200desk.ui.formatting import STATUS_LABELS
from s200desk.ui.icons import platform_icon
from s200desk.ui.posts.compact_header import CompactHeader, IconWhenNarrow
from s200desk.ui.posts.detail import PostDetailPane
from s200desk.ui.posts.list_keys import add_list_keys
from s200desk.ui.posts.model import PostLike, PostsFilter, PostsTableModel
from s200desk.ui.qt import (
    QAbstractItemView,
    QComboBox,
    QEvent,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QItemSelection,
    QLabel,
    QLineEdit,
    QModelIndex,
    QObject,
    QPushButton,
    QSize,
    QSplitter,
    Qt,
    QTableView,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
    Slot,
)
from s200desk.ui.selection import ProfileSelection
from s200desk.ui.spoken import tie_name

POST_STATUSES = ("scheduled", "published", "pending", "failed", "cancelled")
# Each column's width when there is room, and the least it gets when the window is narrow.
COLUMN_WIDTHS = {
    PostsTableModel.PLATFORM: 112,
    PostsTableModel.PROFILE: 130,
    PostsTableModel.STATUS: 96,
    PostsTableModel.WHEN: 140,
}
LEAST_WIDTHS = {
    PostsTableModel.PLATFORM: 44,  # the platform's icon
    PostsTableModel.PROFILE: 80,  # "Profile" and its sort arrow
    PostsTableModel.STATUS: 84,
    PostsTableModel.WHEN: 118,
}
CAPTION_SHARE = 0.3  # of a narrow list, for the caption: what a creator reads rows by


class PostsPage(QWidget):
    """The posts list. Reads the shared model; filters apply to the model, not to copies."""

    post_selected = Signal(str)  # the window fetches the full post
    new_post_clicked = Signal()  # the bar's "New post" button (the window: as Ctrl+N)

    def __init__(
        self, model: PostsTableModel, selection: ProfileSelection, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("postsPage")
        self.setAccessibleName("Posts")
        self.model = model
        self._selection = selection

        # Each widget is made in the parent it stays in (see MainWindow: no restyling twice).
        bar = QFrame(self)
        bar.setObjectName("filterBar")
        bar.setAccessibleName("Post filters")
        bar.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        title = QLabel("Posts", bar)
        title.setObjectName("pageTitle")
        title.setAccessibleName("Posts heading")
        self.count_label = QLabel(bar)
        self.count_label.setObjectName("muted")
        self.count_label.setAccessibleName("Number of posts shown")

        self.search = QLineEdit(bar)
        self.search.setObjectName("postSearch")
        self.search.setAccessibleName("Search posts")
        self.search.setPlaceholderText("Search captions and handles")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(240)

        self.platform_filter = QComboBox(bar)
        self.platform_filter.setObjectName("platformFilter")
        self.platform_filter.setAccessibleName("Filter by platform")
        self.platform_filter.addItem("All platforms", "")
        for pid, name in PLATFORM_NAMES.items():
            self.platform_filter.addItem(platform_icon(pid), name, pid)
        self.platform_filter.setIconSize(QSize(16, 16))

        self.status_filter = QComboBox(bar)
        self.status_filter.setObjectName("statusFilter")
        self.status_filter.setAccessibleName("Filter by status")
        tie_name(self.platform_filter)
        tie_name(self.status_filter)
        # Cancelled posts (a move leaves its original cancelled) show only when asked for.
        self.status_filter.addItem("All but cancelled", "")
        for status in POST_STATUSES:
            self.status_filter.addItem(STATUS_LABELS[status], status)

        self.new_post_button = QPushButton("New post", bar)
        self.new_post_button.setObjectName("primaryButton")
        self.new_post_button.setAccessibleName("New post")
        self.new_post_button.clicked.connect(self.new_post_clicked)

        bar_layout = QHBoxLayout(bar)
        bar_layout.setContentsMargins(18, 12, 18, 12)
        bar_layout.setSpacing(10)
        bar_layout.addWidget(title)
        bar_layout.addWidget(self.count_label)
        bar_layout.addStretch(1)
        bar_layout.addWidget(self.search)
        bar_layout.addWidget(self.platform_filter)
        bar_layout.addWidget(self.status_filter)
        bar_layout.addWidget(self.new_post_button)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName("postsSplitter")
        splitter.setAccessibleName("Posts and details")
        self.table = QTableView(splitter)
        self.table.setHorizontalHeader(CompactHeader(self.table))
        self._platform_cells = IconWhenNarrow(self.table)
        self.table.setItemDelegateForColumn(PostsTableModel.PLATFORM, self._platform_cells)
        self.table.setObjectName("postsTable")
        self.table.setAccessibleName("Posts list")
        self.table.setTabKeyNavigation(False)  # Tab leaves the list; arrows move in it
        # The row header is hidden and every row 36 px high before the model comes: with the
        # model first, the hidden header sized itself from 200 rows' header data (1,600 calls).
        vh = self.table.verticalHeader()
        vh.setVisible(False)
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # never measure 10,000 rows
        vh.setDefaultSectionSize(36)
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(PostsTableModel.WHEN, Qt.SortOrder.DescendingOrder)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(False)
        self.table.setWordWrap(False)
        self.table.setIconSize(QSize(18, 18))
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        hh = self.table.horizontalHeader()
        hh.setHighlightSections(False)
        hh.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hh.setSectionResizeMode(PostsTableModel.CAPTION, QHeaderView.ResizeMode.Stretch)
        for column, width in COLUMN_WIDTHS.items():
            self.table.setColumnWidth(column, width)
        self._narrowed = False
        self.table.viewport().installEventFilter(self)
        self.search.installEventFilter(self)  # Down / Enter: into the list
        self.table.selectionModel().selectionChanged.connect(self._on_row_selected)

        self.detail = PostDetailPane(splitter)
        self.cancel_action = add_list_keys(self.table, self.detail)

        splitter.setChildrenCollapsible(False)
        splitter.setHandleWidth(1)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([800, 340])

        self._splitter = splitter
        self._filter_changed = False
        self.no_workspace_note = self._build_no_workspace_note()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(bar)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.no_workspace_note, 1)

        # Typing filters after a short pause, not on every keystroke.
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(150)
        self._search_timer.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(self._search_timer.start)
        self.platform_filter.currentIndexChanged.connect(self.apply_filters)
        self.status_filter.currentIndexChanged.connect(self.apply_filters)
        selection.changed.connect(self.apply_filters)
        model.modelReset.connect(self._on_model_reset)
        model.layoutChanged.connect(self._update_count)
        # A refresh adds or drops posts in place. Qt moves the selection off a removed row onto
        # its neighbour, which would swap the detail pane to a post nobody picked: the selection
        # follows the detail pane's post instead.
        model.rowsInserted.connect(self._update_count)
        model.rowsRemoved.connect(self._after_rows_removed)
        self._update_count()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        elif (
            watched is self.search
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter)  # type: ignore[attr-defined]
        ):
            self.focus_list()
            return True
        return super().eventFilter(watched, event)

    def focus_search(self) -> None:
        """Ready to type a search (Ctrl+F); nothing while there is no workspace."""
        if self.search.isEnabled():
            self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.search.selectAll()

    def focus_list(self) -> None:
        """From the search field into the list, on its first post when none is chosen."""
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self.table.selectionModel().selectedRows() and self.model.rowCount():
            self.table.selectRow(0)

    def _fit_columns(self) -> None:
        """A narrow list keeps its caption readable: the other columns give up width (down to
        their least), and get it back once there is room. Widths the user set at full width
        are left alone."""
        width = self.table.viewport().width()
        room = width - int(width * CAPTION_SHARE)
        needed = sum(COLUMN_WIDTHS.values())
        if room >= needed:
            if self._narrowed:
                self._narrowed = False
                for column, full in COLUMN_WIDTHS.items():
                    self.table.setColumnWidth(column, full)
            return
        self._narrowed = True
        spare = max(0, room - sum(LEAST_WIDTHS.values()))
        extra = needed - sum(LEAST_WIDTHS.values())
        for column, full in COLUMN_WIDTHS.items():
            least = LEAST_WIDTHS[column]
            self.table.setColumnWidth(column, least + (full - least) * spare // extra)

    def _build_no_workspace_note(self) -> QWidget:
        note = QWidget(self)
        note.setObjectName("noWorkspaceNote")
        note.setAccessibleName("No workspace yet")
        heading = QLabel("No workspace yet", note)
        heading.setObjectName("comingLaterTitle")
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        body = QLabel(
            "Add your Status 200 API key to start: your profiles and posts appear here "
            "once it is checked.",
            note,
        )
        body.setObjectName("muted")
        body.setAccessibleName("What to do first")
        body.setAlignment(Qt.AlignmentFlag.AlignCenter)
        body.setWordWrap(True)
        column = QVBoxLayout(note)
        column.addSpacing(32)  # near the top: the welcome dialog covers the page's middle
        column.addWidget(heading)
        column.addSpacing(6)
        column.addWidget(body)
        column.addStretch(1)
        note.hide()
        return note

    def show_no_workspace(self, on: bool) -> None:
        """No workspace yet: an invitation to add a key in place of an empty list and a "0"."""
        self.no_workspace_note.setVisible(on)
        self._splitter.setVisible(not on)
        self.count_label.setVisible(not on)
        for control in (self.search, self.platform_filter, self.status_filter,
                        self.new_post_button):  # fmt: skip
            control.setEnabled(not on)

    @Slot()
    def apply_filters(self) -> None:
        self._filter_changed = True  # the reset it brings may drop the detail pane's post
        platform = self.platform_filter.currentData() or ""
        status = self.status_filter.currentData() or ""
        self.model.set_filter(
            PostsFilter(
                profiles=self._selection.keys,
                platforms=frozenset({platform}) if platform else frozenset(),
                statuses=frozenset({status}) if status else frozenset(),
                text=self.search.text().strip(),
            )
        )

    @Slot()
    def _after_rows_removed(self) -> None:
        selection = self.table.selectionModel()
        selection.blockSignals(True)
        selection.clearSelection()
        selection.blockSignals(False)
        self._on_model_reset()

    @Slot()
    def _on_model_reset(self) -> None:
        # Keep the detail pane on the same post across a reload when it is still listed.
        post_id = self.detail.post_id
        if post_id:
            row = self.model.row_of(post_id)
            if row >= 0:
                self.table.selectionModel().blockSignals(True)
                self.table.selectRow(row)
                self.table.selectionModel().blockSignals(False)
                current = self.model.row_at(row)
                if current is not None and current.status != self._detail_status():
                    self.detail.show_row(current)
                    self.post_selected.emit(post_id)
            elif self._filter_changed:
                # The user's filter hides it: a pane beside the list, with Cancel and Edit, must
                # not go on showing a post the list says is not there. (A sync that drops it
                # leaves the pane, which then says what became of it.)
                self.detail.clear()
        self._filter_changed = False
        self._update_count()

    def _detail_status(self) -> str:
        return self.detail._status

    @Slot()
    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), self.model.total_count
        self.count_label.setText(f"{shown:,}" if shown == total else f"{shown:,} of {total:,}")

    @Slot(QItemSelection, QItemSelection)
    def _on_row_selected(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or self.model.removing_rows:
            return
        row: PostLike | None = self.model.row_at(rows[0].row())
        if row is None:
            return
        self.detail.show_row(row)
        self.post_selected.emit(row.id)

    def select_post(self, post_id: str) -> bool:
        row = self.model.row_of(post_id)
        if row < 0:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0), QAbstractItemView.ScrollHint.EnsureVisible)
        return True

    def current_index(self) -> QModelIndex:
        return self.table.currentIndex()
