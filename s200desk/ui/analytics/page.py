"""The Analytics page: KPIs, one post over time, totals per platform and profile, engagement
rate, a sortable top-posts table and a best-time heatmap, for a chosen date range.

The page owns no data: it reads the store (``load_dashboard`` / ``load_post_history``) whenever
the ChangeBus says analytics or posts changed, and shows what it read. Loading runs as kept
asyncio tasks (qasync); :meth:`apply_dashboard` and :meth:`apply_history` are synchronous, so
tests can also feed hand-made data straight in.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import shiboken6

from s200desk.services import events
from s200desk.services.analytics import (
    ANALYTICS_CHANGED,
    AnalyticsRepo,
    Dashboard,
    DateRange,
    PostHistory,
    export_snapshots_csv,
    load_dashboard,
    load_post_history,
)
from s200desk.services.analytics.post_export import export_posts_csv
from s200desk.services.user_words import describe_error
from s200desk.store import Database
from s200desk.store.repos import ProfilesRepo
from s200desk.ui.analytics.cards import (
    CardState,
    ChartCard,
    KpiTile,
    card_style_sheet,
    format_count,
    format_rate,
)
from s200desk.ui.analytics.charts import (
    METRIC_COLOURS,
    METRIC_LABELS,
    fill_bar_chart,
    fill_history_chart,
    make_chart_view,
    style_chart_view,
)
from s200desk.ui.analytics.heatmap import WEEKDAYS, HeatmapWidget
from s200desk.ui.analytics.top_posts import TopPostsModel
from s200desk.ui.change_relay import ChangeRelay
from s200desk.ui.formatting import format_ago
from s200desk.ui.icons import platform_label
from s200desk.ui.qt import (
    QAbstractItemView,
    QColor,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    Qt,
    QTableView,
    QtCore,
    QTimer,
    QtWidgets,
    QVBoxLayout,
    QWidget,
    Signal,
    Slot,
)
from s200desk.ui.tasks import TaskKeeper
from s200desk.ui.theme import colours, theme_signal

log = logging.getLogger(__name__)

RANGES: tuple[tuple[str, int | None], ...] = (
    ("Last 7 days", 7),
    ("Last 30 days", 30),
    ("Last 90 days", 90),
    ("All time", None),
)
BAR_METRICS = ("views", "likes", "comments", "shares", "saves", "engagement_rate")

EMPTY_RANGE = (
    "No engagement numbers yet for posts published in this range.\n"
    "Published posts are polled automatically; their numbers appear here within minutes."
)
EMPTY_SHORT = "Nothing measured in this range yet."
COLLECTING = "Collecting engagement from Status 200…"
NO_POST_SELECTED = "Pick a post in the table to see how it grew."


class AnalyticsPage(QWidget):
    """The Analytics view. ``AnalyticsPage(db, changes, settings, poller=poller)``; ``changes``:
    the workspace's ``ChangeRelay``."""

    loaded = Signal()  # a dashboard was shown (tests and the status bar listen)
    message = Signal(str)  # something to tell the user in the status bar

    def __init__(
        self,
        db: Database,
        changes: ChangeRelay | None,
        settings: Any,
        poller: Any | None = None,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], datetime] | None = None,
        tasks: TaskKeeper | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("analyticsPage")
        self.setAccessibleName("Analytics")
        self._db = db
        self._changes = changes
        self._settings = settings
        self._poller = poller
        self._clock = clock or (lambda: datetime.now(UTC))
        self._tasks = tasks or TaskKeeper(self._on_task_failed)
        self._own_tasks = tasks is None
        self.dashboard: Dashboard | None = None
        self.history: PostHistory | None = None
        self.selected_post_id: str | None = None
        self._has_loaded = False
        self._load_error: str | None = None

        self._build()
        self._apply_theme()
        theme_signal().changed.connect(self._on_theme_changed)

        self._listening: ChangeRelay | None = None
        self._unlisten: Callable[[], Any] | None = None
        self._listen()
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(300)
        self._reload_timer.timeout.connect(self.refresh)
        self._status_timer = QTimer(self)
        self._status_timer.setInterval(30_000)
        self._status_timer.timeout.connect(self._update_status)
        self._status_timer.start()
        self.destroyed.connect(self._on_destroyed)

    def _listen(self) -> None:
        if self._changes is not None:
            self._changes.changed.connect(self._on_change)
            self._listening = self._changes
        if self._poller is not None and hasattr(self._poller, "add_listener"):
            self._unlisten = self._poller.add_listener(self._on_poller_status)

    def _on_poller_status(self, _status: Any) -> None:
        # The poller (plain asyncio, on the UI thread's loop) outlives the page when the window
        # is deleted before the workspace closes (PySide never delivers ``destroyed`` to the
        # dying page's own slot).
        if shiboken6.isValid(self):
            self._on_change(None)
        else:
            self.close_page()

    def attach(self, db: Database, changes: ChangeRelay | None,
               poller: Any | None = None) -> None:
        """Show another workspace (its store, changes and poller) and reload; for switches."""
        self.close_page()
        self._db, self._changes, self._poller = db, changes, poller
        self.dashboard = None
        self.history = None
        self.selected_post_id = None
        self._has_loaded = False
        self._load_error = None
        self.poll_button.setVisible(poller is not None)
        self._listen()
        self.refresh()

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        title = QLabel("Analytics")
        title.setObjectName("pageTitle")
        self.status_label = QLabel("")
        self.status_label.setObjectName("muted")
        # A long status line wraps instead of widening the page past the window.
        self.status_label.setWordWrap(True)
        self.status_label.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Ignored, QtWidgets.QSizePolicy.Policy.Preferred
        )
        self.range_combo = QComboBox()
        for label, _days in RANGES:
            self.range_combo.addItem(label)
        self.range_combo.setCurrentIndex(1)
        self.range_combo.setToolTip("Posts published in this range")
        self.range_combo.setAccessibleName("Date range")
        self.range_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.metric_combo = QComboBox()
        for metric in BAR_METRICS:
            self.metric_combo.addItem(METRIC_LABELS[metric], metric)
        self.metric_combo.setToolTip("What the platform and profile charts compare")
        self.metric_combo.setAccessibleName("Compare by")
        self.metric_combo.currentIndexChanged.connect(lambda _i: self._apply_bars())
        self.poll_button = QPushButton("Poll now")
        self.poll_button.setToolTip("Ask Status 200 for the numbers of every post that is due")
        self.poll_button.clicked.connect(self.poll_now)
        self.poll_button.setVisible(self._poller is not None)
        self.export_button = QPushButton("Export CSV")
        self.export_button.setObjectName("primaryButton")
        self.export_button.setAccessibleName("Export as CSV")
        self.export_button.setToolTip("The posts in this range as CSV: one row per post, or "
                                      "every reading")
        self.export_menu = QtWidgets.QMenu(self.export_button)
        self.export_posts_action = self.export_menu.addAction(
            "Posts, one row each…", self._ask_export_posts_csv)
        self.export_posts_action.setToolTip("Caption, platform, profile, published time, latest "
                                            "numbers and engagement rate of every post")
        self.export_snapshots_action = self.export_menu.addAction(
            "Every reading (snapshot history)…", self._ask_export_csv)
        self.export_button.setMenu(self.export_menu)

        # The controls beside the title when there is room, else under it (a small window).
        self._header = header = QHBoxLayout()
        self._titles = titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(title)
        titles.addWidget(self.status_label)
        header.addLayout(titles, 1)
        self._controls = controls = QHBoxLayout()
        for words, combo in (("Range", self.range_combo), ("Compare", self.metric_combo)):
            field_label = QLabel(words)
            field_label.setBuddy(combo)  # a screen reader reads "Range", not "Last 30 days" only
            field_label.setSizePolicy(QtWidgets.QSizePolicy.Policy.Maximum,
                                      QtWidgets.QSizePolicy.Policy.Preferred)  # beside its field
            controls.addWidget(field_label)
            controls.addWidget(combo)
            controls.addSpacing(8)
        for button in (self.poll_button, self.export_button):  # their size, in any row
            button.setSizePolicy(QtWidgets.QSizePolicy.Policy.Maximum,
                                 QtWidgets.QSizePolicy.Policy.Fixed)
            controls.addWidget(button)
        header.addLayout(controls)

        self.kpis: dict[str, KpiTile] = {}
        # One row of seven when there is room; two rows in a small window, rather than a page
        # wider than the window with Export CSV scrolled out of sight.
        self._kpi_grid = kpi_row = QtWidgets.QGridLayout()
        kpi_row.setSpacing(10)
        self._kpi_columns = 0
        for key, name in (("posts", "Posts measured"), ("views", "Views"), ("likes", "Likes"),
                          ("comments", "Comments"), ("shares", "Shares"), ("saves", "Saves"),
                          ("engagement_rate", "Engagement rate")):
            tile = KpiTile(name)
            self.kpis[key] = tile
        self._flow_kpis(len(self.kpis))

        self.history_view = make_chart_view()
        self.history_card = ChartCard("Post over time", self.history_view)
        self.platform_view = make_chart_view()
        self.platform_card = ChartCard("Totals per platform", self.platform_view)
        self.rate_view = make_chart_view()
        self.rate_card = ChartCard("Engagement rate by platform", self.rate_view)
        self.profile_view = make_chart_view()
        self.profile_card = ChartCard("Totals per profile", self.profile_view)
        self.heatmap = HeatmapWidget()
        self.heatmap_card = ChartCard("Best time to post", self.heatmap)
        self.top_model = TopPostsModel(self._zone())
        self.top_table = QTableView()
        self.top_table.setObjectName("topPostsTable")
        self.top_table.setAccessibleName("Top posts")
        self.top_table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.top_table.setModel(self.top_model)
        self.top_table.setSortingEnabled(True)
        self.top_table.sortByColumn(3, Qt.SortOrder.DescendingOrder)
        self.top_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.top_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.top_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.top_table.verticalHeader().setVisible(False)
        self.top_table.setShowGrid(False)
        self.top_table.setAlternatingRowColors(True)
        self.top_table.setWordWrap(False)
        head = self.top_table.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # AsNeeded: in a small window its last columns (Saves, Engagement) stay reachable.
        self.top_table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.top_table.selectionModel().currentRowChanged.connect(self._on_row_changed)
        self.top_card = ChartCard("Top posts", self.top_table)

        self.cards = (self.history_card, self.platform_card, self.rate_card, self.profile_card,
                      self.heatmap_card, self.top_card)
        for card in self.cards:
            card.retry_requested.connect(self.refresh)
            card.export_requested.connect(lambda c=card: self._ask_export_png(c))

        grid = QtWidgets.QGridLayout()
        grid.setSpacing(12)
        grid.addWidget(self.history_card, 0, 0)
        grid.addWidget(self.platform_card, 0, 1)
        grid.addWidget(self.top_card, 1, 0, 1, 2)
        grid.addWidget(self.heatmap_card, 2, 0)
        grid.addWidget(self.rate_card, 2, 1)
        grid.addWidget(self.profile_card, 3, 0, 1, 2)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        for row, height in ((0, 300), (1, 340), (2, 280), (3, 260)):
            grid.setRowMinimumHeight(row, height)

        body = QWidget()
        body.setObjectName("analyticsBody")
        body.setAccessibleName("Analytics dashboard")
        inner = QVBoxLayout(body)
        inner.setContentsMargins(20, 16, 20, 20)
        inner.setSpacing(12)
        inner.addLayout(header)
        inner.addLayout(kpi_row)
        inner.addLayout(grid)
        inner.addStretch(1)
        self.scroll_area = QtWidgets.QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        self.scroll_area.setAccessibleName("Analytics, scrolled with the arrow keys")
        self.scroll_area.setWidget(body)
        self.scroll_area.viewport().installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll_area)
        for card in self.cards:
            card.set_state(CardState.LOADING, "Loading analytics…")

    def _flow_kpis(self, columns: int) -> None:
        if columns == self._kpi_columns:
            return
        self._kpi_columns = columns
        for tile in self.kpis.values():
            self._kpi_grid.removeWidget(tile)
        for i, tile in enumerate(self.kpis.values()):
            self._kpi_grid.addWidget(tile, i // columns, i % columns)
        for column in range(len(self.kpis)):
            self._kpi_grid.setColumnStretch(column, 1 if column < columns else 0)

    def _fit_kpis(self) -> None:
        room = self.scroll_area.viewport().width()
        side_by_side = (self._titles.minimumSize().width() + self._controls.minimumSize().width()
                        + self._header.spacing() + 40)
        direction = (QtWidgets.QBoxLayout.Direction.LeftToRight if room >= side_by_side
                     else QtWidgets.QBoxLayout.Direction.TopToBottom)
        if self._header.direction() != direction:
            self._header.setDirection(direction)
        tiles = list(self.kpis.values())
        one_row = sum(t.minimumSizeHint().width() for t in tiles) + 10 * len(tiles) + 40
        wide = self.scroll_area.viewport().width() >= one_row
        self._flow_kpis(len(tiles) if wide else (len(tiles) + 1) // 2)

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if watched is self.scroll_area.viewport() and event.type() == QtCore.QEvent.Type.Resize:
            self._fit_kpis()
        return super().eventFilter(watched, event)

    def _apply_theme(self) -> None:
        c = colours()
        self.setStyleSheet(card_style_sheet(c.base, c.border, c.muted, c.text, c.danger)
                           + f"QWidget#analyticsBody {{ background: {c.window}; }}")
        self.heatmap.accent = QColor(c.accent)
        self.heatmap.text = QColor(c.muted)
        self.heatmap.empty_cell = QColor(c.alt_base if c.base != "#FFFFFF" else "#F1F1F4")
        first = getattr(self._settings, "first_day_of_week", "monday")
        first = str(getattr(first, "value", first))
        self.heatmap.first_weekday = {"monday": 0, "saturday": 5, "sunday": 6}.get(first, 0)
        for view in (self.history_view, self.platform_view, self.rate_view, self.profile_view):
            style_chart_view(view, QColor(c.base))

    def _on_theme_changed(self, _colours: object = None) -> None:
        """The theme switched while the page was up: its own style sheet and every chart (drawn
        with the old colours) follow."""
        self._apply_theme()
        if self.dashboard is not None:
            self.apply_dashboard(self.dashboard)
        if self.history is not None:
            self.apply_history(self.history)
        self.heatmap.update()

    def apply_settings(self, settings: Any) -> None:
        """Settings changed while the page is up: the heatmap's hours, the days of the range
        and the first weekday are read again in the new zone."""
        self._settings = settings
        self._apply_theme()  # the heatmap's first weekday
        self.heatmap.update()
        self.refresh()

    def _chart_colours(self) -> tuple[QColor, QColor, QColor]:
        c = colours()
        return QColor(c.muted), QColor(c.border), QColor(c.base)

    def _zone(self) -> Any:
        zone = getattr(self._settings, "zone", None)
        if zone is not None:
            return zone
        from zoneinfo import ZoneInfo

        return ZoneInfo(getattr(self._settings, "time_zone", "UTC") or "UTC")

    # ------------------------------------------------------------------ range

    def date_range(self) -> DateRange:
        _label, days = RANGES[max(0, self.range_combo.currentIndex())]
        if days is None:
            return DateRange.all_time()
        return DateRange.last_days(days, self._clock())

    def set_range_days(self, days: int | None) -> None:
        """Select a range by its length (None: all time)."""
        for i, (_label, d) in enumerate(RANGES):
            if d == days:
                self.range_combo.setCurrentIndex(i)
                return
        raise ValueError(f"no range of {days} days")

    def current_metric(self) -> str:
        return str(self.metric_combo.currentData())

    # ------------------------------------------------------------------ loading

    def refresh(self) -> None:
        """Reload from the store in the background (needs the running qasync loop)."""
        work = self.reload()
        try:
            self._tasks.start(work, name="analytics-reload")
        except RuntimeError:  # no running loop (a test without one): nothing to schedule
            work.close()
            log.debug("analytics refresh without a running event loop")

    async def reload(self) -> None:
        """Read the dashboard for the current range and show it; errors become the error state."""
        if not self._alive():  # started just before the window closed
            return
        if not self._has_loaded:
            for card in self.cards:
                card.set_state(CardState.LOADING, "Loading analytics…")
        try:
            dashboard = await load_dashboard(self._db, self.date_range(), self._zone())
        except Exception as exc:
            if not self._alive():
                return
            log.exception("loading analytics failed")
            self.show_error(f"Could not read the analytics history. {describe_error(exc)}")
            return
        if not self._alive():
            return
        self.apply_dashboard(dashboard)
        post_id = self.selected_post_id or self._default_post(dashboard)
        if post_id is not None:
            await self.load_post(post_id)

    async def load_post(self, post_id: str) -> None:
        self.selected_post_id = post_id
        try:
            history = await load_post_history(self._db, post_id)
        except Exception as exc:
            if not self._alive():
                return
            log.exception("loading a post's history failed")
            self.history_card.set_state(
                CardState.ERROR, f"Could not read this post's history. {describe_error(exc)}"
            )
            return
        if self.selected_post_id == post_id and self._alive():
            self.apply_history(history)

    def _alive(self) -> bool:
        # A load that finishes after the window was deleted (closing) has nowhere to go; Qt
        # deletes a widget's children first, so a child's wrapper is the one to ask.
        return shiboken6.isValid(self.status_label)

    def show_error(self, text: str) -> None:
        self._load_error = text
        for card in self.cards:
            card.set_state(CardState.ERROR, text)
        for tile in self.kpis.values():
            tile.set_value("—")
        self._update_status()

    # ------------------------------------------------------------------ showing

    def apply_dashboard(self, dashboard: Dashboard) -> None:
        """Show a dashboard (synchronous: the loaded one, or hand-made data in tests)."""
        self.dashboard = dashboard
        self._has_loaded = True
        self._load_error = None
        t = dashboard.totals
        self.kpis["posts"].set_value(f"{t.measured:,}", f"{t.measured} of {t.posts} published "
                                     "posts in range have numbers")
        for metric in ("views", "likes", "comments", "shares", "saves"):
            value = getattr(t, metric)
            self.kpis[metric].set_value(format_count(value), f"{value:,}")
        self.kpis["engagement_rate"].set_value(
            format_rate(t.engagement_rate),
            "(likes + comments + shares + saves) ÷ views, over all measured posts",
        )
        self._fit_kpis()  # longer numbers need more room
        if not dashboard.measured:
            waiting = self._poller is not None and (
                getattr(self._poller.status, "polling", False) or (t.posts > 0
                and getattr(self._poller.status, "last_cycle_at", None) is None)
            )
            state = CardState.LOADING if waiting else CardState.EMPTY
            for card in self.cards:
                # The full explanation once, in the biggest card; a short line elsewhere.
                if waiting:
                    card.set_state(state, COLLECTING)
                else:
                    card.set_state(state, EMPTY_RANGE if card is self.top_card else EMPTY_SHORT)
            self.export_button.setEnabled(False)
            self.top_model.set_rows([])
            self._update_status()
            self.loaded.emit()
            return
        self.export_button.setEnabled(True)
        self._apply_bars()
        self.top_model.set_zone(self._zone())
        self.top_model.set_rows(dashboard.top)
        self.top_card.show_content(f"{len(dashboard.top)} posts")
        self.heatmap.set_heatmap(dashboard.heatmap)
        best = dashboard.heatmap.best()
        zone_name = getattr(self._settings, "time_zone", "")
        self.heatmap_card.show_content(
            "stronger colour = higher engagement"
            + (f" · best {WEEKDAYS[best[0]]} {best[1]:02d}:00" if best else "")
            + f" · {zone_name}"
        )
        self.heatmap_card.setToolTip(
            "Mean engagement rate of your posts by the weekday and hour they were published"
        )
        if self.selected_post_id is None:
            self.selected_post_id = self._default_post(dashboard)
        if self.history is None:
            self.history_card.set_state(CardState.EMPTY, NO_POST_SELECTED)
        self._update_status()
        self.loaded.emit()

    def _default_post(self, dashboard: Dashboard) -> str | None:
        """The post the history chart opens with: the most viewed one whose history we saw from
        its first hours (its line shows the growth), else the one with the most readings."""
        if not dashboard.top:
            return None
        watched = [row for row in dashboard.top if row.seen_young and row.readings >= 3]
        if watched:
            return max(watched, key=lambda row: row.views).post_id
        return max(dashboard.top, key=lambda row: (row.readings, row.views)).post_id

    def _apply_bars(self) -> None:
        dashboard = self.dashboard
        if dashboard is None or not dashboard.measured:
            return
        metric = self.current_metric()
        colours_ = self._chart_colours()
        label = METRIC_LABELS[metric]
        percent = metric == "engagement_rate"
        platforms = [p for p, tot in dashboard.by_platform.items() if tot.measured]
        fill_bar_chart(
            self.platform_view.chart(), [platform_label(p) for p in platforms],
            [dashboard.by_platform[p].metric(metric) or 0.0 for p in platforms],
            label, METRIC_COLOURS[metric], percent=percent, colours=colours_,
        )
        self.platform_card.show_content(label.lower())
        profiles = [k for k, tot in dashboard.by_profile.items() if tot.measured]
        fill_bar_chart(
            self.profile_view.chart(), [_profile_label(k) for k in profiles],
            [dashboard.by_profile[k].metric(metric) or 0.0 for k in profiles],
            label, METRIC_COLOURS[metric], percent=percent, colours=colours_,
        )
        self.profile_card.show_content(label.lower())
        rated = [p for p in platforms if dashboard.by_platform[p].engagement_rate is not None]
        if rated:
            fill_bar_chart(
                self.rate_view.chart(), [platform_label(p) for p in rated],
                [dashboard.by_platform[p].engagement_rate or 0.0 for p in rated],
                "Engagement rate", METRIC_COLOURS["engagement_rate"], percent=True,
                colours=colours_,
            )
            self.rate_card.show_content(f"overall {format_rate(dashboard.totals.engagement_rate)}")
        else:
            self.rate_card.set_state(CardState.EMPTY, "No views yet, so no engagement rate.")

    def apply_history(self, history: PostHistory) -> None:
        """Show one post's snapshots over time."""
        self.history = history
        self.selected_post_id = history.post_id
        if not history.snapshots:
            self.history_card.set_state(
                CardState.EMPTY, "This post has no numbers yet; it is polled while it is young."
            )
            return
        fill_history_chart(
            self.history_view.chart(), history.snapshots, self._chart_colours(), self._zone()
        )
        self._select_row(history.post_id)
        caption = " ".join(history.caption.split())
        if len(caption) > 48:
            caption = caption[:47] + "…"
        n = len(history.snapshots)
        readings = (
            f"{n} readings" if n > 1 else "1 reading so far; the line grows with every poll"
        )
        self.history_card.show_content(
            f"{platform_label(history.platform)} · {caption or history.post_id} · {readings}"
        )

    def _select_row(self, post_id: str) -> None:
        """Highlight the table row of the post the history chart shows, without scrolling the
        table away from the top posts."""
        flags = (QtCore.QItemSelectionModel.SelectionFlag.ClearAndSelect
                 | QtCore.QItemSelectionModel.SelectionFlag.Rows)
        for row in range(self.top_model.rowCount()):
            if self.top_model.post_id(row) == post_id:
                self.top_table.selectionModel().select(self.top_model.index(row, 0), flags)
                return

    def _update_status(self) -> None:
        parts: list[str] = []
        board = self.dashboard
        if self._load_error:
            parts.append("Analytics could not be read")
        elif board is not None:
            parts.append(f"{board.range.label}: {board.totals.measured} posts measured")
            parts.append(f"{board.snapshot_count:,} snapshots stored")
            if board.last_polled_at is not None:
                parts.append(f"last reading {format_ago(board.last_polled_at, self._clock())}")
        status = getattr(self._poller, "status", None)
        if status is not None:
            if getattr(status, "polling", False):
                parts.append("polling…")
            error = getattr(status, "last_error", None)
            if error:
                parts.append(error)
        self.status_label.setText(" · ".join(parts))

    # ------------------------------------------------------------------ events

    @Slot(object)
    def _on_change(self, change: Any) -> None:
        if change is None:  # the poller's status changed
            status = getattr(self._poller, "status", None)
            self.poll_button.setEnabled(not getattr(status, "polling", False))
            self._update_status()
            return
        if getattr(change, "kind", None) in (ANALYTICS_CHANGED, events.POSTS,
                                             events.POSTS_REMOVED, events.WORKSPACE):
            self._reload_timer.start()

    def _on_row_changed(self, current: Any, _previous: Any) -> None:
        post_id = self.top_model.post_id(current.row()) if current.isValid() else None
        if post_id is None or post_id == self.selected_post_id:
            return
        self.selected_post_id = post_id
        try:
            self._tasks.start(self.load_post(post_id), name="analytics-post")
        except RuntimeError:
            log.debug("no running loop to load post %s", post_id)

    def poll_now(self) -> None:
        if self._poller is None:
            return
        self.poll_button.setEnabled(False)
        try:
            self._tasks.start(self._poll_now(), name="analytics-poll-now")
        except RuntimeError:
            self.poll_button.setEnabled(True)

    async def _poll_now(self) -> None:
        assert self._poller is not None
        try:
            report = await self._poller.poll_due()
        finally:
            self.poll_button.setEnabled(True)
        self.message.emit(
            f"Polled {report.attempted} posts, {report.stored} new readings"
            if report.attempted else "Every post is up to date; nothing was due."
        )
        await self.reload()

    def _on_task_failed(self, name: str, error: BaseException) -> None:
        self.message.emit(f"Analytics: {describe_error(error)}")

    # ------------------------------------------------------------------ exports

    async def export_csv(self, path: Path | str) -> int:
        """Write every snapshot of the posts published in the current range; returns rows."""
        board = self.dashboard or await load_dashboard(self._db, self.date_range(), self._zone())
        ids = [p.post_id for p in board.posts]
        snapshots = await AnalyticsRepo(self._db).snapshots(ids)
        return await asyncio.to_thread(export_snapshots_csv, snapshots, path)

    async def export_posts_csv(self, path: Path | str) -> int:
        """Write one row per post published in the current range; returns rows."""
        board = self.dashboard or await load_dashboard(self._db, self.date_range(), self._zone())
        profiles = await ProfilesRepo(self._db).list()
        names = {(p.platform, p.account_id): p.display_name for p in profiles}
        return await asyncio.to_thread(export_posts_csv, board.posts, path, names)

    def _ask_export_posts_csv(self) -> None:
        stamp = self._clock().strftime("%Y-%m-%d")
        self._ask_path("Export posts as CSV", f"s200-posts-{stamp}.csv", "CSV files (*.csv)",
                       self._export_posts_csv_to)

    def _export_posts_csv_to(self, path: str) -> None:
        async def run() -> None:
            try:
                rows = await self.export_posts_csv(path)
            except OSError as exc:
                self.message.emit(f"Could not export to {path}. {describe_error(exc)}")
                return
            self.message.emit(f"Exported {rows:,} posts to {path}")

        self._tasks.start(run(), name="analytics-export-posts")

    def _ask_export_csv(self) -> None:
        stamp = self._clock().strftime("%Y-%m-%d")
        self._ask_path("Export snapshots as CSV", f"s200-analytics-{stamp}.csv",
                       "CSV files (*.csv)", self._export_csv_to)

    def _export_csv_to(self, path: str) -> None:
        async def run() -> None:
            try:
                rows = await self.export_csv(path)
            except OSError as exc:
                self.message.emit(f"Could not export to {path}. {describe_error(exc)}")
                return
            self.message.emit(f"Exported {rows:,} snapshots to {path}")

        self._tasks.start(run(), name="analytics-export-csv")

    def _ask_export_png(self, card: ChartCard) -> None:
        name = card.title_label.text().lower().replace(" ", "-")
        self._ask_path(f"Save “{card.title_label.text()}” as PNG", f"s200-{name}.png",
                       "PNG images (*.png)", lambda path: self._save_png(card, path))

    def png_caption(self, card: ChartCard) -> tuple[str, str]:
        """The title and the line under it that an exported chart carries: what it shows and
        over which range (the image travels without the page around it)."""
        subtitle = card.subtitle
        title = card.title_label.text() + (f" · {subtitle}" if subtitle else "")
        board = self.dashboard
        range_ = board.range if board is not None else self.date_range()
        zone = self._zone()
        if range_.since is not None:
            end = range_.until or self._clock()
            span = (f"{range_.since.astimezone(zone):%d %b %Y} – "
                    f"{end.astimezone(zone):%d %b %Y}")
            where = f"{range_.label} ({span})"
        else:
            where = range_.label
        return title, f"{where} · s200desk analytics"

    def _save_png(self, card: ChartCard, path: str) -> None:
        try:
            size = card.save_png(path, caption=self.png_caption(card))
        except OSError as exc:
            self.message.emit(f"Could not save the image. {describe_error(exc)}")
            return
        self.message.emit(f"Saved {size.width()}×{size.height()} image to {path}")

    def _ask_path(self, title: str, name: str, filters: str,
                  done: Callable[[str], None]) -> None:
        # open() rather than exec(): a nested event loop inside qasync breaks running tasks.
        dialog = QtWidgets.QFileDialog(self, title, str(Path.home() / name), filters)
        dialog.setAcceptMode(QtWidgets.QFileDialog.AcceptMode.AcceptSave)
        dialog.fileSelected.connect(done)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        self._dialog = dialog  # kept so tests can reach it

    # ------------------------------------------------------------------ lifetime

    def _on_destroyed(self) -> None:
        self.close_page()

    def close_page(self) -> None:
        """Stop listening to the changes and the poller (the main window calls this on close)."""
        listening, self._listening = self._listening, None
        # A deleted page's connections went with it.
        if listening is not None and shiboken6.isValid(listening) and shiboken6.isValid(self):
            with contextlib.suppress(RuntimeError, TypeError):
                listening.changed.disconnect(self._on_change)
        if self._unlisten is not None:
            self._unlisten()
            self._unlisten = None

    async def aclose(self) -> None:
        self.close_page()
        if self._own_tasks:
            await self._tasks.aclose()


def _profile_label(key: str) -> str:
    platform, _, account = key.partition(" · ")
    return f"{platform_label(platform)} {account}"
