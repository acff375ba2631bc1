"""The composer as the editor of one scheduled post: every field filled, saved as a replacement.

The post is read in full by id first (media in order, every option, the time), so the composer
shows everything it has. Saving hands only what the user changed to ``PostLifecycle.edit``: the
replacement is built from the post read by id when it is sent, then the original is cancelled,
exactly like a move. "Undo changes" edits the replacement back to the previous version, losslessly
(the same lifecycle). Published or processing posts are not opened; the user is told why.
"""

from __future__ import annotations

import asyncio
import html
import logging
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from s200desk.services.lifecycle.outcome import Outcome
from s200desk.services.lifecycle.service import CannotChange, PostLifecycle
from s200desk.services.outbox.derive import PostChanges, media_ids, wire_key
from s200desk.services.outbox.model import MediaRef
from s200desk.services.planning.series_service import series_post_ids
from s200desk.services.post_rules import listed_only, refusal
from s200desk.services.scheduling import parse_iso_utc, to_iso_z
from s200desk.ui.composer.state import ComposerState
from s200desk.ui.qt import QObject, QPushButton, Qt, Signal

log = logging.getLogger(__name__)

# How long the composer waits for the outbox before saying the change is still on its way.
SAVE_WAIT_S = 60.0


def _get(post: Any, name: str) -> Any:
    return post.get(name) if isinstance(post, dict) else getattr(post, name, None)


def _scheduled(post: Any) -> datetime | None:
    value = _get(post, "scheduled_for")
    if value is None or isinstance(value, datetime):
        return value
    return parse_iso_utc(str(value))


def wall_time(moment: datetime | None, zone: str) -> str | None:
    """An instant as the composer's "YYYY-MM-DD HH:MM" in ``zone``."""
    if moment is None:
        return None
    return moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")


def state_for_edit(post: Any, zone: str) -> ComposerState:
    """The composer's state for ``post`` (a full read by id): every field, and its time."""
    state = ComposerState.from_post(post)
    state.when = wall_time(_scheduled(post), zone)
    return state


def _unset(value: Any) -> bool:
    return value is None or value is False or value == "" or value == []


def _same_option(old: Any, new: Any) -> bool:
    # An option the form shows unset (an unticked box, an empty field) equals one never set.
    return old == new or (_unset(old) and _unset(new))


def changes_between(original: Any, state: ComposerState, zone: str,
                    scheduled_for: str | None) -> PostChanges:
    """What the composer changed on ``original``; fields left as they were stay ``None``."""
    platform = str(getattr(_get(original, "platform"), "value", _get(original, "platform")))
    text = state.caption_for(platform)
    old_when = _scheduled(original)
    when = None
    if state.when != wall_time(old_when, zone) and scheduled_for is not None:
        when = scheduled_for
    refs = [m.ref() for m in state.media_for(platform)]
    new_media = None
    if [r.file_id for r in refs] != media_ids(original) or any(not r.file_id for r in refs):
        new_media = tuple(refs)
    kept = dict(_get(original, "platform_options") or {})
    old_options = {wire_key(k): v for k, v in kept.items()}
    new_options = {wire_key(k): v for k, v in state.options_for(platform).items()}
    updates: dict[str, Any] = {}
    for key in {*old_options, *new_options}:
        old, new = old_options.get(key), new_options.get(key)
        if not _same_option(old, new):
            updates[key] = new
    return PostChanges(
        text=text if text != str(_get(original, "caption") or "") else None,
        scheduled_for=when,
        media=new_media,
        option_updates=updates or None,
    )


def restore(original: Any) -> PostChanges:
    """Every field of ``original`` (a full read): editing a replacement with it undoes an edit."""
    when = _scheduled(original)
    return PostChanges(
        text=str(_get(original, "caption") or ""),
        scheduled_for=to_iso_z(when) if when else None,
        media=tuple(MediaRef(file_id=i) for i in media_ids(original)),
        options=dict(_get(original, "platform_options") or {}),
    )


