"""Render the composer editing a scheduled post, and the detail pane's labelled options, in the
light and dark themes (run under ``xvfb-run -a``; PNGs go to the folder given, default /tmp).

    xvfb-run -a -s "-screen 0 1440x900x24" .venv/bin/python \
        tests/ui/composer/render_edit_screenshot.py /tmp/shots
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_API", "pyside6")

import qasync

from s200desk.config import Settings
from s200desk.emulator import EmulatorServer, ManualClock
from s200desk.services.lifecycle.service import PostLifecycle
from s200desk.ui.composer import ComposerServices, ComposerWindow
from s200desk.ui.composer.edit_mode import PostEditor, state_for_edit
from s200desk.ui.outbox.runner import OutboxRunner
from s200desk.ui.posts.detail import PostDetailPane
from s200desk.ui.qt import QApplication
from s200desk.ui.session import Session, SessionInfo
from s200desk.ui.tasks import TaskKeeper
from s200desk.ui.theme import apply_theme

DOCS_KEY = "rl_your_api_key"


async def render(app: QApplication, out: Path) -> None:
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    server = EmulatorServer(seed="basic", plan="agency", clock=ManualClock(now),
                            cooldown_seconds=0)
    server.start()
    tmp = Path(tempfile.mkdtemp(prefix="s200-edit-"))
    info = SessionInfo("docs", "Docs", DOCS_KEY, server.base_url, server.site_url,
                       tmp / "store.sqlite3")
    session = Session(info)
    tasks = TaskKeeper()
    settings = Settings(plan="agency", time_zone="Europe/Berlin")
    try:
        await session.open()
        assert await session.sync()
        client = session.client
        when = (now + timedelta(days=3)).replace(hour=16, minute=0)
        media = (await client.media.upload(url="https://example.com/teaser.mp4")).file_id
        created = await client.posts.create(
            account_id="@myprofile", platform="youtube",
            content={"text": "Spring collection teaser: three weeks of sketches in 40 s",
                     "mediaID": [media]},
            scheduled_for=when,
            youtube={"title": "Spring collection teaser", "visibility": "unlisted",
                     "madeForKids": False, "tags": ["spring", "collection"]})
        post = await session.fetch_post(created.post_id)
        runner = OutboxRunner.for_session(session, tasks)
        for theme in ("light", "dark"):
            apply_theme(app, theme)
            services = ComposerServices.for_session(session, runner.service, tasks,
                                                    lambda: settings)
            window = ComposerWindow(services)
            window.show()
            await window.load(state=state_for_edit(post, settings.time_zone))
            PostEditor(window, post, PostLifecycle(runner.service))
            window._tabs["youtube"].setFocus() if hasattr(window, "_tabs") else None
            await asyncio.sleep(0.3)
            window.grab().save(str(out / f"edit-post-{theme}.png"))
            window.close()
            pane = PostDetailPane()
            pane.set_time_zone(settings.time_zone)
            pane.resize(420, 560)
            pane.show()
            stored = await session.posts.get(created.post_id)
            pane.show_row(stored)
            pane.show_post(post)
            await asyncio.sleep(0.2)
            pane.grab().save(str(out / f"detail-options-{theme}.png"))
            pane.close()
    finally:
        await tasks.aclose()
        await session.aclose()
        server.stop()


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv)
    app.setQuitOnLastWindowClosed(False)
    qasync.run(render(app, out))  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
