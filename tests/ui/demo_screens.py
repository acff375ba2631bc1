"""Every page of the app on the demo seed, shown as a user reaches it: the screenshot script
(tests/ui/make_screenshots.py) and the "looks right" suite (tests/ui/test_looks_right.py) share it.

``open_demo`` starts the real Controller on a demo-seeded emulator, syncs, and backfills the
analytics history as ``--demo`` does; ``show_page`` brings one page up and returns the top-level
widget it is drawn in (the main window, the composer or the settings dialog).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PAGES = (
    "posts",
    "calendar-month",
    "calendar-week",
    "calendar-agenda",
    "calendar-day",
    "composer",
    "media",
    "analytics",
    "settings",
    "outbox",
)


async def until(predicate: Callable[[], object], timeout: float = 20.0, what: str = "it") -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)


async def settle(rounds: int = 6) -> None:
    """Let queued repaints, timers and tasks run."""
    for _ in range(rounds):
        await asyncio.sleep(0.02)


@dataclass
class Demo:
    """A demo-seeded emulator on a manual clock and the app's Controller for it, not yet open."""

    server: Any
    controller: Any
    info: Any
    folder: Path


def demo_controller(theme: str) -> Demo:
    """The screenshot scripts' set-up: ``open_demo(d.controller, d.info, d.server)`` opens it."""
    import sys
    import tempfile
    from datetime import UTC, datetime

    from ui_support import empty_frame

    from s200desk.config import Settings
    from s200desk.emulator import EmulatorServer, ManualClock
    from s200desk.ui.controller import Controller
    from s200desk.ui.session import SessionInfo
    from s200desk.ui.tasks import TaskKeeper

    now = datetime.now(UTC).replace(second=0, microsecond=0)
    server = EmulatorServer(seed="demo", plan="agency", clock=ManualClock(now), cooldown_seconds=0)
    server.start()
    folder = Path(tempfile.mkdtemp(prefix="s200-screens-"))
    tasks = TaskKeeper(on_failure=lambda name, exc: print(f"{name} failed: {exc!r}",
                                                          file=sys.stderr))
    settings = Settings(plan="agency", time_zone="Europe/Berlin", theme=theme)
    controller = Controller(settings, tasks, demo=True, persist_settings=False,
                            clock=server.clock.now, first_frame=empty_frame())
    info = SessionInfo("demo", "Demo", server.api_key, server.base_url, server.site_url,
                       folder / "cache.sqlite3", demo=True)
    return Demo(server, controller, info, folder)


def run_in_theme(theme: str, coroutine_for: Callable[[], Any]) -> None:
    """The screenshot scripts' main: a QApplication in ``theme`` and a qasync loop running
    ``coroutine_for()`` to its end."""
    from qasync import QEventLoop

    from s200desk.ui.qt import QApplication
    from s200desk.ui.theme import apply_theme

    app = QApplication.instance() or QApplication(["s200desk"])
    app.setApplicationDisplayName("s200desk")
    app.setQuitOnLastWindowClosed(False)
    apply_theme(app, theme)
    loop = QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        loop.run_until_complete(coroutine_for())


def demo_in_theme(theme: str, qapp: Any, arun: Any, qtbot: Any, emulator: Any,
                  workspace_id: str) -> Iterator[Any]:
    """For a fixture: the demo window, synced, its analytics history filled, in ``theme``."""
    from ui_support import make_shell

    from s200desk.ui.theme import apply_theme

    apply_theme(qapp, theme)
    shell = make_shell(emulator, workspace_id=workspace_id)
    qtbot.addWidget(shell.window)
    arun(open_demo(shell.controller, shell.controller.test_info, emulator), 60)
    try:
        yield shell
    finally:
        close_extras(shell.controller)
        arun(shell.controller.aclose())
        apply_theme(qapp, "light")
    assert not shell.failures, shell.failures


async def open_demo(controller: Any, info: Any, server: Any) -> None:
    """Open ``info``'s workspace, sync it, fill the analytics history (as ``--demo`` does)."""
    from s200desk.services.analytics.demo_history import backfill_demo_history

    window = controller.window
    window.resize(1280, 800)
    window.show()
    await controller.start(info)
    await until(lambda: controller.data_shown_emitted, what="synced posts on screen")
    session = controller.session
    await backfill_demo_history(session.db, server, bus=session.bus)
    await until(lambda: controller.outbox is not None, what="the outbox")
    # The media service and the poller come once the client is up; their modules load in a
    # worker, so let that finish before pages import on this thread.
    await until(lambda: controller.pages.media_service is not None, what="the media service")


