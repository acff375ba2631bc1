"""Repeating posts: the workspace's series with their next post, and what a creator does with
one — change every future post's caption or how it repeats (the composer's repeat panel), leave
the next post out, or end the series. Each goes through ``SeriesService`` (posts already made
are taken back on the server by the outbox).

Opened with open() (never exec()); async work goes through the TaskKeeper.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from s200desk.services.planning.recurrence import RecurrenceError
from s200desk.services.planning.repeat_choices import (
    RepeatChoices,
    choices_for_rule,
    rule_words,
)
from s200desk.services.planning.series_service import (
    WALL_FORMAT,
    SeriesNotFound,
    SeriesService,
    SeriesView,
)
from s200desk.services.scheduling import utc_now
from s200desk.ui.composer.checks import platform_name
from s200desk.ui.composer.repeat_panel import RepeatPanel
from s200desk.ui.outbox.words import local_time
from s200desk.ui.qt import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from s200desk.ui.theme import set_tone


def _first_day(view: SeriesView) -> date:
    return datetime.strptime(view.stored.first_wall, WALL_FORMAT).date()


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-weight: 600; margin-top: 4px;")
    return label


class SeriesDialog(QDialog):
    changed = Signal()  # a series was edited, skipped or ended

    def __init__(
        self,
        series: SeriesService,
        tasks: Any,
        zone: Callable[[], str],
        parent: QWidget | None = None,
        now: Callable[[], datetime] = utc_now,
    ) -> None:
        super().__init__(parent)
        self.series, self.tasks, self.zone, self.now = series, tasks, zone, now
        self.setObjectName("seriesDialog")
        self.setWindowTitle("Repeating posts")
        self.setAccessibleName("Repeating posts")
        self.resize(760, 560)
        self._views: list[SeriesView] = []
        self._shown_choices: RepeatChoices | None = None
        layout = QVBoxLayout(self)
        self.list = QListWidget()
        self.list.setAccessibleName("Series")
        self.list.setWordWrap(True)
        self.list.currentRowChanged.connect(self._on_selected)
        layout.addWidget(self.list, 1)
        self.note = QLabel("")
        self.note.setWordWrap(True)
        set_tone(self.note, "muted")
        layout.addWidget(self.note)
        caption_heading = _heading("Caption of every future post")
        layout.addWidget(caption_heading)
        self.caption_edit = QLineEdit()
        self.caption_edit.setPlaceholderText("New caption for every future post")
        caption_heading.setBuddy(self.caption_edit)  # read "Caption of every future post"
        layout.addWidget(self.caption_edit)
        repeats_heading = _heading("Repeats")
        layout.addWidget(repeats_heading)
        self.repeat = RepeatPanel(self, allow_none=False)
        self.repeat.setAccessibleName("How the series repeats")
        repeats_heading.setBuddy(self.repeat.kind)
        self.repeat.changed.connect(self._check_repeat)
        layout.addWidget(self.repeat)
        change_row = QHBoxLayout()
        change_row.addStretch(1)
        self.change_button = QPushButton("Change future posts")
        self.change_button.setToolTip(
            "Make every future post again with this caption and repeat; posts that went out, "
            "and posts changed on their own, stay as they are"
        )
        self.change_button.clicked.connect(lambda: self._start(self.change_future()))
        change_row.addWidget(self.change_button)
        layout.addLayout(change_row)
        buttons = QHBoxLayout()
        self.skip_button = QPushButton("Skip the next post")
        self.skip_button.clicked.connect(lambda: self._start(self.skip_next()))
        self.end_button = QPushButton("End series")
        self.end_button.clicked.connect(lambda: self._start(self.end()))
        close = QPushButton("Close")
        close.clicked.connect(self.close)
        for button in (self.skip_button, self.end_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self._on_selected(-1)

    # -- reading -----------------------------------------------------------------------------

    def start(self) -> None:
        self._start(self.load())

    async def load(self) -> None:
        self._views = await self.series.list(now=self.now())
        current = self.list.currentRow()
        self.list.clear()
        for view in self._views:
            item = QListWidgetItem(self._describe(view))
            item.setData(Qt.ItemDataRole.UserRole, view.stored.id)
            self.list.addItem(item)
        if not self._views:
            self.note.setText(
                "No repeating posts. In the composer, choose Repeat to make one."
            )
        if self._views:
            self.list.setCurrentRow(min(max(current, 0), len(self._views) - 1))
        self._on_selected(self.list.currentRow())

    def _describe(self, view: SeriesView) -> str:
        stored = view.stored
        caption = str(stored.post.get("text") or "").replace("\n", " ")
        short = caption if len(caption) <= 40 else caption[:39] + "…"
        nxt = (
            local_time(view.next.utc, self.zone()) if view.next is not None else "no more posts"
        )
        # The next post first: what a creator scans for; the caption last, where it may be cut.
        return (f"next: {nxt} — {platform_name(stored.platform)} {stored.account_id} — "
                f"{rule_words(stored.rule, _first_day(view))} — {short}")  # fmt: skip

    def selected(self) -> SeriesView | None:
        row = self.list.currentRow()
        return self._views[row] if 0 <= row < len(self._views) else None

    def _on_selected(self, _row: int) -> None:
        view = self.selected()
        for widget in (self.change_button, self.skip_button, self.end_button, self.caption_edit,
                       self.repeat):  # fmt: skip
            widget.setEnabled(view is not None)
        self.skip_button.setEnabled(view is not None and view.next is not None)
        if view is not None:
            self.caption_edit.setText(str(view.stored.post.get("text") or ""))
            first = _first_day(view)
            self.repeat.set_choices(choices_for_rule(view.stored.rule, first))
            self.repeat.set_first_day(first)
            self._shown_choices = self.repeat.choices()
        self.repeat.show_error(None)

    def _check_repeat(self) -> None:
        view = self.selected()
        if view is None:
            return
        try:
            self.repeat.rule()
        except RecurrenceError as exc:
            self.repeat.show_error(str(exc))
            return
        self.repeat.show_error(None)

    # -- acting ------------------------------------------------------------------------------

    async def change_future(self) -> bool:
        """Every future post made again with the caption and the repeat shown (what changed)."""
        view = self.selected()
        if view is None:
            return False
        text = self.caption_edit.text().strip()
        if not text:
            self.note.setText("Type the new caption first.")
            return False
        try:
            rule = self.repeat.rule()
        except RecurrenceError as exc:
            self.repeat.show_error(str(exc))
            self.note.setText("Nothing was changed: the repeat needs fixing first.")
            return False
        new_text = text if text != str(view.stored.post.get("text") or "") else None
        new_rule = rule if self.repeat.choices() != self._shown_choices else None
        if new_rule == view.stored.rule:
            new_rule = None
        if new_text is None and new_rule is None:
            self.note.setText("Nothing changed yet: edit the caption or the repeat first.")
            return False
        try:
            count = await self.series.edit_future(
                view.stored.id, text=new_text, rule=new_rule, now=self.now()
            )
        except (RecurrenceError, SeriesNotFound) as exc:
            self.note.setText(f"Nothing was changed: {exc}.")
            return False
        what = " and ".join(
            w for w, new in (("caption", new_text), ("repeat", new_rule)) if new is not None
        )
        self.note.setText(
            f"Every future post now has the new {what} ({count} already made were replaced); "
            "posts that went out, and posts changed on their own, stay as they were."
        )
        await self._changed()
        return True

    async def skip_next(self) -> bool:
        view = self.selected()
        if view is None or view.next is None:
            return False
        await self.series.skip(view.stored.id, view.next.wall)
        self.note.setText(f"Skipped the post of {local_time(view.next.utc, self.zone())}.")
        await self._changed()
        return True

    async def end(self) -> bool:
        view = self.selected()
        if view is None:
            return False
        count = await self.series.cancel(view.stored.id, now=self.now())
        self.note.setText(f"Series ended: {count} future post(s) taken back.")
        await self._changed()
        return True

    async def _changed(self) -> None:
        self.changed.emit()
        await self.load()

    def _start(self, work: Any) -> asyncio.Task[Any] | None:
        try:
            return self.tasks.start(work, name="series-dialog")
        except RuntimeError:  # the task keeper closed with the window
            work.close()
            return None
