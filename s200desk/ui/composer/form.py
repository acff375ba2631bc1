"""ComposerForm: the composer's left column — profiles, caption with counters, media, one tab per
platform, and when — read as a ``ComposerState`` and told where each problem is."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from s200desk.ui.composer.checks import Evaluation, platform_name
from s200desk.ui.composer.field_error import FieldError
from s200desk.ui.composer.media_panel import MediaPanel
from s200desk.ui.composer.platform_tab import PlatformTab, counter_text
from s200desk.ui.composer.repeat_panel import RepeatPanel
from s200desk.ui.composer.state import ComposerState, MediaItem, Target
from s200desk.ui.composer.targets import TargetList
from s200desk.ui.composer.when_panel import WhenPanel
from s200desk.ui.fonts import caption_font
from s200desk.ui.qt import QHBoxLayout, QLabel, QtWidgets, QVBoxLayout, QWidget, Signal
from s200desk.ui.theme import set_tone


def section(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("composerSection")
    label.setAccessibleName(text)
    label.setStyleSheet("font-weight: 600; font-size: 13px; margin-top: 6px;")
    return label


class ComposerForm(QWidget):
    changed = Signal()  # anything the user edited
    targets_changed = Signal()
    # Which field the user edited: "targets", "caption", "media", "when", "repeat" or a
    # platform's id (its tab); the composer shows a field's problems once it was touched.
    touched = Signal(str)

    def __init__(
        self,
        time_zone: str,
        uploader: Any = None,
        parent: QWidget | None = None,
        *,
        media_service: Any = None,
        tasks: Any = None,
        limits: Any = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("composerForm")
        self.setAccessibleName("Post")
        self.tabs: dict[str, PlatformTab] = {}
        self.counters: dict[str, QLabel] = {}
        self.library: list[Any] = []
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 12, 0)
        column.setSpacing(4)

        column.addWidget(section("Post to", self))
        self.targets = TargetList(self)
        self.targets.setMinimumHeight(120)
        self.targets.setMaximumHeight(176)
        self.targets.changed.connect(lambda: self.touched.emit("targets"))
        self.targets.changed.connect(self._on_targets_changed)
        column.addWidget(self.targets)
        self.targets_error = FieldError("error_targets", self)
        column.addWidget(self.targets_error)

        column.addWidget(section("Caption", self))
        self.caption = QtWidgets.QPlainTextEdit(self)
        self.caption.setObjectName("composerCaption")
        self.caption.setAccessibleName("Caption")
        self.caption.setTabChangesFocus(True)  # Tab goes on to the media; a caption needs no tab
        self.caption.setPlaceholderText("What do you want to say? #hashtags welcome")
        self.caption.setFont(caption_font(self.caption.font()))
        self.caption.setMinimumHeight(96)
        self.caption.setMaximumHeight(140)
        self.caption.textChanged.connect(lambda: self.touched.emit("caption"))
        self.caption.textChanged.connect(self.changed)
        column.addWidget(self.caption)
        self.counter_row = QHBoxLayout()
        self.counter_row.setSpacing(12)
        self.counter_row.addStretch(1)
        column.addLayout(self.counter_row)
        self.caption_error = FieldError("error_caption", self)
        column.addWidget(self.caption_error)

        column.addWidget(section("Media", self))
        self.drop_zone: QWidget | None = None
        self.media_box: Any = None
        self.placer: Any = None  # MediaPlacer, with a media service
        self._dropped: set[str] = set()
        if media_service is not None and tasks is not None:
            self._add_media_box(media_service, tasks, limits, column)
        elif uploader is not None:
            self._add_drop_zone(uploader, column)
        self.media = MediaPanel(self)
        self.media.changed.connect(lambda: self.touched.emit("media"))
        self.media.changed.connect(self.changed)
        if self.media_box is not None:
            self.media.route_to(self.media_box)
        column.addWidget(self.media)

        column.addWidget(section("Per platform", self))
        self.platform_tabs = QtWidgets.QTabWidget(self)
        self.platform_tabs.setObjectName("platformTabs")
        self.platform_tabs.setAccessibleName("Per-platform settings")
        self.platform_tabs.setMinimumHeight(190)
        column.addWidget(self.platform_tabs)
        self.no_platform_hint = QLabel("Choose a profile above to see its options.", self)
        set_tone(self.no_platform_hint, "muted")
        column.addWidget(self.no_platform_hint)

        column.addWidget(section("When", self))
        self.when = WhenPanel(time_zone, self)
        self.when.changed.connect(lambda: self.touched.emit("when"))
        self.when.changed.connect(self.changed)
        column.addWidget(self.when)
        self.repeat_heading = section("Repeat", self)
        column.addWidget(self.repeat_heading)
        self.repeat = RepeatPanel(self)
        self.repeat.changed.connect(lambda: self.touched.emit("repeat"))
        self.repeat.changed.connect(self.changed)
        self.when.changed.connect(self._first_day_to_repeat)
        column.addWidget(self.repeat)
        column.addStretch(1)

    # -- the media UI's box: drop zone over the ordered strip -----------------------------------

    def _add_media_box(self, service: Any, tasks: Any, limits: Any, column: QVBoxLayout) -> None:
        from s200desk.ui.composer.media_placing import MediaPlacer
        from s200desk.ui.media import ComposerMediaPanel

        box = ComposerMediaPanel(self)
        box.setAccessibleName("Media: drop, paste or choose; drag to reorder")
        self.media_box = box
        placer = MediaPlacer(self, service, tasks, limits or (lambda: []))
        box.set_service(service, tasks, platforms=limits, placer=placer.place_record)
        box.drop_zone.sources_dropped.connect(placer.new_drop)
        box.picked.connect(lambda: placer.new_drop([]))
        box.media_changed.connect(self._on_box_media)
        box.media_changed.connect(lambda _ids: self.touched.emit("media"))
        column.addWidget(box)
        column.addWidget(placer.note)
        column.addWidget(placer.needs_box)
        self.placer = placer
        self.drop_zone = box.drop_zone

    def _on_box_media(self, _file_ids: list[str]) -> None:
        """The strip is what is attached, in publishing order."""
        records = self.media_box.attached.media.items()
        self.media.set_items(
            [MediaItem(file_id=r.file_id, kind=r.kind, name=r.name) for r in records]
        )
        self.changed.emit()

    def _show_media_in_box(self, items: list[MediaItem]) -> None:
        box = self.media_box
        box.attached.media.set_items([])
        ids = [m.file_id for m in items if m.file_id]
        urls = [m.url for m in items if m.url and not m.file_id]
        if ids and box.tasks is not None:
            box.tasks.start(box.attach_file_ids(ids), name="media-attach")
        if urls:
            box.drop_zone.give(urls)

    # -- local files through the media uploader ----------------------------------------------

    def _add_drop_zone(self, uploader: Any, column: QVBoxLayout) -> None:
        """The media uploader's drop zone: local files are hosted, ingested, then attached."""
        from s200desk.ui.media import DropZone

        zone = DropZone(self, title="Drop pictures or videos here, paste, or click to choose")
        zone.setMaximumHeight(150)
        uploader.attach(zone)
        zone.sources_dropped.connect(self._dropped.update)
        uploader.media_ready.connect(self._on_media_ready)
        column.addWidget(zone)
        self.drop_zone = zone

    def _on_media_ready(self, rec: Any) -> None:
        """An upload finished: attach it if it was dropped here (the library has others)."""
        mine = {getattr(rec, "path", None), getattr(rec, "source_url", None)} & self._dropped
        if not mine or not getattr(rec, "file_id", None) or not self.isVisible():
            return
        self._dropped -= mine
        if any(m.file_id == rec.file_id for m in self.media.items):
            return
        self.media.attach(MediaItem(file_id=rec.file_id, kind=rec.kind, name=rec.name))

    def set_library(self, records: list[Any]) -> None:
        self.library = records
        self.media.set_library(records)
        for tab in self.tabs.values():
            tab.media_panel.set_library(records)

    # -- per platform ------------------------------------------------------------------------

    def tab(self, platform: str) -> PlatformTab:
        tab = self.tabs.get(platform)
        if tab is None:
            tab = PlatformTab(platform, self.platform_tabs)
            tab.media_panel.set_library(self.library)
            if self.placer is not None:
                self.placer.equip_tab(tab)
            tab.changed.connect(lambda p=platform: self.touched.emit(p))
            tab.changed.connect(self.changed)
            self.tabs[platform] = tab
        return tab

    def _on_targets_changed(self) -> None:
        self.sync_platforms()
        self.targets_changed.emit()

    def platforms(self) -> list[str]:
        seen: list[str] = []
        for p, _a in self.targets.checked():
            if p not in seen:
                seen.append(p)
        return seen

    def sync_platforms(self) -> None:
        """One tab and one character counter per chosen platform."""
        platforms = self.platforms()
        current = [self.platform_tabs.widget(i) for i in range(self.platform_tabs.count())]
        wanted = [self.tab(p) for p in platforms]
        if current != wanted:
            self.platform_tabs.clear()
            for tab in wanted:
                self.platform_tabs.addTab(tab, platform_name(tab.platform))
        self.platform_tabs.setVisible(bool(wanted))
        self.no_platform_hint.setVisible(not wanted)
        for platform in list(self.counters):
            if platform not in platforms:
                self.counters.pop(platform).deleteLater()
        for platform in platforms:
            if platform not in self.counters:
                label = QLabel(self)
                label.setObjectName(f"counter_{platform}")
                label.setAccessibleName(f"{platform_name(platform)} caption length")
                self.counters[platform] = label
                self.counter_row.insertWidget(self.counter_row.count() - 1, label)

    # -- state -------------------------------------------------------------------------------

    def set_state(
        self, state: ComposerState, profiles: list[Any], zone: str, default_when: datetime
    ) -> None:
        """Show ``state``; ``default_when`` prefills the date and time while "now" is chosen."""
        self.targets.set_profiles(profiles, state.targets)
        self.caption.setPlainText(state.caption)
        self.media.set_items(state.media)
        if self.media_box is not None:
            self._show_media_in_box(state.media)
        self.when.set_zone(zone)
        self.when.set_wall_time(state.when, default_when)
        self.repeat.set_choices(state.repeat)
        self._first_day_to_repeat()
        named = {*state.options, *state.overrides, *state.media_overrides}
        for platform in named | {t[0] for t in state.targets}:
            tab = self.tab(platform)
            tab.set_override(state.overrides.get(platform), state.caption)
            tab.set_media_override(state.media_overrides.get(platform))
            if tab.form is not None:
                tab.form.set_values(state.options.get(platform, {}))
        self.sync_platforms()

    def state(self, source_post: str | None = None) -> ComposerState:
        """What the widgets say now (options only for the chosen platforms)."""
        overrides: dict[str, str] = {}
        options: dict[str, dict[str, Any]] = {}
        media_overrides: dict[str, list[MediaItem]] = {}
        for platform in self.platforms():
            tab = self.tabs.get(platform)
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
            targets=self.targets.checked(),
            overrides=overrides,
            options=options,
            media=list(self.media.items),
            media_overrides=media_overrides,
            when=self.when.wall_time(),
            source_post=source_post,
            repeat=self.repeat.choices() if self.repeat.repeats() else None,
        )

    def show_problems(self, ev: Evaluation, state: ComposerState, limits: dict[str, int]) -> None:
        """Each problem at its field; counters and tab titles brought up to date."""
        self.targets_error.set_messages(ev.at("targets"))
        self.caption_error.set_messages(ev.at("caption"))
        self.media.error.set_messages(ev.at("media"))
        self.when.error.set_messages(ev.at("when"))
        self.when.show_note(ev.when_note)
        if self.placer is not None:
            self.placer.show_needs(state)
        for platform, tab in self.tabs.items():
            count = tab.show_problems([p for p in ev.problems if p.platform == platform])
            index = self.platform_tabs.indexOf(tab)
            if index >= 0:
                title = platform_name(platform) + (f" ({count})" if count else "")
                self.platform_tabs.setTabText(index, title)
        for platform, label in self.counters.items():
            words, over = counter_text(
                platform, len(state.caption_for(platform)), limits.get(platform)
            )
            label.setText(words)
            label.setStyleSheet("font-weight: 600;" if over else "")
            set_tone(label, "danger" if over else "muted")

    def _first_day_to_repeat(self) -> None:
        d = self.when.date_edit.date()
        self.repeat.set_first_day(date(d.year(), d.month(), d.day()))

    def set_editable(self, on: bool) -> None:
        for w in (self.targets, self.caption, self.media, self.platform_tabs, self.when,
                  self.repeat):  # fmt: skip
            w.setEnabled(on)


__all__ = ["ComposerForm", "Target", "section"]