async def show_page(controller: Any, name: str) -> Any:
    """Bring ``name`` (one of PAGES) up and return the top-level widget that shows it."""
    from s200desk.ui.main_window import ANALYTICS, CALENDAR, MEDIA, POSTS

    window = controller.window
    close_extras(controller)
    if name == "posts":
        window.show_page(POSTS)
        model = controller.posts_model
        scheduled = next(
            (r.id for r in (model.row_at(i) for i in range(model.rowCount()))
             if r is not None and r.status == "scheduled"),
            None,
        )
        if scheduled is not None:
            controller.show_post(scheduled)
            detail = window.posts_page.detail
            await until(lambda: detail.post_id == scheduled, what="the detail pane")
    elif name == "calendar-day":  # "+N more" clicked on today's cell (or the next busy one)
        window.show_page(CALENDAR)
        page = controller.pages.calendar
        page.set_mode("month")
        page.go_today()
        await settle()
        busy = [d for d in page.month_table.days if d >= page.anchor
                and page.month_view.more_rect(d) is not None]
        assert busy, "no day of this month has more posts than its cell shows"
        page.show_day(busy[0])
    elif name.startswith("calendar-"):
        window.show_page(CALENDAR)
        page = controller.pages.calendar
        page.set_mode(name.removeprefix("calendar-"))
        page.go_today()
    elif name == "composer":
        composer = controller.open_composer()
        assert composer is not None, "the composer did not open"
        composer.resize(1280, 800)
        await until(lambda: composer.targets.count() > 0, what="the composer's profiles")
        await settle(15)
        return composer
    elif name == "media":
        window.show_page(MEDIA)
    elif name == "analytics":
        window.show_page(ANALYTICS)
        await until(lambda: controller.pages.analytics is not None, what="the analytics page")
        page = controller.pages.analytics
        await page.reload()
    elif name == "settings":
        controller.open_settings()  # as the menu does: in the demo, with the emulator's URLs
        dialog = controller.settings_dialog
        dialog.resize(640, 520)
        controller.screens_dialog = dialog
        await settle()
        return dialog
    elif name == "outbox":
        window.show_page(POSTS)
        dock = controller.outbox_dock
        dock.show()
        await dock.panel.reload()
    else:
        raise ValueError(f"unknown page {name!r}")
    await settle()
    return window


def close_extras(controller: Any) -> None:
    """Close what a previous ``show_page`` opened beside the main window."""
    dialog = getattr(controller, "screens_dialog", None)
    if dialog is not None:
        dialog.close()
        dialog.deleteLater()
        controller.screens_dialog = None
    if controller.composer is not None:
        controller.composers.close_composer()
    if controller.outbox_dock is not None:
        controller.outbox_dock.hide()


# The dialogs beside the pages, each opened as its menu or button opens it.
DIALOGS = ("reschedule", "workspaces", "queues", "series", "snippets", "drafts", "shortcuts",
           "notice", "welcome", "media-host")


async def open_dialog(controller: Any, name: str) -> Any:
    """Open dialog ``name`` as a user would; return the widget to grab."""
    from s200desk.ui.main_window import CALENDAR

    window = controller.window
    if name == "reschedule":
        window.show_page(CALENDAR)
        page = controller.pages.calendar
        now = page._clock()
        model = controller.posts_model
        row = next(r for r in (model.row_at(i) for i in range(model.rowCount()))
                   if r is not None and r.status == "scheduled" and r.scheduled_for is not None
                   and r.scheduled_for > now)
        return page.keyboard_moves.open_reschedule(row.id)
    if name == "workspaces":
        from s200desk.config import Workspace
        from s200desk.ui.workspaces.dialog import WorkspacesDialog

        spaces = [Workspace(id="studio", name="Studio"), Workspace(id="client-a", name="Client A")]
        dialog = WorkspacesDialog(spaces, "studio", window)
        dialog.open()
        return dialog
    if name == "queues":
        editor = controller.open_queues()
        await settle(20)
        return editor
    if name == "series":
        dialog = controller.open_series()
        await settle(20)
        return dialog
    if name in ("snippets", "drafts"):
        composer = controller.open_composer()
        await until(lambda: composer.targets.count() > 0, what="the composer's profiles")
        dialog = composer.show_snippets() if name == "snippets" else composer.show_drafts()
        await settle(20)
        return dialog
    if name == "shortcuts":
        from s200desk.ui.shortcuts_dialog import ShortcutsDialog

        dialog = ShortcutsDialog(window)
        dialog.open()
        return dialog
    if name == "notice":
        window.show_notice("The post to X was refused: the caption is 312 characters; X allows "
                           "280. It is kept in the outbox: edit it there and send it again.")
        return window
    if name == "welcome":
        from s200desk.ui.welcome.dialog import WelcomeDialog

        async def check(_name: str, _key: str) -> str:
            return ""

        dialog = WelcomeDialog(check, controller.tasks, parent=window)
        dialog.open()
        return dialog
    if name == "media-host":
        from s200desk.secrets import KeyStore
        from s200desk.ui.media.host_dialog import MediaHostDialog
        from tests.memory_keyring import MemoryKeyring

        dialog = MediaHostDialog("demo", KeyStore(MemoryKeyring()), controller.tasks, window)
        dialog.open()
        return dialog
    raise ValueError(name)


def close_dialog(widget: Any, controller: Any) -> None:
    from s200desk.ui.qt import QDialog

    if isinstance(widget, QDialog):
        widget.close()
    if controller.composer is not None:
        controller.composers.close_composer()
    controller.window.notice_banner.hide()
