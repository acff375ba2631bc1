"""CalendarPage: month, week and agenda over the shared posts model; drag a chip to reschedule."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from typing import Any, cast

from s200desk.services.outbox.model import V2_PLATFORMS
from s200desk.services.planning.caps import plan_cap
from s200desk.services.platform_names import PLATFORM_NAMES, platform_name
from s200desk.services.user_words import describe_error
from s200desk.ui.calendar.agenda import AgendaView
from s200desk.ui.calendar.backend import CalendarBackend
from s200desk.ui.calendar.chips import Cell
from s200desk.ui.calendar.day_index import PreparedRange, prepare_range
from s200desk.ui.calendar.day_popup import DayPopup
from s200desk.ui.calendar.grid_view import GridView, Verdict
from s200desk.ui.calendar.keyboard_moves import KeyboardMoves
from s200desk.ui.calendar.model import DRAGGABLE_STATUSES, CalendarModel
from s200desk.ui.calendar.moves import MoveRunner
from s200desk.ui.calendar.range_reader import RangeReader
from s200desk.ui.calendar.tables import MonthTable, WeekTable
from s200desk.ui.calendar.timegrid import (
    DropTarget,
    add_months,
    as_zone,
    first_weekday,
    month_days,
    move_to_day,
    move_to_slot,
    resolve_wall,
    slot_start,
    week_start,
)
from s200desk.ui.formatting import zone
from s200desk.ui.posts.model import PostRow, PostsTableModel
from s200desk.ui.qt import (
    QAction,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QPoint,
    QPushButton,
    QStackedWidget,
    Qt,
    QtCore,
    QtGui,
    QTimer,
    QToolButton,
    QtWidgets,
    QVBoxLayout,
    QWidget,
    Signal,
)
from s200desk.ui.selection import ProfileSelection
from s200desk.ui.spoken import announce, tie_name
from s200desk.ui.tasks import TaskKeeper
from s200desk.ui.theme import theme_signal

Clock = Callable[[], datetime]


class Mode(StrEnum):
    MONTH = "month"
    WEEK = "week"
    AGENDA = "agenda"


DAY_EARLIER_KEYS = "Ctrl+Shift+Left"  # the selected post, one day earlier (same time)
DAY_LATER_KEYS = "Ctrl+Shift+Right"
STATUS_FILTERS = (("All statuses", ()), ("Scheduled", ("scheduled",)),
                  ("Published", ("published",)), ("Failed", ("failed",)),
                  ("Queued", ("queued", "pending")))


def _system_now() -> datetime:
    return datetime.now(UTC)


class CalendarPage(QWidget):
    """The calendar. Feed it posts (a shared ``PostsTableModel`` or ``set_posts``) and a backend."""

    compose_requested = Signal(object)  # aware UTC datetime: open the composer at that time
    open_requested = Signal(str)  # post id
    edit_as_draft_requested = Signal(str)  # post id
    duplicate_requested = Signal(str)  # post id
    edit_requested = Signal(str)  # post id: open it in the composer to change it
    status_message = Signal(str)  # what the calendar just did, for a status bar
    post_moved = Signal(str, str)  # original id, replacement id: the store is behind until a sync
    move_failed = Signal(str)  # the post whose move failed: told here, above the calendar

    def __init__(self, *, posts_model: PostsTableModel | None = None,
                 backend: CalendarBackend | None = None, settings: Any = None,
                 selection: ProfileSelection | None = None, clock: Clock | None = None,
                 tasks: TaskKeeper | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calendarPage")
        self.setAccessibleName("Calendar")
        self._clock: Clock = clock or _system_now
        self._first = 0
        self._plan: Any = None
        self._filters_wrapped = False  # the bar's filters on a row of their own (narrow)
        self._rate_limits: dict[str, Any] = {}
        self.model = CalendarModel(zone(None), None, self)
        self.runner = MoveRunner(self.model, self._clock, tasks, self)
        self.runner.backend = backend
        self.runner.message.connect(self._say)
        self.runner.moved.connect(self.post_moved)
        self.runner.failed.connect(self._on_move_failed)
        self._mode = Mode.MONTH
        self._anchor = self._clock().astimezone(self.model.tz).date()
        self._pending_full: tuple[str, datetime, datetime] | None = None
        self._source: PostsTableModel | None = None
        self._span: tuple[datetime, datetime] | None = None  # what a windowed source gave
        self._shown_span: tuple[datetime, datetime] | None = None  # the range whose rows show
        self.range_reader = RangeReader(self)  # a large store's range, off the UI thread
        self.range_reader.arrived.connect(self._on_range_arrived)
        self._selection: ProfileSelection | None = None

        self.month_table = MonthTable(self.model, self._clock)
        self.week_table = WeekTable(self.model, self._clock)
        self.month_view = GridView(self.model, week=False)
        self.month_view.setObjectName("calendarMonth")
        self.month_view.setAccessibleName("Month")
        self.month_view.setModel(self.month_table)
        self.week_view = GridView(self.model, week=True)
        self.week_view.setObjectName("calendarWeek")
        self.week_view.setAccessibleName("Week")
        self.week_view.setModel(self.week_table)
        self.agenda_view = AgendaView(self.model)
        self.agenda_view.setObjectName("calendarAgenda")
        self.agenda_view.setAccessibleName("Agenda")
        for view in (self.month_view, self.week_view):
            view.judge = self._judge
            view.flip_zone = self._nav_flip_zone
            view.flip_requested.connect(self._flip_while_dragging)
            view.chip_dropped.connect(self._on_chip_dropped)
            view.chip_activated.connect(self.open_requested)
            view.empty_activated.connect(self._on_empty_activated)
            view.context_requested.connect(self._on_context_requested)
        self.agenda_view.chip_activated.connect(self.open_requested)
        self.agenda_view.context_requested.connect(self._on_context_requested)
        for view in (self.month_view, self.week_view):
            view.more_requested.connect(lambda cell, _rect, v=view: self.show_day(cell.day, v))
            view.pressed.connect(self._close_day)

        self._build_ui()
        self.day_popup = DayPopup(self.model, self)
        self.day_popup.list.chip_activated.connect(self._open_from_day)
        self.day_popup.list.context_requested.connect(self._on_context_requested)
        self.day_popup.list.drag_out.connect(self._on_dragged_out_of_day)
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(0)
        self._reload_timer.timeout.connect(self.reload_from_source)
        self._warm_timer = QTimer(self)
        self._warm_timer.setSingleShot(True)
        self._warm_timer.setInterval(0)
        self._warm_timer.timeout.connect(self._on_model_settled)
        self.model.changed.connect(self._warm_timer.start)
        if settings is not None:
            self.apply_settings(settings)
        if selection is not None:
            self.set_profile_selection(selection)
        if posts_model is not None:
            self.set_posts_model(posts_model)
        self._show()

    # -- wiring ----------------------------------------------------------------------------

    def set_backend(self, backend: CalendarBackend | None) -> None:
        self.runner.backend = backend

    def apply_settings(self, settings: Any) -> None:
        """Time zone, first day of the week and plan (daily cap) from ``config.Settings``."""
        tz: tzinfo = as_zone(getattr(settings, "time_zone", None) or "UTC")
        self._first = first_weekday(getattr(settings, "first_day_of_week", "monday"))
        self._plan = getattr(settings, "plan", None)
        self.model.set_daily_cap(plan_cap(self._rate_limits, self._plan))
        # A range under way was asked for the old zone: _show asks the new zone's range (its
        # bounds are local midnights), which supersedes it; were the bounds the same, the model
        # would still index its rows again in the new zone (CalendarModel.adopt).
        self.model.set_time_zone(tz)
        self._show()

    def _bar_filters(self) -> tuple[QWidget, ...]:
        return (self.platform_filter, self.status_filter, self.date_edit)

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_bar()

    def _fit_bar(self) -> None:
        """The filters on the title's row when it has room for all of it, else on a row below."""
        direct = Qt.FindChildOption.FindDirectChildrenOnly
        shown = [w for w in self._bar.findChildren(QWidget, options=direct) if not w.isHidden()]
        needed = sum(w.sizeHint().width() for w in shown) + 6 * len(shown) + 24
        wrap = self.width() < needed
        if wrap == self._filters_wrapped:
            return
        self._filters_wrapped = wrap
        for i, widget in enumerate(self._bar_filters()):
            if wrap:
                self._top_row.removeWidget(widget)
                self._second_row.insertWidget(i, widget)
            else:
                self._second_row.removeWidget(widget)
                self._top_row.insertWidget(self._filters_at + i, widget)

    def set_rate_limits(self, rate_limits: Mapping[str, Any]) -> None:
        """The server's last ``X-RateLimit-*`` per platform: its cap outranks the plan setting."""
        self._rate_limits = dict(rate_limits)
        cap = plan_cap(self._rate_limits, self._plan)
        if cap != self.model.daily_cap:
            self.model.set_daily_cap(cap)

    def set_posts_model(self, model: PostsTableModel | None) -> None:
        """Follow the shared posts model: every reset or change re-reads its rows (coalesced)."""
        if self._source is not None:
            for signal in self._source_signals(self._source):
                signal.disconnect(self._reload_timer.start)
        self._source = model
        if model is not None:
            for signal in self._source_signals(model):
                signal.connect(self._reload_timer.start)
        self.reload_from_source()

    @staticmethod
    def _source_signals(model: PostsTableModel) -> list[Any]:
        return [model.modelReset, model.layoutChanged, model.dataChanged, model.rowsInserted,
                model.rowsRemoved]

    def reload_from_source(self) -> None:
        model = self._source
        if model is None:
            return
        # The posts list filters the shared model by its own search box; the calendar wants every
        # post (it filters by profile, platform and status itself), so read the unfiltered rows.
        # The shared model holds store records or PostRows; both carry every field the calendar
        # reads, so they are shown as they are (building 10,000 PostRows costs ~150 ms).
        if model.windowed:
            # A store of 100,000 posts: only the months around the one shown are read.
            self._span = self._span_around(self._anchor)
            # The index by day is built on the worker too, for the zone and filters of now.
            asked = self.model.shape()
            rows = self.range_reader.read(model, self._span,
                                          lambda found: prepare_range(found, asked))
            if rows is not None:
                self._on_range_arrived(rows)
            else:  # the previous rows stay until this range arrives; another one: "Loading…"
                self.loading.setVisible(self._span != self._shown_span)
        else:
            self._span = self._shown_span = None
            self.range_reader.close()
            self.loading.hide()
            self.model.set_rows(cast("list[PostRow]", model.all_rows()))

    def _on_range_arrived(self, answer: PreparedRange | list[Any]) -> None:
        self._shown_span = self._span
        self.loading.hide()
        if isinstance(answer, PreparedRange):
            self.model.adopt(answer)  # indexed on the worker (or again here if shapes differ)
        else:  # read in place: indexed here, on the first look
            self.model.set_rows(cast("list[PostRow]", answer))

    def _span_around(self, day: date) -> tuple[datetime, datetime]:
        """``day``'s month, a week wider before and two after (the month grid's leading and
        trailing days, whatever the first weekday; the week and agenda views fall inside), in
        UTC. A step to the next month reads that one (~70 ms at 100,000 posts)."""
        tz = self.model.tz
        first = day.replace(day=1) - timedelta(days=7)
        last = add_months(day.replace(day=1), 1) + timedelta(days=14)
        return (datetime.combine(first, time(), tz).astimezone(UTC),
                datetime.combine(last, time(), tz).astimezone(UTC))

    def _ensure_span(self) -> None:
        """Read the store again when the calendar has moved beyond the range it read."""
        if self._source is None or self._span is None or not self._source.windowed:
            return
        since, until = self._span
        want_since, want_until = self._span_around(self._anchor)
        if want_since < since or want_until > until:
            self.reload_from_source()

    def set_posts(self, posts: Iterable[Any]) -> None:
        """Show these posts (api ``Post``, store ``StoredPost``, mappings or ``PostRow``)."""
        self.model.set_rows(p if isinstance(p, PostRow) else PostRow.from_post(p) for p in posts)

    def set_profile_selection(self, selection: ProfileSelection) -> None:
        self._selection = selection
        selection.changed.connect(self._on_selection_changed)
        self._on_selection_changed()

    def _on_selection_changed(self) -> None:
        if self._selection is not None:
            self.model.set_filter(profiles=self._selection.keys)

    @property
    def undo_stack(self) -> Any:
        return self.runner.stack

    async def wait_idle(self) -> None:
        """Until every reschedule started so far has settled (tests, clean shutdown)."""
        await self.runner.wait_idle()

    async def aclose(self) -> None:
        """Before the loop stops: stop waiting for moves (the outbox keeps their intents)."""
        await self.runner.aclose()

    # -- the frame -------------------------------------------------------------------------

    def _build_ui(self) -> None:
        bar = QFrame(self)
        bar.setObjectName("filterBar")
        bar.setAccessibleName("Calendar filters")
        rows = QVBoxLayout(bar)
        rows.setContentsMargins(12, 8, 12, 8)
        rows.setSpacing(6)
        top = QHBoxLayout()
        top.setSpacing(6)
        # In a narrow window the filters take a second row rather than clip ("All platfor").
        self._second_row = QHBoxLayout()
        self._second_row.setSpacing(6)
        self._second_row.addStretch(1)
        rows.addLayout(top)
        rows.addLayout(self._second_row)
        self._top_row = top
        self._bar: QFrame = bar
        self._filters_wrapped = False
        self.today_button = QPushButton("Today", bar)
        self.today_button.clicked.connect(self.go_today)
        self.prev_button = QToolButton(bar)
        self.prev_button.setText("‹")
        self.prev_button.setAccessibleName("Previous")
        self.prev_button.setToolTip("Previous (Alt+Left)")
        self.prev_button.clicked.connect(self.go_prev)
        self.next_button = QToolButton(bar)
        self.next_button.setText("›")
        self.next_button.setAccessibleName("Next")
        self.next_button.setToolTip("Next (Alt+Right)")
        self.next_button.clicked.connect(self.go_next)
        self.title = QLabel(bar)
        self.title.setObjectName("pageTitle")
        self.loading = QLabel("Loading…", bar)
        self.loading.setObjectName("muted")
        self.loading.setAccessibleName("Loading the posts of this month")
        self.loading.hide()
        self.date_edit = QtWidgets.QDateEdit(bar)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setAccessibleName("Jump to date")
        self.date_edit.setToolTip("Jump to a date")
        self.date_edit.dateChanged.connect(self._on_date_edited)
        self.platform_filter = QComboBox(bar)
        self.platform_filter.setAccessibleName("Platform filter")
        self.platform_filter.addItem("All platforms", "")
        for key, name in PLATFORM_NAMES.items():
            self.platform_filter.addItem(name, key)
        self.platform_filter.currentIndexChanged.connect(self._on_filters_changed)
        self.status_filter = QComboBox(bar)
        self.status_filter.setAccessibleName("Status filter")
        tie_name(self.platform_filter)
        tie_name(self.status_filter)
        for label, statuses in STATUS_FILTERS:
            self.status_filter.addItem(label, statuses)
        self.status_filter.currentIndexChanged.connect(self._on_filters_changed)
        self.mode_buttons: dict[Mode, QPushButton] = {}
        for top_widget in (self.today_button, self.prev_button, self.next_button, self.title,
                           self.loading):
            top.addWidget(top_widget)
        top.addStretch(1)
        self._filters_at: int = top.count()
        for widget in self._bar_filters():
            top.addWidget(widget)
        for mode in Mode:
            button = QPushButton(mode.value.capitalize(), bar)
            button.setCheckable(True)
            button.setAutoExclusive(True)
            button.setObjectName(f"calendarMode{mode.value.capitalize()}")
            button.setAccessibleName(f"{mode.value.capitalize()} view")
            button.clicked.connect(lambda _=False, m=mode: self.set_mode(m))
            self.mode_buttons[mode] = button
            top.addWidget(button)

        theme_signal().changed.connect(self._on_theme_changed)

        self.notice = QFrame(self)
        self.notice.setObjectName("calendarNotice")
        self.notice.setAccessibleName("Calendar notice")
        row = QHBoxLayout(self.notice)
        row.setContentsMargins(12, 6, 12, 6)
        self.notice_label = QLabel(self.notice)
        self.notice_label.setWordWrap(True)
        self.notice_confirm = QPushButton("Move anyway", self.notice)
        self.notice_confirm.clicked.connect(self._on_full_confirmed)
        self.notice_dismiss = QPushButton("Don't move", self.notice)
        self.notice_dismiss.clicked.connect(self._on_full_dismissed)
        row.addWidget(self.notice_label, 1)
        row.addWidget(self.notice_confirm)
        row.addWidget(self.notice_dismiss)
        self.notice.hide()

        self.stack = QStackedWidget(self)
        for view in (self.month_view, self.week_view, self.agenda_view):
            self.stack.addWidget(view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(bar)
        layout.addWidget(self.notice)
        layout.addWidget(self.stack, 1)

        self.undo_action = self.runner.stack.createUndoAction(self, "Undo move")
        self.undo_action.setShortcut(QKeySequence("Ctrl+Z"))
        self.redo_action = self.runner.stack.createRedoAction(self, "Redo move")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        for action in (self.undo_action, self.redo_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
        for keys, slot in (("Alt+Left", self.go_prev), ("Alt+Right", self.go_next),
                           ("Alt+Home", self.go_today),
                           (DAY_EARLIER_KEYS, lambda: self.move_selected_by_days(-1)),
                           (DAY_LATER_KEYS, lambda: self.move_selected_by_days(1))):
            action = QAction(self)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
        self.keyboard_moves = KeyboardMoves(self)  # an hour earlier / later, Reschedule…

    def _on_theme_changed(self, _colours: object = None) -> None:
        """The theme switched: redraw the cells cached in the old colours."""
        for view in (self.month_view, self.week_view):
            view.chips.invalidate()
            view.viewport().update()
        self.agenda_view.viewport().update()

    # -- navigation ------------------------------------------------------------------------

    @property
    def mode(self) -> Mode:
        return self._mode

    @property
    def anchor(self) -> date:
        return self._anchor

    def set_mode(self, mode: Mode | str) -> None:
        self._mode = Mode(mode)
        self._show()

    def go_today(self) -> None:
        self.go_to(self._clock().astimezone(self.model.tz).date())

    def go_prev(self) -> None:
        self._step(-1)

    def go_next(self) -> None:
        self._step(1)

    def _step(self, n: int) -> None:
        if self._mode is Mode.WEEK:
            self.go_to(self._anchor + timedelta(days=7 * n))
        else:
            self.go_to(add_months(self._anchor, n))

    def go_to(self, day: date) -> None:
        self._anchor = day
        self._show()

    def _nav_flip_zone(self, global_pos: QPoint) -> int:
        """-1 / +1 while a dragged chip is held over the ‹ / › button, else 0."""
        for button, step in ((self.prev_button, -1), (self.next_button, 1)):
            if button.isVisible() and button.rect().contains(button.mapFromGlobal(global_pos)):
                return step
        return 0

    def _flip_while_dragging(self, step: int) -> None:
        """A chip is held at an edge: turn the page, keeping the hours the week shows."""
        bar = self.week_view.verticalScrollBar()
        scrolled = bar.value()
        self._step(step)
        if self._mode is Mode.WEEK:
            bar.setValue(scrolled)
        self._say(f"Showing {self.title.text()}: drop the post there, or hold it at the edge "
                  "to go further.")

    def _show(self) -> None:
        if not hasattr(self, "stack"):
            return
        if hasattr(self, "day_popup"):
            self.day_popup.hide()
        mode, day = self._mode, self._anchor
        self._ensure_span()
        self.mode_buttons[mode].setChecked(True)
        if mode is Mode.MONTH:
            self.month_table.set_month(day.year, day.month, self._first)
            self.title.setText(day.strftime("%B %Y"))
            self.stack.setCurrentWidget(self.month_view)
            index = self.month_table.index_of(day)
            if index.isValid():
                self.month_view.setCurrentIndex(index)
            self._warm_neighbours(day)
        elif mode is Mode.WEEK:
            start = week_start(day, self._first)
            self.week_table.set_week(start)
            end = start + timedelta(days=6)
            self.title.setText(f"{start.strftime('%d %b')} – {end.strftime('%d %b %Y')}")
            self.stack.setCurrentWidget(self.week_view)
            hour = 8
            if start <= self._clock().astimezone(self.model.tz).date() <= end:
                hour = max(0, self._clock().astimezone(self.model.tz).hour - 1)
            self.week_view.setCurrentIndex(self.week_table.index_of(day, hour))
            self.week_view.verticalScrollBar().setValue(hour * 44)
        else:
            first = day.replace(day=1)
            self.agenda_view.agenda.set_range(first, add_months(first, 1) - timedelta(days=1))
            self.title.setText(day.strftime("%B %Y"))
            self.stack.setCurrentWidget(self.agenda_view)
            self.agenda_view.scroll_to_day(day)
        self.date_edit.blockSignals(True)
        self.date_edit.setDate(QtCore.QDate(day.year, day.month, day.day))
        self.date_edit.blockSignals(False)

    # -- the day's list ("+N more") ---------------------------------------------------------

    def show_day(self, day: date, view: GridView | None = None) -> None:
        """Every post of ``day`` in a list over the grid (what "+N more" opens)."""
        view = view or (self.week_view if self._mode is Mode.WEEK else self.month_view)
        more = view.more_rect(day)
        if more is None:
            index = (self.month_table.index_of(day) if view is self.month_view
                     else self.week_table.index_of(day, 0))
            more = view.visualRect(index)
        top_left = view.viewport().mapTo(self, more.topLeft())
        self.day_popup.open_day(day, QtCore.QRect(top_left, more.size()))

    def _close_day(self) -> None:
        self.day_popup.hide()

    def _open_from_day(self, post_id: str) -> None:
        self.day_popup.hide()
        self.open_requested.emit(post_id)

    def _on_dragged_out_of_day(self, row: PostRow, global_pos: QPoint) -> None:
        """A post dragged out of the day's list: the grid under it carries the drag on."""
        self.day_popup.hide()
        view = self.week_view if self._mode is Mode.WEEK else self.month_view
        view.start_drag(row, view.viewport().mapFromGlobal(global_pos))

    def _on_model_settled(self) -> None:
        if self._mode is Mode.MONTH:
            self._warm_neighbours(self._anchor)

    def _warm_neighbours(self, day: date) -> None:
        """Prepare the chips of the months either side while idle: ‹ and › then paint fast."""
        view, table = self.month_view, self.month_table
        if table.rowCount() == 0 or not view.isVisible():
            return
        rects = [[view.visualRect(table.index(r, c)) for c in range(7)] for r in range(6)]
        if rects[0][0].width() <= 0:
            return
        cells: list[tuple[Any, Cell]] = []
        for step in (1, -1):
            other = add_months(day, step)
            days = month_days(other.year, other.month, self._first)
            for i, d in enumerate(days):
                rect = rects[i // 7][i % 7]
                rows = self.model.rows_on(d)
                if rows:
                    cells.append((rect.translated(-rect.left(), -rect.top()),
                                  Cell(day=d, hour=None, rows=rows)))
        view.chips.warm(cells)

    def _on_date_edited(self, qdate: QtCore.QDate) -> None:
        self.go_to(date(qdate.year(), qdate.month(), qdate.day()))

    def _on_filters_changed(self) -> None:
        platform = self.platform_filter.currentData() or ""
        statuses = self.status_filter.currentData() or ()
        self.model.set_filter(platforms={platform} if platform else set(), statuses=set(statuses))

    def current_view(self) -> QWidget | None:
        return self.stack.currentWidget()

    # -- moving ----------------------------------------------------------------------------

    def target_for(self, row: PostRow, cell: Cell) -> DropTarget | None:
        when = self.model.when_of(row)
        if when is None:
            return None
        if cell.hour is None:
            return move_to_day(when, cell.day, self.model.tz)
        return move_to_slot(when, cell.day, cell.hour, self.model.tz)

    def _judge(self, row: PostRow, cell: Cell) -> Verdict:
        return self._verdict(row, self.target_for(row, cell))

    def _verdict(self, row: PostRow, target: DropTarget | None) -> Verdict:
        if target is None or target.utc == self.model.when_of(row):
            return Verdict.SAME
        if target.utc <= self._clock().astimezone(UTC):
            return Verdict.PAST
        if self.model.cap_full(row, target.utc):
            return Verdict.FULL
        return Verdict.OK

    def _on_chip_dropped(self, post_id: str, cell: Cell) -> None:
        row = self.model.row(post_id)
        if row is None or row.status not in DRAGGABLE_STATUSES or row.when is None:
            return
        self.move_to(post_id, self.target_for(row, cell))

    def move_to(self, post_id: str, target: DropTarget | None) -> None:
        """Move ``post_id`` to ``target`` as a drop there would: the past refused, a full day
        asked about, else one undoable move (drags, keys and Reschedule… all come here)."""
        row = self.model.row(post_id)
        if row is None or row.status not in DRAGGABLE_STATUSES or row.when is None:
            return
        verdict = self._verdict(row, target)
        if target is None or verdict is Verdict.SAME:
            return
        if verdict is Verdict.PAST:
            self._say("A post cannot be moved into the past: it stays where it was.", True)
            return
        if verdict is Verdict.FULL:
            name = platform_name(row.platform)
            full = (f"{target.local.strftime('%a %d %b')} is full for this profile on {name} "
                    f"({self.model.daily_cap} a day on your plan)")
            if row.platform not in V2_PLATFORMS:
                # Only the v2 endpoint queues past the cap; the others refuse the post (403).
                self._say(f"{full}: {name} would refuse the post. Pick another day.", True)
                return
            self._pending_full = (post_id, row.when, target.utc)
            self._show_notice(f"{full}: the post would be queued for the next day with room.",
                              confirm=True)
            return
        self.move_post(post_id, target.utc, note=target.note)

    def selected_post_id(self) -> str | None:
        """The post selected in the view on screen (month, week or agenda)."""
        if self._mode is Mode.AGENDA:
            return self.agenda_view.selected_id
        return (self.week_view if self._mode is Mode.WEEK else self.month_view).selected_id

    def move_selected_by_days(self, days: int) -> None:
        """Ctrl+Shift+Left / Right: the selected post a day earlier / later, at the same time,
        judged and moved exactly as a drop on that day would be."""
        post_id = self.selected_post_id()
        if post_id is not None:
            self.move_by_days(post_id, days)

    def move_by_days(self, post_id: str, days: int) -> None:
        row = self.model.row(post_id)
        when = self.model.when_of(row) if row is not None else None
        if row is None or when is None:
            return
        if row.status not in DRAGGABLE_STATUSES:
            self._say("Only a scheduled post can be moved.", True)
            return
        day = when.astimezone(self.model.tz).date() + timedelta(days=days)
        self._on_chip_dropped(post_id, Cell(day=day, hour=None, rows=[]))

    def move_post(self, post_id: str, new_time: datetime, note: str | None = None) -> None:
        """Reschedule ``post_id`` to ``new_time`` (aware UTC) as one undoable step."""
        row = self.model.row(post_id)
        if row is None or row.when is None:
            return
        local = new_time.astimezone(self.model.tz)
        self.runner.push_move(post_id, row.when, new_time,
                              f"Move post to {local.strftime('%a %d %b %H:%M')}")
        if note:
            self._say(note)

    def _on_full_confirmed(self) -> None:
        pending, self._pending_full = self._pending_full, None
        self.notice.hide()
        if pending is not None:
            self.move_post(pending[0], pending[2])

    def _on_full_dismissed(self) -> None:
        self._pending_full = None
        self.notice.hide()

    # -- opening, composing, the context menu ----------------------------------------------

    def compose_time_for(self, cell: Cell) -> datetime | None:
        """Where a double-click on an empty spot composes: the slot, or 09:00 (next hour today)."""
        now = self._clock().astimezone(UTC)
        if cell.hour is not None:
            target = slot_start(cell.day, cell.hour, self.model.tz)
        else:
            target = resolve_wall(datetime.combine(cell.day, time(9)), self.model.tz)
            if cell.day == now.astimezone(self.model.tz).date() and target.utc <= now:
                local = now.astimezone(self.model.tz)
                nxt = local.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
                return nxt.astimezone(UTC)
        return target.utc if target.utc > now else None

    def _on_empty_activated(self, cell: Cell) -> None:
        when = self.compose_time_for(cell)
        if when is None:
            self._say("That time has passed: pick a future slot to compose a post.", True)
            return
        self.compose_requested.emit(when)

    def _on_context_requested(self, row: PostRow | None, cell: Cell | None,
                              global_pos: QPoint) -> None:
        menu = self.context_menu(row, cell)
        if menu is not None:
            menu.popup(global_pos)

    def context_menu(self, row: PostRow | None, cell: Cell | None) -> QtWidgets.QMenu | None:
        menu = QtWidgets.QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if row is None:
            if cell is None:
                return None
            menu.addAction("New post here", lambda: self._on_empty_activated(cell))
            return menu
        post_id = row.id
        menu.addAction("Open", lambda: self.open_requested.emit(post_id))
        edit = menu.addAction("Edit post…", lambda: self.edit_requested.emit(post_id))
        edit.setEnabled(row.status in DRAGGABLE_STATUSES and self.model.move_of(post_id) is None)
        if not edit.isEnabled():
            edit.setToolTip("Only a scheduled post that is not being moved can be edited")
        menu.addAction("Edit as new draft", lambda: self.edit_as_draft_requested.emit(post_id))
        menu.addAction("Duplicate", lambda: self.duplicate_requested.emit(post_id))
        movable = row.status in DRAGGABLE_STATUSES and self.model.move_of(post_id) is None
        earlier = menu.addAction("Move a day earlier", lambda: self.move_by_days(post_id, -1))
        earlier.setShortcut(QKeySequence(DAY_EARLIER_KEYS))
        later = menu.addAction("Move a day later", lambda: self.move_by_days(post_id, 1))
        later.setShortcut(QKeySequence(DAY_LATER_KEYS))
        for action in (earlier, later, *self.keyboard_moves.add_to_menu(menu, post_id)):
            action.setEnabled(movable)
        menu.addSeparator()
        cancel = menu.addAction("Cancel post", lambda: self.cancel_post(post_id))
        cancel.setEnabled(movable)
        return menu

    def cancel_post(self, post_id: str) -> None:
        """Cancel a scheduled post through the backend (the outbox)."""
        row = self.model.row(post_id)
        backend = self.runner.backend
        if row is None or backend is None:
            return

        async def _cancel() -> None:
            try:
                reason = await backend.cancel(row)
            except Exception as exc:
                reason = describe_error(exc)
            if reason:
                self._say(f"Could not cancel: {reason}", True)
            else:  # the outbox recorded it in the store; the shared model reloads from there
                self._say("Post cancelled.")

        self.runner.keep(_cancel())

    # -- feedback --------------------------------------------------------------------------

    def _on_move_failed(self, post_id: str) -> None:
        if self.isVisible():  # told in the notice above the calendar, on screen
            self.move_failed.emit(post_id)

    def _show_notice(self, text: str, confirm: bool = False) -> None:
        self.notice_label.setText(text)
        self.notice_confirm.setVisible(confirm)
        self.notice_dismiss.setText("Don't move" if confirm else "Dismiss")
        self.notice.show()

    def _say(self, text: str, error: bool = False) -> None:
        if error:  # the notice above the calendar, read out: not the status bar's too
            self._pending_full = None
            self._show_notice(text)
            announce(self.notice, text)
            self.last_message = text
            return
        self.status_message.emit(text)
        if not self._pending_full:
            self.notice.hide()
        self.last_message = text

    last_message = ""
