"""ComposerWindow (Ctrl+N): write once, choose profiles, tune per platform, preview, send.

Nothing is sent from here directly: Send records one intent per target in the outbox (with the
media uploads they need) and the outbox's sender fans them out. The window then follows its
group and says how each target went — posted, scheduled, queued for the next day with its date,
or refused with the server's reason. Every change is autosaved as a local draft.

qasync: the window is shown with show(), never exec(); async work goes through the TaskKeeper.
"""

from __future__ import annotations

import asyncio
import dataclasses
import html
import logging
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from s200desk.services.outbox import SETTLED_STATES, Intent
from s200desk.services.outbox.model import new_id
from s200desk.services.validation import PlatformRules
from s200desk.ui.composer.checks import (
    Evaluation,
    evaluate,
    field_of,
    full_days,
    next_free_moment,
    platform_name,
    revealed,
)
from s200desk.ui.composer.close_question import KEEP, SAVE, ask_unsaved
from s200desk.ui.composer.drafts_dialog import DraftsDialog
from s200desk.ui.composer.form import ComposerForm
from s200desk.ui.composer.preview_pane import PreviewPane
from s200desk.ui.composer.services import ComposerServices
from s200desk.ui.composer.state import ComposerState
from s200desk.ui.outbox.colours import state_colour
from s200desk.ui.outbox.words import local_time, sentence
from s200desk.ui.qt import (
    QCloseEvent,
    QDialog,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QPushButton,
    QSplitter,
    Qt,
    QTimer,
    QtWidgets,
    QVBoxLayout,
    QWidget,
    Signal,
)
from s200desk.ui.spoken import speak_text
from s200desk.ui.theme import colours, set_tone
from s200desk.ui.widgets.fit_screen import fitting_size

log = logging.getLogger(__name__)

AUTOSAVE_MS = 600
PREVIEW_LEAST = 220  # px: the preview's cards stay readable beside a fitted form
CAP_CHECK_MS = 250
WATCH_POLL = 0.2
LIBRARY_RELOAD_MS = 300


