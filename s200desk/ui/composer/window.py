"""ComposerWindow (Ctrl+N): write once, choose profiles, tune per platform, preview, send.

Nothing is sent from here directly: Send records one intent per target in the outbox (with the
media uploads they need) and the outbox's sender fans them out. The window then follows its
group and says how each target went — posted, scheduled, queued for the next day with its date,
or refused with the server's reason. Every change is autosaved as a local draft.

qasync: the window is shown with show(), never exec(); async work goes through the TaskKeeper.
"""

from __future__ import annotations

import asyncio
import html
import logging
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from s200desk.services.outbox import SETTLED_STATES, Intent, IntentState
from s200desk.services.outbox.model import new_id
from s200desk.services.validation import PlatformRules
from s200desk.ui.composer.checks import (
    Evaluation,
    evaluate,
    full_days,
    next_free_moment,
    platform_name,
)
from s200desk.ui.composer.drafts_dialog import DraftsDialog
from s200desk.ui.composer.field_error import FieldError
from s200desk.ui.composer.media_panel import MediaPanel
from s200desk.ui.composer.platform_tab import PlatformTab, counter_text
from s200desk.ui.composer.preview import PreviewCard
from s200desk.ui.composer.services import ComposerServices
from s200desk.ui.composer.state import ComposerState, MediaItem, Target
from s200desk.ui.composer.targets import TargetList
from s200desk.ui.composer.when_panel import WhenPanel
from s200desk.ui.outbox.words import STATE_COLOURS, local_time, sentence
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

log = logging.getLogger(__name__)

AUTOSAVE_MS = 600
CAP_CHECK_MS = 250
WATCH_POLL = 0.2


