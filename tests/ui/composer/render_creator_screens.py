"""Screenshots of issue #14's composer-side screens, light and dark (run under ``xvfb-run -a``).

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python \
        tests/ui/composer/render_creator_screens.py OUT_DIR [light|dark]

Writes: composer-mixed-media, composer-needs-media, composer-close-question,
notification-banner and read-only-banner (each ``-<theme>.png``) from the demo emulator.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_API", "pyside6")

import httpx

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from screens_support import run_script, save, settle, until  # noqa: E402

sys.path.insert(0, str(ROOT / "tests" / "unit" / "media"))
from media_samples import mp4, png  # noqa: E402

from s200desk.config import Settings  # noqa: E402
from s200desk.emulator import EmulatorServer, ManualClock  # noqa: E402
from s200desk.services.media import EmulatorHost, MediaService  # noqa: E402
from s200desk.services.outbox import PostSpec  # noqa: E402
from s200desk.store.media_repo import MediaRepo  # noqa: E402
from s200desk.ui.composer import ComposerServices, ComposerWindow  # noqa: E402
from s200desk.ui.outbox.runner import OutboxRunner  # noqa: E402
from s200desk.ui.qt import QApplication  # noqa: E402
from s200desk.ui.session import Session, SessionInfo  # noqa: E402
from s200desk.ui.tasks import TaskKeeper  # noqa: E402

CAPTION = "Spring teaser 🌸 out now — which colour next? 🎨 #lumenstudio"


def _empty_frame() -> Any:
    from s200desk import paths
    from s200desk.settings_peek import peek_settings
    from s200desk.ui.first_frame import build_first_frame

    return build_first_frame(peek_settings(paths.settings_file()))


def save_screen(out: Path) -> None:
    screen = QApplication.primaryScreen()
    screen.grabWindow(0).save(str(out), "PNG")
    print(f"wrote {out}", file=sys.stderr)


async def composer_screens(server: Any, tmp: Path, outdir: Path, theme: str) -> None:
    info = SessionInfo("demo", "Demo", server.api_key, server.base_url, server.site_url,
                       tmp / "composer.sqlite3", demo=True)
    session = Session(info)
    tasks = TaskKeeper()
    settings = Settings(plan="agency", time_zone="Europe/Berlin")
    await session.open()
    assert await session.sync()
    runner = OutboxRunner.for_session(session, tasks)
    runner.start()
    http = httpx.AsyncClient()
    media = MediaService(MediaRepo(session.db), runner.service,
                         host=EmulatorHost(server.site_url, http), bus=session.bus, http=http)
    clip, pic = tmp / "spring-teaser.mp4", tmp / "pin-cover.png"
    clip.write_bytes(mp4(8192))
    pic.write_bytes(png(64, 96, (214, 41, 118)))
    try:
        services = ComposerServices.for_session(session, runner.service, tasks, lambda: settings,
                                                media_service=media)
        handle = "@lumenstudio"
        # 1. Six platforms, one drop of a video and a picture.
        window = ComposerWindow(services)
        window.resize(1400, 1000)
        window.show()
        await window.load()
        for p in ("tiktok", "instagram", "youtube", "x", "linkedin", "pinterest"):
            window.targets.set_checked((p, handle), True)
        window.caption.setPlainText(CAPTION)
        window.drop_zone.give([str(clip), str(pic)])
        await until(lambda: all(window.state().media_for(p) for p in ("youtube", "pinterest")))
        window.platform_tabs.setCurrentWidget(window._tabs["pinterest"])
        window._refresh()
        await settle()
        scroll = window.form.parentWidget().parentWidget()
        scroll.verticalScrollBar().setValue(250)
        await settle()
        save(window, outdir / f"composer-mixed-media-{theme}.png")
        # 2. The Esc question.
        window.request_close()
        await settle()
        save_screen(outdir / f"composer-close-question-{theme}.png")
        window._close_box.done(0)
        window._autosave.stop()
        window.close()
        # 3. A video only, Pinterest still needs a picture.
        window = ComposerWindow(services)
        window.resize(1400, 1000)
        window.show()
        await window.load()
        for p in ("youtube", "pinterest"):
            window.targets.set_checked((p, handle), True)
        window.caption.setPlainText(CAPTION)
        window.drop_zone.give([str(clip)])
        await until(lambda: bool(window.state().media_for("youtube")))
        window._refresh()
        await settle()
        save(window, outdir / f"composer-needs-media-{theme}.png")
        window._autosave.stop()
        window.close()
    finally:
        await runner.aclose()
        await media.close()
        await http.aclose()
        await tasks.aclose()
        await session.aclose()


async def window_screens(server: Any, tmp: Path, outdir: Path, theme: str) -> None:
    from s200desk.ui.controller import Controller

    settings = Settings(plan="agency", time_zone="Europe/Berlin")
    # The main window with a failed post announced (no tray under Xvfb: the banner).
    controller = Controller(settings, TaskKeeper(), persist_settings=False,
                            clock=server.clock.now, first_frame=_empty_frame())
    db = tmp / "window.sqlite3"
    info = SessionInfo("ws-shot", "Lumen Studio", server.api_key, server.base_url,
                       server.site_url, db)
    controller.window.resize(1440, 860)
    controller.window.show()
    await controller.start(info)
    await until(lambda: controller.data_shown_emitted, 30)
    await until(lambda: controller.notifications is not None and controller.outbox is not None)
    await settle()
    await controller.outbox.service.submit_posts(
        [PostSpec(account_id="@lumenstudio", platform="x", text="Spring teaser 🌸 " * 30)]
    )
    await until(lambda: controller.notifications.banner.isVisible())
    await settle(30)
    save(controller.window, outdir / f"notification-banner-{theme}.png")
    await controller.aclose()
    controller.window.close()
    # Read-only: the same cache, no key.
    controller = Controller(settings, TaskKeeper(), persist_settings=False,
                            clock=server.clock.now, first_frame=_empty_frame())
    ro = SessionInfo("ws-shot", "Lumen Studio", "", server.base_url, server.site_url, db,
                     read_only=True)
    controller.window.resize(1440, 860)
    controller.window.show()
    await controller.start(ro)
    await until(lambda: controller.posts_model.rowCount() > 0)
    controller.open_composer()  # refused, with the reason
    await settle(30)
    save(controller.window, outdir / f"read-only-banner-{theme}.png")
    await controller.aclose()


async def render(outdir: Path, theme: str) -> None:
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    server = EmulatorServer(seed="demo", plan="agency", clock=ManualClock(now), cooldown_seconds=0)
    server.start()
    tmp = Path(tempfile.mkdtemp(prefix="s200-shots-"))
    try:
        await composer_screens(server, tmp, outdir, theme)
        await window_screens(server, tmp, outdir, theme)
    finally:
        server.stop()


def main() -> None:
    run_script(render, ROOT)


if __name__ == "__main__":
    main()