class PostEditor(QObject):
    """Turns a ``ComposerWindow`` into the editor of ``post``; the window calls ``save``."""

    saved = Signal(str)  # the id of the post that now holds the content

    def __init__(self, window: Any, post: Any, lifecycle: PostLifecycle) -> None:
        super().__init__(window)
        self.window = window
        self.original = post
        self.current_id = str(_get(post, "id"))
        self.lifecycle = lifecycle
        self.busy = False
        window.edit_mode = self
        window.setWindowTitle("Edit post")
        window.send_button.setText("Save changes")
        window.send_button.setAccessibleName("Save changes")
        window.send_button.setToolTip(
            "Replace the scheduled post with this version (the original is cancelled once the "
            "new one exists) (Ctrl+Enter)"
        )
        window.drafts_button.hide()
        window.queue_button.hide()  # an edit keeps its own post and time
        window.form.repeat_heading.hide()  # ...and stays one post
        window.form.repeat.hide()
        window.draft_status.setText(
            f"Editing a scheduled post of {_get(post, 'account_id')}: saving replaces it")
        window.targets.setEnabled(False)  # one post is one profile: a move, not a fan-out
        window.targets.setToolTip("An edited post stays on its profile")
        window.loaded.connect(self._show_only_its_profile)
        self._show_only_its_profile()
        self.undo_button = QPushButton("Undo changes", window)
        self.undo_button.setObjectName("undoEditButton")
        self.undo_button.setAccessibleName("Undo the saved changes")
        self.undo_button.setToolTip("Put the previous version back, exactly as it was")
        self.undo_button.clicked.connect(self.undo)
        self.undo_button.hide()
        bar = _bar_of(window.send_button)
        if bar is not None:
            bar.insertWidget(bar.indexOf(window.send_button), self.undo_button)

    def _show_only_its_profile(self) -> None:
        """The profile list shows the post's own profile only (the others cannot be chosen)."""
        targets = self.window.targets
        for i in range(targets.count()):
            item = targets.item(i)
            if item is not None:
                item.setHidden(item.checkState() != Qt.CheckState.Checked)

    @property
    def platform(self) -> str:
        value = _get(self.original, "platform")
        return str(getattr(value, "value", value))

    def changes(self) -> PostChanges:
        return changes_between(self.original, self.window.state(), self.window.zone,
                               self.window.evaluation.scheduled_for)

    def save(self) -> asyncio.Task[Any] | None:
        if self.busy:
            return None
        changes = self.changes()
        if changes.empty:
            self.window.status.setText("Nothing changed yet")
            return None
        return self.window.services.tasks.start(self._replace(changes, undoing=False),
                                                name="composer-edit")

    def undo(self) -> asyncio.Task[Any] | None:
        if self.busy or self.current_id == str(_get(self.original, "id")):
            return None
        return self.window.services.tasks.start(
            self._replace(restore(self.original), undoing=True), name="composer-undo-edit")

    async def _replace(self, changes: PostChanges, *, undoing: bool) -> Outcome | None:
        window = self.window
        self.busy = True
        window.send_button.setEnabled(False)
        self.undo_button.setEnabled(False)
        window.status.setText("Putting the previous version back…" if undoing
                              else "Recording the new version in the outbox…")
        try:
            submitted = await self.lifecycle.edit(self.current_id, changes,
                                                  platform=self.platform)
        except CannotChange as exc:
            self._say(str(exc), error=True)
            return None
        finally:
            self.busy = False
        self.busy = True
        try:
            outcome = await self.lifecycle.settle(submitted, SAVE_WAIT_S)
        finally:
            self.busy = False
        if outcome.ok and outcome.post_id:
            self.current_id = outcome.post_id
            self.saved.emit(outcome.post_id)
            if undoing:
                self.undo_button.hide()
                self._say("The previous version is back.")
            else:
                self.undo_button.show()
                note = f" {outcome.reason}" if outcome.reason else ""
                self._say(f"Saved: the post is replaced by its new version.{note}")
        elif outcome.waiting:
            self._say(f"Still on its way: {outcome.reason}.")
        else:
            self._say(f"Not saved: {outcome.reason}. The post stays as it was.", error=True)
        self.undo_button.setEnabled(True)
        window.send_button.setEnabled(window.evaluation.ok)
        return outcome

    def _say(self, text: str, *, error: bool = False) -> None:
        window = self.window
        colour = "#DC2626" if error else "#16A34A"
        window.results_label.setText(f"<div style='color:{colour}'>{html.escape(text)}</div>")
        window.results_label.show()
        window.status.setText("")


def _bar_of(widget: Any) -> Any:
    """The layout that holds ``widget`` (the composer's button bar)."""
    parent = widget.parentWidget()
    pending = [parent.layout()] if parent is not None and parent.layout() is not None else []
    while pending:
        layout = pending.pop()
        if layout.indexOf(widget) >= 0:
            return layout
        for i in range(layout.count()):
            child = layout.itemAt(i).layout()
            if child is not None:
                pending.append(child)
    return None


async def open_editor(controller: Any, post_id: str) -> Any:
    """Read ``post_id`` in full and open it in the composer for editing; None if it cannot be."""
    session = controller.session
    outbox = controller.outbox
    if session is None or outbox is None:
        return None
    post = await session.fetch_post(post_id)
    if post is None:
        controller.window.show_notice("This post is not known here any more.")
        return None
    why = refusal(post)
    if why is not None:
        controller.window.show_notice(f"This post can no longer be changed: {why}.")
        return None
    if listed_only(post):  # offline, and never read by id: no options, no media
        controller.window.show_notice(
            "Editing needs the whole post from Status 200, which cannot be reached now.")
        return None
    window = controller.open_composer(state=state_for_edit(post, controller.settings.time_zone))
    if window is None:
        return None
    PostEditor(window, post, PostLifecycle(outbox.service, now=window.services.now))
    if post_id in await series_post_ids(outbox.service):
        # Saved, it stays in its series as an exception ("this post only", as in a calendar).
        window.draft_status.setText(
            "One post of a repeating series: saving changes this post only, and it stays in "
            "the series as you made it")
    return window
