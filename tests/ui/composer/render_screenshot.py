"""Render docs/screenshots/composer.png from the demo emulator (run under ``xvfb-run -a``).

    xvfb-run -a -s "-screen 0 1440x900x24" .venv/bin/python tests/ui/composer/render_screenshot.py

The demo emulator's profiles are synced into a fresh store; the composer gets a caption, two
targets (TikTok and Instagram), a video by URL, a time tomorrow evening, and shows TikTok's
generated option form (Instagram's is set to a Reel shared to the feed).
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_API", "pyside6")

import qasync

from s200desk.config import Settings
from s200desk.emulator import EmulatorServer, ManualClock
from s200desk.ui.composer import ComposerServices, ComposerWindow, MediaItem
from s200desk.ui.outbox.runner import OutboxRunner
from s200desk.ui.qt import QApplication
from s200desk.ui.session import Session, SessionInfo
from s200desk.ui.tasks import TaskKeeper
from s200desk.ui.theme import apply_theme

ROOT = Path(__file__).resolve().parents[3]
CAPTION = (
    "Behind the scenes of our spring collection 🌸 Three weeks of sketches, two prototypes and "
    "one very patient photographer. Which colour should we make next? Tell us below! "
    "#lumenstudio #behindthescenes #design"
)


async def render(out: Path) -> None:
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    server = EmulatorServer(seed="demo", plan="agency", clock=ManualClock(now), cooldown_seconds=0)
    server.start()
    tmp = Path(tempfile.mkdtemp(prefix="s200-composer-"))
    info = SessionInfo(
        "demo",
        "Demo",
        server.api_key,
        server.base_url,
        server.site_url,
        tmp / "store.sqlite3",
        demo=True,
    )
    session = Session(info)
    tasks = TaskKeeper()
    settings = Settings(plan="agency", time_zone="Europe/Berlin")
    try:
        await session.open()
        assert await session.sync()
        runner = OutboxRunner.for_session(session, tasks)
        services = ComposerServices.for_session(session, runner.service, tasks, lambda: settings)
        window = ComposerWindow(services)
        window.resize(1400, 860)
        window.show()
        await window.load()
        handle = next(p.account_id for p in await session.profiles.list())
        window.targets.set_checked(("tiktok", handle), True)
        window.targets.set_checked(("instagram", handle), True)
        window.caption.setPlainText(CAPTION)
        window.media.attach(
            MediaItem(
                url="https://example.com/spring-teaser.mp4", kind="video", name="spring-teaser.mp4"
            )
        )
        tomorrow = (now + timedelta(days=1)).astimezone(settings.zone)
        window.when.set_wall_time(tomorrow.strftime("%Y-%m-%d 18:30"))
        window._on_changed()
        tiktok = window._tabs["tiktok"].form
        insta = window._tabs["instagram"].form
        assert tiktok is not None and insta is not None
        tiktok.set_values({"privacyLevel": "PUBLIC_TO_EVERYONE", "disableDuet": True})
        insta.set_values({"postType": "reel", "shareToFeed": True})
        window._on_changed()
        window.platform_tabs.setCurrentWidget(window._tabs["tiktok"])
        for _ in range(30):
            await asyncio.sleep(0.03)
        out.parent.mkdir(parents=True, exist_ok=True)
        if not window.grab().save(str(out), "PNG"):
            raise SystemExit(f"could not write {out}")
        print(f"wrote {out}; problems: {window.evaluation.problems}", file=sys.stderr)
        window._autosave.stop()
        window.close()
        await runner.aclose()
        await tasks.aclose()
    finally:
        await session.aclose()
        server.stop()


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots" / "composer.png"
    app = QApplication.instance() or QApplication(sys.argv)
    apply_theme(app, "light")
    app.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    started = time.perf_counter()
    with loop:
        loop.run_until_complete(render(out))
    print(f"{time.perf_counter() - started:.1f}s", file=sys.stderr)


if __name__ == "__main__":
    main()