def _section(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("composerSection")
    label.setStyleSheet("font-weight: 600; font-size: 13px; margin-top: 6px;")
    return label


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
        self.resize(1220, 820)
        self.rules = PlatformRules.from_api()
        self.draft_id: str | None = None
        self.source_post: str | None = None
        self.evaluation = Evaluation()
        self.group_id: str | None = None
        self.results: dict[str, Intent] = {}
        self._tabs: dict[str, PlatformTab] = {}
        self._cards: dict[Target, PreviewCard] = {}
        self._counters: dict[str, QLabel] = {}
        self._loading = True
        self._dirty = False
        self._cap_generation = 0
        self._next_free: datetime | None = None
        self._save_lock = asyncio.Lock()
        self._own: set[asyncio.Task[Any]] = set()
        self._closed = False
        self._build()
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self._save_soon)
        self._cap_timer = QTimer(self)
        self._cap_timer.setSingleShot(True)
        self._cap_timer.setInterval(CAP_CHECK_MS)
        self._cap_timer.timeout.connect(self._start_cap_check)

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
        form = QWidget(scroll)
        form.setObjectName("composerForm")
        column = QVBoxLayout(form)
        column.setContentsMargins(0, 0, 12, 0)
        column.setSpacing(4)
        scroll.setWidget(form)

        column.addWidget(_section("Post to", form))
        self.targets = TargetList(form)
        self.targets.setMinimumHeight(120)
        self.targets.setMaximumHeight(176)
        self.targets.changed.connect(self._on_targets_changed)
        column.addWidget(self.targets)
        self.targets_error = FieldError("error_targets", form)
        column.addWidget(self.targets_error)

        column.addWidget(_section("Caption", form))
        self.caption = QtWidgets.QPlainTextEdit(form)
        self.caption.setObjectName("composerCaption")
        self.caption.setAccessibleName("Caption")
        self.caption.setPlaceholderText("What do you want to say? #hashtags welcome")
        self.caption.setMinimumHeight(96)
        self.caption.setMaximumHeight(140)
        self.caption.textChanged.connect(self._on_changed)
        column.addWidget(self.caption)
        self.counter_row = QHBoxLayout()
        self.counter_row.setSpacing(12)
        self.counter_row.addStretch(1)
        column.addLayout(self.counter_row)
        self.caption_error = FieldError("error_caption", form)
        column.addWidget(self.caption_error)

        column.addWidget(_section("Media", form))
        self.drop_zone: QWidget | None = None
        self._dropped: set[str] = set()
        if self.services.uploader is not None:
            self._add_drop_zone(form, column)
        self.media = MediaPanel(form)
        self.media.changed.connect(self._on_changed)
        column.addWidget(self.media)

        column.addWidget(_section("Per platform", form))
        self.platform_tabs = QtWidgets.QTabWidget(form)
        self.platform_tabs.setObjectName("platformTabs")
        self.platform_tabs.setMinimumHeight(190)
        column.addWidget(self.platform_tabs)
        self.no_platform_hint = QLabel("Choose a profile above to see its options.", form)
        self.no_platform_hint.setStyleSheet("color: #6B7280;")
        column.addWidget(self.no_platform_hint)

        column.addWidget(_section("When", form))
        self.when = WhenPanel(self.zone, form)
        self.when.changed.connect(self._on_changed)
        self.when.next_free_requested.connect(self._use_next_free_day)
        column.addWidget(self.when)
        column.addStretch(1)

        side = QWidget(splitter)
        side.setObjectName("composerPreviewPane")
        side_column = QVBoxLayout(side)
        side_column.setContentsMargins(12, 0, 0, 0)
        side_column.addWidget(_section("Preview", side))
        preview_scroll = QtWidgets.QScrollArea(side)
        preview_scroll.setWidgetResizable(True)
        preview_scroll.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        self.preview_box = QWidget(preview_scroll)
        self.preview_box.setObjectName("previewBox")
        self.preview_column = QVBoxLayout(self.preview_box)
        self.preview_column.setContentsMargins(0, 0, 0, 0)
        self.preview_column.setSpacing(10)
        self.preview_empty = QLabel("Choose profiles to see how the post will look.", side)
        self.preview_empty.setStyleSheet("color: #6B7280;")
        self.preview_column.addWidget(self.preview_empty)
        self.preview_column.addStretch(1)
        preview_scroll.setWidget(self.preview_box)
        side_column.addWidget(preview_scroll, 1)
        splitter.addWidget(scroll)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([700, 480])

        self.results_label = QLabel(self)
        self.results_label.setObjectName("composerResults")
        self.results_label.setWordWrap(True)
        self.results_label.setTextFormat(Qt.TextFormat.RichText)
        self.results_label.setStyleSheet(
            "QLabel#composerResults { background: #F9FAFB; border: 1px solid #E4E4E7;"
            " border-radius: 6px; padding: 8px 10px; font-size: 13px; }"
        )
        self.results_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.results_label.hide()
        outer.addWidget(self.results_label)

        bar = QHBoxLayout()
        self.drafts_button = QPushButton("Drafts…", self)
        self.drafts_button.setObjectName("draftsButton")
        self.drafts_button.clicked.connect(self.show_drafts)
        self.draft_status = QLabel("", self)
        self.draft_status.setObjectName("draftStatus")
        self.draft_status.setStyleSheet("color: #6B7280;")
        self.status = QLabel("", self)
        self.status.setObjectName("composerStatus")
        self.close_button = QPushButton("Close", self)
        self.close_button.setObjectName("closeComposer")
        self.close_button.clicked.connect(self.close)
        self.new_button = QPushButton("New post", self)
        self.new_button.setObjectName("newPostButton")
        self.new_button.clicked.connect(self.reset)
        self.new_button.hide()
        self.send_button = QPushButton("Send", self)
        self.send_button.setObjectName("sendButton")
        self.send_button.setStyleSheet(
            "QPushButton { background: #6366F1; color: white; border: 1px solid #6366F1;"
            " border-radius: 6px; padding: 5px 18px; font-weight: 600; }"
            " QPushButton:disabled { background: #C7C9F9; border-color: #C7C9F9; }"
        )
        self.send_button.setDefault(True)
        self.send_button.setShortcut(QKeySequence("Ctrl+Return"))
        self.send_button.setToolTip("Record the post in the outbox and send it (Ctrl+Enter)")
        self.send_button.clicked.connect(self.send)
        bar.addWidget(self.drafts_button)
        bar.addWidget(self.draft_status)
        bar.addStretch(1)
        bar.addWidget(self.status)
        bar.addWidget(self.close_button)
        bar.addWidget(self.new_button)
        bar.addWidget(self.send_button)
        outer.addLayout(bar)

    def _add_drop_zone(self, parent: QWidget, column: QVBoxLayout) -> None:
        """The media uploader's drop zone: local files are hosted, ingested, then attached."""
        from s200desk.ui.media import DropZone

        zone = DropZone(parent, title="Drop pictures or videos here, paste, or click to choose")
        zone.setMaximumHeight(150)
        uploader = self.services.uploader
        uploader.attach(zone)
        zone.sources_dropped.connect(self._dropped.update)
        uploader.media_ready.connect(self._on_media_ready)
        column.addWidget(zone)
        self.drop_zone = zone

    def _on_media_ready(self, rec: Any) -> None:
        """An upload finished: attach it if it was dropped here (the library has others)."""
        mine = {getattr(rec, "path", None), getattr(rec, "source_url", None)} & self._dropped
        if self._closed or not mine or not getattr(rec, "file_id", None):
            return
        self._dropped -= mine
        if any(m.file_id == rec.file_id for m in self.media.items):
            return
        self.media.attach(MediaItem(file_id=rec.file_id, kind=rec.kind, name=rec.name))

    # -- tasks -----------------------------------------------------------------------------

    def _start(self, coro: Any, name: str) -> asyncio.Task[Any]:
        """A kept task that is cancelled when the window closes (it touches the widgets)."""
        task = self.services.tasks.start(coro, name=name)
        self._own.add(task)
        task.add_done_callback(self._own.discard)
        return task

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
        library: list[Any] = []
        if s.media is not None:
            try:
                library = [r for r in await s.media.list() if r.ready]
            except Exception:  # an older database without the media table
                log.debug("media library unavailable", exc_info=True)
        self._library = library
        self.media.set_library(library)
        for tab in self._tabs.values():
            tab.media_panel.set_library(library)
        if draft_id is not None:
            draft = await s.drafts.get(draft_id)
            if draft is not None:
                self.draft_id = draft.id
                state = ComposerState.from_json(draft.data)
                self.draft_status.setText(f"Draft from {local_time(draft.updated_at, self.zone)}")
        self.set_state(state or ComposerState())
        self._loading = False
        self._refresh()
        self.loaded.emit()

    def set_state(self, state: ComposerState) -> None:
        """Show ``state`` in the widgets (no autosave for the filling itself)."""
        was = self._loading
        self._loading = True
        try:
            self.source_post = state.source_post
            self.targets.set_profiles(getattr(self, "_profiles", []), state.targets)
            self.caption.setPlainText(state.caption)
            self.media.set_items(state.media)
            self.when.set_zone(self.zone)
            default = (self.services.now() + timedelta(hours=1)).astimezone(ZoneInfo(self.zone))
            default = default.replace(minute=0, second=0, microsecond=0, tzinfo=None)
            self.when.set_wall_time(state.when, default)
            named = {*state.options, *state.overrides, *state.media_overrides}
            for platform in named | {t[0] for t in state.targets}:
                tab = self._tab(platform)
                tab.set_override(state.overrides.get(platform), state.caption)
                tab.set_media_override(state.media_overrides.get(platform))
                if tab.form is not None:
                    tab.form.set_values(state.options.get(platform, {}))
            self._sync_platforms()
        finally:
            self._loading = was

    def state(self) -> ComposerState:
        """What the widgets say now."""
        targets = self.targets.checked()
        platforms = []
        for p, _a in targets:
            if p not in platforms:
                platforms.append(p)
        overrides: dict[str, str] = {}
        options: dict[str, dict[str, Any]] = {}
        media_overrides: dict[str, list[MediaItem]] = {}
        for platform in platforms:
            tab = self._tabs.get(platform)
            if tab is None:
                continue
            text = tab.override()
            if text is not None:
                overrides[platform] = text
            own_media = tab.media_override()
            if own_media is not None:
                media_overrides[platform] = own_media
            if tab.form is not None:
                values = tab.form.values()
                if values:
                    options[platform] = values
        return ComposerState(
            caption=self.caption.toPlainText(),
            targets=targets,
            overrides=overrides,
            options=options,
            media=list(self.media.items),
            media_overrides=media_overrides,
            when=self.when.wall_time(),
            source_post=self.source_post,
        )

    # -- reacting to edits -----------------------------------------------------------------

    def _tab(self, platform: str) -> PlatformTab:
        tab = self._tabs.get(platform)
        if tab is None:
            tab = PlatformTab(platform, self.platform_tabs)
            tab.media_panel.set_library(getattr(self, "_library", []))
            tab.changed.connect(self._on_changed)
            self._tabs[platform] = tab
        return tab

    def _on_targets_changed(self) -> None:
        self._sync_platforms()
        self._on_changed()

    def _sync_platforms(self) -> None:
        """One tab and one counter per chosen platform, one preview card per chosen profile."""
        targets = self.targets.checked()
        platforms: list[str] = []
        for p, _a in targets:
            if p not in platforms:
                platforms.append(p)
        current = [self.platform_tabs.widget(i) for i in range(self.platform_tabs.count())]
        wanted = [self._tab(p) for p in platforms]
        if current != wanted:
            self.platform_tabs.clear()
            for tab in wanted:
                self.platform_tabs.addTab(tab, platform_name(tab.platform))
        self.platform_tabs.setVisible(bool(wanted))
        self.no_platform_hint.setVisible(not wanted)
        for platform in list(self._counters):
            if platform not in platforms:
                self._counters.pop(platform).deleteLater()
        for platform in platforms:
            if platform not in self._counters:
                label = QLabel(self)
                label.setObjectName(f"counter_{platform}")
                self._counters[platform] = label
                self.counter_row.insertWidget(self.counter_row.count() - 1, label)
        for key in list(self._cards):
            if key not in targets:
                self._cards.pop(key).deleteLater()
        for key in targets:
            if key not in self._cards:
                name = self.targets.names.get(key, key[1])
                card = PreviewCard(key[0], key[1], name, self.preview_box)
                self._cards[key] = card
        # Keep cards in the order of the targets list.
        for key in targets:
            self.preview_column.removeWidget(self._cards[key])
        for i, key in enumerate(targets):
            self.preview_column.insertWidget(i, self._cards[key])
        self.preview_empty.setVisible(not targets)

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
        self.evaluation = ev
        self.targets_error.set_messages(ev.at("targets"))
        self.caption_error.set_messages(ev.at("caption"))
        self.media.error.set_messages(ev.at("media"))
        self.when.error.set_messages(ev.at("when"))
        self.when.show_note(ev.when_note)
        for platform, tab in self._tabs.items():
            count = tab.show_problems([p for p in ev.problems if p.platform == platform])
            index = self.platform_tabs.indexOf(tab)
            if index >= 0:
                title = platform_name(platform) + (f" ({count})" if count else "")
                self.platform_tabs.setTabText(index, title)
        for platform, label in self._counters.items():
            text = state.caption_for(platform)
            limit = self.rules.caption_limits.get(platform)
            words, over = counter_text(platform, len(text), limit)
            label.setText(words)
            label.setStyleSheet("color: #DC2626; font-weight: 600;" if over else "color: #6B7280;")
        when_words = (
            f"Scheduled · {local_time(ev.resolved.utc, self.zone)}" if ev.resolved else "Now"
        )
        for (platform, _account), card in self._cards.items():
            card.update_content(
                state.caption_for(platform),
                state.options_for(platform),
                state.media_for(platform),
                when_words,
            )
        sending = self.group_id is not None and not self._settled()
        self.send_button.setEnabled(ev.ok and not sending)
        n = len(ev.problems)
        self.status.setText(
            "" if ev.ok else f"{n} thing{'s' if n != 1 else ''} to fix before sending"
        )
        self._cap_timer.start()

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

    # -- drafts ----------------------------------------------------------------------------

    def _save_soon(self) -> None:
        if self._dirty and self.group_id is None:
            self._start(self.save_draft(), "composer-autosave")

    async def save_draft(self) -> str | None:
        """Save the current content as this window's draft (nothing to save: nothing saved)."""
        async with self._save_lock:
            state = self.state()
            if state.is_empty() or self.group_id is not None:
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
        self._loading = False
        self._set_editable(True)
        self._refresh()

    # -- sending ---------------------------------------------------------------------------

    def send(self) -> asyncio.Task[Any] | None:
        self._refresh()
        if not self.evaluation.ok or self.group_id is not None:
            return None
        self.send_button.setEnabled(False)
        # Not cancelled on close: recording in the outbox and dropping the draft must finish.
        return self.services.tasks.start(self._send(), name="composer-send")

    async def _send(self) -> None:
        self._autosave.stop()
        # The time is resolved again at the moment of sending: "now + 1 min" may have passed.
        self._refresh()
        ev = self.evaluation
        if not ev.ok:
            return
        state = self.state()
        group = new_id()
        self.group_id = group
        self.status.setText("Recording in the outbox…")
        intents = await self.services.outbox.submit_posts(
            state.specs(ev.scheduled_for), group_id=group
        )
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
            f"<div style='color:{STATE_COLOURS[i.state]}'>{html.escape(sentence(i, self.zone))}"
            "</div>"
            for i in creates
        ]
        self.results_label.setText("".join(lines))
        self.results_label.setVisible(bool(lines))
        for i in creates:  # the preview says where a queued post really went
            card = self._cards.get((i.platform or "", i.account_id or ""))
            if card is not None and i.state is IntentState.QUEUED_FOR_NEXT_DAY:
                card.meta.setText(
                    f"Queued for {local_time(i.queued_for, self.zone)} (the day was full)"
                )
                card.meta.setStyleSheet(f"color: {STATE_COLOURS[i.state]}; font-size: 11px;")
        if not self._settled():
            done = sum(1 for i in creates if i.state in SETTLED_STATES)
            self.status.setText(f"Sending… {done} of {len(creates)} done")

    def _set_editable(self, on: bool) -> None:
        for w in (self.targets, self.caption, self.media, self.platform_tabs, self.when):
            w.setEnabled(on)
        self.send_button.setVisible(on)

    # -- closing ---------------------------------------------------------------------------

    def showEvent(self, event: Any) -> None:
        self._closed = False
        super().showEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._autosave.stop()
        self._cap_timer.stop()
        self._closed = True
        for task in list(self._own):
            task.cancel()  # the outbox keeps sending; only this window stops watching
        if self._dirty and self.group_id is None:
            try:
                self.services.tasks.start(self.save_draft(), name="composer-save-on-close")
            except RuntimeError:  # the app is closing: the last autosave is what stays
                log.info("composer closed while the app closes; last autosave kept")
        event.accept()