class ComposerWindow(QDialog):
    """The composer. ``await load()`` (or ``start()``) fills it from the store."""

    loaded = Signal()
    draft_saved = Signal(str)  # draft id
    sent = Signal(str)  # outbox group id, once recorded
    finished_sending = Signal(str)  # group id, once every target settled

    def __init__(self, services: ComposerServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setObjectName("composerWindow")
        self.setWindowTitle("New post")
        self.setAccessibleName("Composer")
        self.setModal(False)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.resize(fitting_size(self, 1220, 820))
        self.rules = PlatformRules.from_api()
        self.draft_id: str | None = None
        self.source_post: str | None = None
        self.evaluation = Evaluation()
        # What the user edited, and whether they tried to send: only those problems show.
        self._touched: set[str] = set()
        self._tried = False
        self.group_id: str | None = None
        self.results: dict[str, Intent] = {}
        self._loading = True
        self._dirty = False
        self._cap_generation = 0
        self._profiles: list[Any] = []
        self._platforms: list[Any] = []
        self._next_free: datetime | None = None
        self._save_lock = asyncio.Lock()
        self._own = services.tasks.scope()  # cancelled when the window closes
        self._closed = False
        # Set by ``edit_mode.PostEditor``: Send saves a new version of one scheduled post.
        self.edit_mode: Any = None
        # What the window showed when it was filled: closing asks only when this changed.
        self._opened: dict[str, Any] = ComposerState().to_json()
        self._opened_draft: str | None = None
        self._close_answered = False
        self._close_box: Any = None
        self._build()
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self._save_soon)
        self._cap_timer = QTimer(self)
        self._cap_timer.setSingleShot(True)
        self._cap_timer.setInterval(CAP_CHECK_MS)
        self._cap_timer.timeout.connect(self._start_cap_check)
        self._library_timer = QTimer(self)
        self._library_timer.setSingleShot(True)
        self._library_timer.setInterval(LIBRARY_RELOAD_MS)
        self._library_timer.timeout.connect(self._reload_library_soon)
        if services.changes is not None:
            services.changes.connect(self._on_store_changed)

    # -- layout ----------------------------------------------------------------------------

    @property
    def zone(self) -> str:
        return self.services.settings().time_zone

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 12, 12, 10)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        outer.addWidget(splitter, 1)
        scroll = QtWidgets.QScrollArea(splitter)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        self.form = ComposerForm(
            self.zone, self.services.uploader, scroll,
            media_service=self.services.media_service, tasks=self.services.tasks,
            limits=self._media_limits,
        )  # fmt: skip
        self.form.touched.connect(self._on_touched)
        self.form.changed.connect(self._on_changed)
        self.form.targets_changed.connect(self._on_targets_changed)
        self.form.when.next_free_requested.connect(self._use_next_free_day)
        self.form.when.suggest_requested.connect(
            lambda: self._start(self.suggest_times(), "composer-suggest")
        )
        self.form.when.now = self.services.now
        scroll.setWidget(self.form)
        self.preview = PreviewPane(splitter)
        splitter.addWidget(scroll)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([700, 480])
        self._splitter, self._form_area = splitter, scroll
        self.fit_panes()
        # The form's parts by name, as the tests and the shell reach them.
        f = self.form
        self.targets, self.caption, self.media, self.when = f.targets, f.caption, f.media, f.when
        self.platform_tabs, self.drop_zone = f.platform_tabs, f.drop_zone
        self.targets_error, self.caption_error = f.targets_error, f.caption_error
        self._tabs, self._counters, self._cards = f.tabs, f.counters, self.preview.cards

        self.results_label = QLabel(self)
        self.results_label.setObjectName("composerResults")
        self.results_label.setAccessibleName("Results per profile")
        self.results_label.setWordWrap(True)
        self.results_label.setTextFormat(Qt.TextFormat.RichText)
        c = colours()
        self.results_label.setStyleSheet(
            f"QLabel#composerResults {{ background: {c.alt_base}; border: 1px solid {c.border};"
            " border-radius: 6px; padding: 8px 10px; font-size: 13px; }"
        )
        self.results_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.results_label.hide()
        outer.addWidget(self.results_label)
        outer.addLayout(self._button_bar())
        speak_text(self.results_label, self.draft_status, self.status)  # name and words

    def _button_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.drafts_button = QPushButton("Drafts…", self)
        self.drafts_button.setObjectName("draftsButton")
        self.drafts_button.setAccessibleName("Drafts")
        self.drafts_button.clicked.connect(self.show_drafts)
        self.draft_status = QLabel("", self)
        self.draft_status.setObjectName("draftStatus")
        self.draft_status.setAccessibleName("Draft status")
        set_tone(self.draft_status, "muted")
        self.status = QLabel("", self)
        self.status.setObjectName("composerStatus")
        self.status.setAccessibleName("Status")
        self.status.setWordWrap(True)  # a long hint takes two lines, not a wider window
        self.close_button = QPushButton("Close", self)
        self.close_button.setObjectName("closeComposer")
        self.close_button.setAccessibleName("Close the composer")
        self.close_button.clicked.connect(self.request_close)
        self.new_button = QPushButton("New post", self)
        self.new_button.setObjectName("newPostButton")
        self.new_button.setAccessibleName("New post")
        self.new_button.clicked.connect(self.reset)
        self.new_button.hide()
        self.send_button = QPushButton("Send", self)
        self.send_button.setObjectName("sendButton")
        self.send_button.setAccessibleName("Send")
        c = colours()
        self.send_button.setStyleSheet(
            f"QPushButton {{ background: {c.accent}; color: {c.accent_text};"
            f" border: 1px solid {c.accent}; border-radius: 6px; padding: 5px 18px;"
            f" font-weight: 600; }} QPushButton:disabled {{ background: {c.border};"
            f" border-color: {c.border}; color: {c.muted}; }}"
        )
        self.send_button.setDefault(True)
        self.send_button.setShortcut(QKeySequence("Ctrl+Return"))
        self.send_button.setToolTip("Record the post in the outbox and send it (Ctrl+Enter)")
        self.send_button.clicked.connect(self.send)
        self.queue_button = QPushButton("Add to queue", self)
        self.queue_button.setObjectName("addToQueueButton")
        self.queue_button.setAccessibleName("Add to queue")
        self.queue_button.setShortcut(QKeySequence("Ctrl+Shift+Return"))
        self.queue_button.setToolTip(
            "Give each profile its own next free queue slot, show them, then send "
            "(Ctrl+Shift+Enter)"
        )
        self.queue_button.clicked.connect(self.add_to_queue)
        self.queue_button.setVisible(self.services.queue is not None)
        self.queues_button = QPushButton("Queues…", self)
        self.queues_button.setObjectName("queuesButton")
        self.queues_button.setAccessibleName("Posting queues")
        self.queues_button.setToolTip("Weekly time slots per profile, and the posts in them")
        self.queues_button.clicked.connect(lambda: self.open_queue_editor())
        self.queues_button.setVisible(self.services.queue is not None)
        self.snippets_button = QPushButton("Snippets…", self)
        self.snippets_button.setObjectName("snippetsButton")
        self.snippets_button.setAccessibleName("Snippets")
        self.snippets_button.setShortcut(QKeySequence("Ctrl+;"))
        self.snippets_button.setToolTip("Insert a saved caption or hashtag group (Ctrl+;)")
        self.snippets_button.clicked.connect(self.show_snippets)
        self.snippets_button.setVisible(self.services.db is not None)
        for widget in (
            self.drafts_button, self.snippets_button, self.queues_button, self.draft_status,
        ):  # fmt: skip
            bar.addWidget(widget)
        # The status takes the room between the groups: one line where it fits.
        self.status.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        bar.addWidget(self.status, 1)
        for widget in (
            self.close_button, self.new_button, self.queue_button, self.send_button,
        ):  # fmt: skip
            bar.addWidget(widget)
        return bar

    def _media_limits(self) -> list[Any]:
        """The chosen platforms' media limits, for the media box's checks."""
        from s200desk.services.media import PlatformLimits

        chosen = set(self.form.platforms())
        return [PlatformLimits.from_info(p) for p in self._platforms if p.id in chosen]

    # -- tasks -----------------------------------------------------------------------------

    def _start(self, coro: Any, name: str) -> asyncio.Task[Any]:
        """A kept task that is cancelled when the window closes (it touches the widgets)."""
        return self._own.start(coro, name=name)

    # -- loading ---------------------------------------------------------------------------

    def start(self, **kw: Any) -> asyncio.Task[Any]:
        """``load`` as a kept task (for a slot)."""
        return self._start(self.load(**kw), "composer-load")

    async def load(
        self, *, draft_id: str | None = None, state: ComposerState | None = None
    ) -> None:
        """Profiles, platform limits and the library from the store; then a draft or ``state``."""
        s = self.services
        profiles = await s.profiles.list()
        platforms = await s.platforms.list()
        self.rules = PlatformRules.from_api(platforms, profiles)
        self._profiles = profiles
        self._platforms = platforms
        await self.reload_library()
        if draft_id is not None:
            draft = await s.drafts.get(draft_id)
            if draft is not None:
                self.draft_id = draft.id
                state = ComposerState.from_json(draft.data)
                self.draft_status.setText(f"Draft from {local_time(draft.updated_at, self.zone)}")
        self.set_state(state or ComposerState())
        self._remember_opened()
        self._loading = False
        self._refresh()
        self.loaded.emit()

    def _remember_opened(self) -> None:
        self._opened = self.state().to_json()
        self._opened_draft = self.draft_id

    async def reload_library(self) -> None:
        """The ready library items into the "From the library" lists."""
        library: list[Any] = []
        if self.services.media is not None:
            try:
                library = [r for r in await self.services.media.list() if r.ready]
            except Exception:  # an older database without the media table
                log.debug("media library unavailable", exc_info=True)
        if not self._closed:
            self.form.set_library(library)

    def _on_store_changed(self, change: Any) -> None:
        # Media uploaded or added elsewhere (the Media page, the CLI's sync) shows up here.
        if str(change.kind).startswith("media") and not self._closed:
            self._library_timer.start()

    def _reload_library_soon(self) -> None:
        self._start(self.reload_library(), "composer-library")

    def set_state(self, state: ComposerState) -> None:
        """Show ``state`` in the widgets (no autosave for the filling itself)."""
        was = self._loading
        self._loading = True
        try:
            self.source_post = state.source_post
            default = (self.services.now() + timedelta(hours=1)).astimezone(ZoneInfo(self.zone))
            default = default.replace(minute=0, second=0, microsecond=0, tzinfo=None)
            self.form.set_state(state, self._profiles, self.zone, default)
            self._sync_preview()
        finally:
            self._loading = was
        # A draft, a post to edit or to copy is the user's own work: what it lacks shows now.
        self._touched.clear()
        self._tried = bool(state.targets or state.caption.strip() or state.media)

    def state(self) -> ComposerState:
        """What the widgets say now."""
        return self.form.state(self.source_post)

    # -- reacting to edits -----------------------------------------------------------------

    def _on_targets_changed(self) -> None:
        self._sync_preview()
        self._on_changed()

    def _sync_preview(self) -> None:
        self.preview.sync(self.targets.checked(), self.targets.names)

    def _on_touched(self, field: str) -> None:
        if not self._loading:
            self._touched.add(field)

    def show_all_problems(self) -> None:
        """The user tried to send: every problem at its field, and the first one focused."""
        self._tried = True
        self._refresh()
        first = next(iter(self.evaluation.problems), None)
        if first is None:
            return
        field = field_of(first)
        widget = {"targets": self.targets, "caption": self.caption, "media": self.media,
                  "when": self.when, "repeat": self.form.repeat}.get(field)
        if widget is None and field in self._tabs:
            self.platform_tabs.setCurrentWidget(self._tabs[field])
            widget = self.platform_tabs
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def keyPressEvent(self, event: Any) -> None:
        # Ctrl+Enter while Send is disabled (the button's own shortcut is off): trying to send.
        keys = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if (event.key() in keys and event.modifiers() & Qt.KeyboardModifier.ControlModifier
                and not self.send_button.isEnabled() and self.group_id is None):
            self.show_all_problems()
            event.accept()
            return
        super().keyPressEvent(event)

    def _on_changed(self) -> None:
        if self._loading:
            return
        self._dirty = True
        self._refresh()
        self._autosave.start()

    def _refresh(self) -> None:
        """Re-check everything and show each problem at its field."""
        state = self.state()
        statuses = self.targets.statuses
        ev = evaluate(
            state, self.rules, zone=self.zone, now=self.services.now(), profile_status=statuses
        )
        self._check_repeat(ev)
        self.evaluation = ev
        shown = revealed(ev, self._touched, self._tried)
        self.form.show_problems(shown, state, self.rules.caption_limits)
        if ev.resolved is not None:
            when_words = f"Scheduled · {local_time(ev.resolved.utc, self.zone)}"
        elif state.when is not None:  # "At" a time that cannot be used (in the past, unreadable)
            when_words = "Scheduled · the time needs fixing"
        else:
            when_words = "Now"
        self.preview.update_content(state, when_words)
        sending = self.group_id is not None and not self._settled()
        self.send_button.setEnabled(ev.ok and not sending)
        self.queue_button.setEnabled(
            not self._content_problems() and not sending and not self.form.repeat.repeats()
        )
        self.status.setText(self._status_words(ev, shown))
        set_tone(self.status, "muted" if len(shown.problems) < len(ev.problems) else None)
        self._cap_timer.start()

    def _status_words(self, ev: Evaluation, shown: Evaluation) -> str:
        """Beside Send: what is left, or (nothing shown yet) a hint where to start."""
        if ev.ok:
            return ""
        if not shown.problems and not self._touched:
            return "Choose where to post and write your post"
        n = len(ev.problems)
        words = f"{n} thing{'s' if n != 1 else ''} to fix before sending"
        return words if len(shown.problems) == n else f"{words} (Ctrl+Enter shows them)"

    def _check_repeat(self, ev: Evaluation) -> None:
        """A repeating post needs a first time and a rule the app can use."""
        from s200desk.services.planning.recurrence import RecurrenceError
        from s200desk.ui.composer.checks import FieldProblem

        repeat = self.form.repeat
        message = None
        if repeat.repeats():
            try:
                repeat.rule()
            except RecurrenceError as exc:
                message = str(exc)
            if message is None and self.when.wall_time() is None:
                message = "A repeating post needs its first date and time: choose “At”"
        repeat.show_error(message)
        if message is not None:
            ev.problems.append(FieldProblem("repeat", message))

    # -- daily caps ------------------------------------------------------------------------

    def _start_cap_check(self) -> None:
        self._cap_generation += 1
        self._start(self._check_caps(self._cap_generation), "composer-caps")

    async def _check_caps(self, generation: int) -> None:
        targets = self.targets.checked()
        ev = self.evaluation
        if not targets or ev.at("when"):
            self._show_caps(generation, [], None)
            return
        moment = ev.resolved.utc if ev.resolved else self.services.now()
        plan = self.services.settings().plan
        count = self.services.count_day
        full = await full_days(targets, moment, plan, count)
        nxt = await next_free_moment(targets, moment, plan, count) if full else None
        self._show_caps(generation, full, nxt)

    def _show_caps(self, generation: int, full: list[Any], nxt: datetime | None) -> None:
        if generation != self._cap_generation:
            return  # a newer check is on its way
        self._next_free = nxt
        if not full:
            self.when.show_cap(None, None)
            return
        parts = []
        for w in full:
            day = datetime.fromisoformat(w.day)
            then = (
                "Status 200 will queue it for the next day with room"
                if w.queued_by_server
                else "it would be refused"
            )
            parts.append(
                f"{platform_name(w.platform)} {w.account_id} already has {w.used} of {w.cap} "
                f"posts on {day:%a} {day.day} {day:%b} (UTC): {then}."
            )
        offer = None
        if nxt is not None:
            offer = f"Use the next free day: {local_time(nxt, self.zone)}"
        self.when.show_cap("Daily limit reached. " + " ".join(parts), offer)

    def _use_next_free_day(self) -> None:
        if self._next_free is None:
            return
        local = self._next_free.astimezone(ZoneInfo(self.zone)).replace(tzinfo=None)
        self.when.set_wall_time(local.strftime("%Y-%m-%d %H:%M"))
        self._on_changed()

    # -- suggested times -------------------------------------------------------------------

    async def suggest_times(self) -> dict[str, list[datetime]]:
        """Show the three best upcoming times per ticked platform under the time field."""
        from s200desk.services.planning.caps import platform_cap
        from s200desk.services.planning.suggest import platform_heatmaps, suggest_times

        targets = self.targets.checked()
        if not targets:
            self.when.show_suggestions([("Suggestions", [])])
            return {}
        heat = await platform_heatmaps(self.services.db, self.zone) if self.services.db else {}
        limits, plan = self.services.rate_limits(), self.services.settings().plan
        found = await suggest_times(
            heat, targets, self.zone, self.services.now(),
            cap_for=lambda p: platform_cap(p, limits, plan), count_day=self.services.count_day,
        )  # fmt: skip
        if self._closed:
            return found
        tz = ZoneInfo(self.zone)
        groups = []
        for platform, times in found.items():
            shown = []
            for t in times:
                local = t.astimezone(tz)
                shown.append((f"{local:%a} {local.day} {local:%b %H:%M}",
                              local.strftime("%Y-%m-%d %H:%M")))  # fmt: skip
            groups.append((platform_name(platform), shown))
        self.when.show_suggestions(groups)
        return found

    # -- drafts ----------------------------------------------------------------------------

    def _save_soon(self) -> None:
        if self._dirty and self.group_id is None:
            self._start(self.save_draft(), "composer-autosave")

    async def save_draft(self, state: ComposerState | None = None) -> str | None:
        """Save the current content (or ``state``, read before the window closed) as this
        window's draft (nothing to save: nothing saved)."""
        async with self._save_lock:
            state = state if state is not None else self.state()
            # An edit is not a draft: sent from the drafts it would be a second post.
            if state.is_empty() or self.group_id is not None or self.edit_mode is not None:
                return self.draft_id
            if self.draft_id is None:
                self.draft_id = self.services.drafts.new_id()
            self._dirty = False
            draft = await self.services.drafts.save(
                self.draft_id, state.to_json(), source_post=state.source_post
            )
        if not self._closed:  # a save on close outlives the window's widgets
            self.draft_status.setText(f"Draft saved {local_time(draft.updated_at, self.zone)}")
            self.draft_saved.emit(draft.id)
        return draft.id

    def show_drafts(self) -> DraftsDialog:
        """The list of saved drafts (opened with open(), never exec())."""
        dialog = DraftsDialog(self.services.drafts, self.services.tasks, self.zone, self)
        dialog.open_requested.connect(self.open_draft)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        dialog.start()
        self._drafts_dialog = dialog
        return dialog

    def show_snippets(self) -> Any:
        """The workspace's snippets; Insert puts one into the caption at the cursor."""
        from s200desk.store.planning_repo import SnippetsRepo
        from s200desk.ui.composer.snippets_dialog import SnippetsDialog

        if self.services.db is None:
            return None
        selected = self.caption.textCursor().selectedText().replace("\u2029", "\n")
        dialog = SnippetsDialog(SnippetsRepo(self.services.db), self.services.tasks,
                                selected, self)  # fmt: skip
        dialog.insert_requested.connect(self.insert_snippet)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        dialog.start()
        self.snippets_dialog = dialog
        return dialog

    def insert_snippet(self, text: str) -> None:
        self.caption.insertPlainText(text)
        self.caption.setFocus()

    def open_draft(self, draft_id: str) -> asyncio.Task[Any]:
        """Replace the content with a saved draft (the current one is saved first)."""

        async def swap() -> None:
            if self._dirty:
                await self.save_draft()
            self.reset_fields()
            await self.load(draft_id=draft_id)

        return self._start(swap(), "composer-open-draft")

    def reset_fields(self) -> None:
        self.draft_id = None
        self.group_id = None
        self.results = {}
        self._dirty = False
        self.results_label.hide()
        self.new_button.hide()
        self.draft_status.setText("")

    def reset(self) -> None:
        """Empty composer for the next post (after a send)."""
        self.reset_fields()
        self._loading = True
        self.set_state(ComposerState())
        self._remember_opened()
        self._loading = False
        self._set_editable(True)
        self._refresh()

    # -- sending ---------------------------------------------------------------------------

    def send(self) -> asyncio.Task[Any] | None:
        self._refresh()
        if not self.evaluation.ok and self.group_id is None:
            self.show_all_problems()
            return None
        if self.group_id is not None:
            return None
        if self.edit_mode is not None:
            return self.edit_mode.save()
        self.send_button.setEnabled(False)
        if self.form.repeat.repeats():
            return self.services.tasks.start(self._create_series(), name="composer-series")
        # Not cancelled on close: recording in the outbox and dropping the draft must finish.
        return self.services.tasks.start(self._send(), name="composer-send")

    async def _send(self) -> None:
        self._autosave.stop()
        # The time is resolved again at the moment of sending: "now + 1 min" may have passed.
        self._refresh()
        ev = self.evaluation
        if not ev.ok:
            return
        await self._record(self.state().specs(ev.scheduled_for))

    # -- repeating -------------------------------------------------------------------------

    async def _create_series(self) -> None:
        """One series per ticked profile; its occurrences go to the outbox as scheduled posts."""
        from s200desk.services.planning.recurrence import repeat_wall
        from s200desk.services.planning.series_service import SeriesService

        self._autosave.stop()
        self._refresh()
        ev = self.evaluation
        rule, wall = self.form.repeat.rule(), self.when.wall_time()
        if not ev.ok or rule is None or wall is None or self.services.db is None:
            return
        first = repeat_wall(wall, self.zone)  # as typed: a skipped first time stays the time
        series = SeriesService(self.services.db, self.services.outbox)
        self.group_id = new_id()
        self.status.setText("Recording the repeating posts in the outbox…")
        made = []
        for spec in self.state().specs(None):
            made.append(await series.create(spec, rule, first, self.zone, now=self.services.now()))
        if self.draft_id is not None:
            await self.services.drafts.delete(self.draft_id)
            self.draft_id = None
        self.series_created = made
        self.sent.emit(self.group_id)
        if self._closed:
            return
        self.draft_status.setText("")
        self._set_editable(False)
        views = {v.stored.id: v for v in await series.list(now=self.services.now())}
        if self._closed:  # closed while the series were read back
            return
        lines = []
        for stored in made:
            nxt = views.get(stored.id)
            when = local_time(nxt.next.utc, self.zone) if nxt and nxt.next else "no more dates"
            lines.append(
                f"<div>↻ {html.escape(platform_name(stored.platform))} "
                f"{html.escape(stored.account_id)}: repeats, first {html.escape(when)}</div>"
            )
        self.results_label.setText("".join(lines))
        self.results_label.show()
        self.status.setText("Repeating posts recorded — the outbox sends each one")
        self.new_button.show()
        self.finished_sending.emit(self.group_id)

    # -- add to queue ------------------------------------------------------------------------

    def _content_problems(self) -> list[Any]:
        """Problems other than the time's: a queued post takes its time from the queue."""
        return [p for p in self.evaluation.problems if p.field != "when"]

    def add_to_queue(self) -> asyncio.Task[Any] | None:
        """Plan each ticked profile's next free slot and ask before sending (Ctrl+Shift+Enter)."""
        self._refresh()
        if self.services.queue is None or self.group_id is not None or self.edit_mode:
            return None
        if self._content_problems():
            self.show_all_problems()
            return None
        return self._start(self._plan_queue(), "composer-queue-plan")

    async def _plan_queue(self) -> None:
        from s200desk.services.planning.queue_plan import plan_queue
        from s200desk.ui.composer.queue_confirm import QueueConfirm

        self.status.setText("Finding each profile's next free slot…")
        plan = await plan_queue(
            self.services.queue, self.targets.checked(),
            rate_limits=self.services.rate_limits(), plan=self.services.settings().plan,
            now=self.services.now(),
        )  # fmt: skip
        if self._closed:
            return
        self.status.setText("")
        box = QueueConfirm(plan, self.zone, self)
        box.accepted.connect(lambda: self._send_queued(plan))
        box.set_slots_requested.connect(self.open_queue_editor)
        box.finished.connect(box.deleteLater)
        self.queue_confirm = box
        box.open()

    def _send_queued(self, plan: list[Any]) -> None:
        from s200desk.services.scheduling import to_iso_z

        state = self.state()
        specs = []
        for item in plan:
            spec = next(s for s in state.specs(None) if (s.platform, s.account_id) == item.target)
            specs.append(dataclasses.replace(spec, scheduled_for=to_iso_z(item.slot)))
        self.queue_button.setEnabled(False)
        self.send_button.setEnabled(False)
        self.services.tasks.start(self._record(specs), name="composer-queue-send")

    def open_queue_editor(self, platform: str = "", account: str = "") -> Any:
        """The queue editor for the workspace, on ``platform``'s profile when given."""
        from s200desk.ui.planning.queue_editor import QueueEditor

        editor = QueueEditor(self.services.queue_editor_services(), self)
        editor.finished.connect(editor.deleteLater)
        editor.open()
        editor.start(platform, account)
        self.queue_editor = editor
        return editor

    async def _record(self, specs: list[Any]) -> None:
        """Record ``specs`` in the outbox as one group, then follow them."""
        group = new_id()
        self.group_id = group
        self.status.setText("Recording in the outbox…")
        intents = await self.services.outbox.submit_posts(specs, group_id=group)
        # The outbox holds it durably now; the draft has done its job.
        if self.draft_id is not None:
            await self.services.drafts.delete(self.draft_id)
            self.draft_id = None
        self.sent.emit(group)
        if self._closed:
            return
        self.draft_status.setText("")
        self._set_editable(False)
        self._show_results([i for i in intents if i.kind.value == "create"])
        await self._watch(group)

    async def _watch(self, group: str) -> None:
        while not self._closed:
            intents = await self.services.outbox.list(group_id=group)
            if self._closed:
                return
            creates = [i for i in intents if i.kind.value == "create"]
            self._show_results(creates)
            if intents and all(i.state in SETTLED_STATES for i in intents):
                break
            await asyncio.sleep(WATCH_POLL)
        if self._closed:
            return
        self.status.setText("Sent — each profile's result is shown above")
        self.new_button.show()
        self.finished_sending.emit(group)

    def _settled(self) -> bool:
        return bool(self.results) and all(i.state in SETTLED_STATES for i in self.results.values())

    def _show_results(self, creates: list[Intent]) -> None:
        self.results = {i.id: i for i in creates}
        lines = [
            f"<div style='color:{state_colour(i.state)}'>{html.escape(sentence(i, self.zone))}"
            "</div>"
            for i in creates
        ]
        self.results_label.setText("".join(lines))
        self.results_label.setVisible(bool(lines))
        for i in creates:  # the preview says where a queued post really went
            self.preview.show_outcome(i, self.zone)
        if not self._settled():
            done = sum(1 for i in creates if i.state in SETTLED_STATES)
            self.status.setText(f"Sending… {done} of {len(creates)} done")

    def _set_editable(self, on: bool) -> None:
        self.form.set_editable(on)
        self.send_button.setVisible(on)
        self.queue_button.setVisible(
            on and self.services.queue is not None and self.edit_mode is None
        )

    # -- closing ---------------------------------------------------------------------------

    def has_unsaved_changes(self) -> bool:
        """Edited since it was filled, and not sent: closing would leave the user unsure."""
        if self.group_id is not None or self._loading:
            return False
        state = self.state()
        return not state.is_empty() and state.to_json() != self._opened

    def reject(self) -> None:
        """Esc: ask first when there are changes (QDialog would just hide the window)."""
        self.request_close()

    def request_close(self) -> None:
        """Close, asking Save draft / Discard / Keep editing when there are changes."""
        if self._close_box is not None:
            return
        if not self.has_unsaved_changes():
            self.close()
            return
        self._close_box = ask_unsaved(self, self._on_close_choice)

    def _on_close_choice(self, choice: str) -> None:
        self._close_box = None
        if choice == KEEP:
            return
        self._autosave.stop()
        if choice == SAVE:
            self._dirty = True  # closeEvent saves it
        else:
            self._dirty = False
            self.services.tasks.start(self._discard(), name="composer-discard")
        self._close_answered = True
        self.close()

    async def _discard(self) -> None:
        """Forget this window's edits: its new draft goes, a reopened draft is put back."""
        async with self._save_lock:
            if self.draft_id is None:
                return
            if self._opened_draft is None:
                await self.services.drafts.delete(self.draft_id)
            else:
                await self.services.drafts.save(
                    self.draft_id, self._opened, source_post=self._opened.get("source_post")
                )

    def fit_panes(self) -> None:
        """A window fitted to a small screen: the form keeps the width its fields need (no
        sideways scrolling to reach "Choose files…"), the preview takes what is left."""
        total = self.width() - 24
        bar = self._form_area.verticalScrollBar().sizeHint().width()
        need = self.form.minimumSizeHint().width() + bar + 12  # and the splitter handle
        if total < 700 + 480 and need + PREVIEW_LEAST <= total:
            self._splitter.setSizes([need, total - need])

    def showEvent(self, event: Any) -> None:
        self._closed = False
        self._close_answered = False
        super().showEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if event.spontaneous() and not self._close_answered and self.has_unsaved_changes():
            event.ignore()  # the title bar's close button: ask, as Esc does
            self.request_close()
            return
        self._autosave.stop()
        self._cap_timer.stop()
        self._closed = True
        self._own.cancel()  # the outbox keeps sending; only this window stops watching
        if self._dirty and self.group_id is None:
            try:
                # What the widgets say now: the save runs after they may be deleted.
                self.services.tasks.start(self.save_draft(self.state()),
                                          name="composer-save-on-close")
            except RuntimeError:  # the app is closing: the last autosave is what stays
                log.info("composer closed while the app closes; last autosave kept")
        event.accept()
