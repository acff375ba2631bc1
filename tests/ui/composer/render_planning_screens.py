"""Screenshots of issue #16's planning screens, light and dark (run under ``xvfb-run -a``).

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python \
        tests/ui/composer/render_planning_screens.py OUT_DIR [light|dark]

Writes: composer-suggest, composer-repeat, queue-confirm, queue-confirm-missing, queue-editor,
series-dialog, snippets-edit, snippets-undo and edit-series-post (each ``-<theme>.png``) from
the demo emulator, with a few published posts measured so the best times have numbers.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_API", "pyside6")


from s200desk.config import Settings
from s200desk.emulator import EmulatorServer, ManualClock
from s200desk.services.outbox import PostSpec
from s200desk.services.scheduling import to_iso_z
from s200desk.store.analytics_repo import AnalyticsRepo, Snapshot
from s200desk.ui.composer import ComposerServices, ComposerWindow
from s200desk.ui.outbox.runner import OutboxRunner
from s200desk.ui.planning.queue_editor import QueueEditor
from s200desk.ui.session import Session, SessionInfo
from s200desk.ui.tasks import TaskKeeper

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from screens_support import run_script, save, settle, until  # noqa: E402

BERLIN = ZoneInfo("Europe/Berlin")
HANDLE = "@lumenstudio"


async def seed_numbers(session: Session, now: datetime) -> None:
    posts, snaps = [], []
    for week in range(1, 5):
        for platform, weekday, hour, likes in (
            ("linkedin", 1, 18, 90), ("linkedin", 3, 8, 40), ("x", 2, 12, 60), ("x", 4, 19, 30),
        ):  # fmt: skip
            day = (now - timedelta(days=7 * week)).astimezone(BERLIN).date()
            day -= timedelta(days=(day.weekday() - weekday) % 7)
            at = datetime.combine(day, time(hour), BERLIN).astimezone(UTC)
            pid = f"shot-{platform}-{week}-{weekday}"
            posts.append({"id": pid, "platform": platform, "account_id": HANDLE,
                          "caption": pid, "status": "published", "created_at": at,
                          "published_at": at, "media": [], "platform_options": {}})  # fmt: skip
            snaps.append(Snapshot(pid, platform, HANDLE, at + timedelta(days=1), 1000, likes))
    await session.posts.upsert_many(posts)
    await AnalyticsRepo(session.db).add_snapshots(snaps)


async def render(outdir: Path, theme: str) -> None:
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    server = EmulatorServer(seed="demo", plan="agency", clock=ManualClock(now), cooldown_seconds=0)
    server.start()
    tmp = Path(tempfile.mkdtemp(prefix="s200-plan-shots-"))
    info = SessionInfo("demo", "Demo", server.api_key, server.base_url, server.site_url,
                       tmp / "plan.sqlite3", demo=True)  # fmt: skip
    session = Session(info)
    tasks = TaskKeeper()
    settings = Settings(plan="agency", time_zone="Europe/Berlin")
    try:
        await session.open()
        assert await session.sync()
        runner = OutboxRunner.for_session(session, tasks)
        runner.start()
        services = ComposerServices.for_session(session, runner.service, tasks, lambda: settings)
        services.now = lambda: now
        await seed_numbers(session, now)
        queue = services.queue
        await queue.set_slots("linkedin", HANDLE, "mon,tue,wed,thu,fri 09:00,17:30",
                              "Europe/Berlin")  # fmt: skip
        await queue.set_slots("x", HANDLE, "mon-sun 12:00", "Europe/Berlin")

        window = ComposerWindow(services)
        window.resize(1220, 900)
        window.show()
        await window.load()
        for platform in ("linkedin", "x"):
            window.targets.set_checked((platform, HANDLE), True)
        window.caption.setPlainText("Studio notes: how we light a product shot #lumenstudio")
        await window.suggest_times()
        await settle()
        save(window, outdir / f"composer-suggest-{theme}.png")
        repeat = window.form.repeat
        repeat.kind.setCurrentIndex(repeat.kind.findData("weekly"))
        repeat.end.setCurrentIndex(repeat.end.findData("count"))
        scroll = window.form.parentWidget().parentWidget()
        await settle()
        scroll.ensureWidgetVisible(repeat.error)
        await settle()
        save(window, outdir / f"composer-repeat-{theme}.png")
        repeat.kind.setCurrentIndex(repeat.kind.findData("none"))
        scroll.verticalScrollBar().setValue(0)

        window.add_to_queue()
        await until(lambda: getattr(window, "queue_confirm", None) is not None)
        await settle()
        save(window.queue_confirm, outdir / f"queue-confirm-{theme}.png")
        window.queue_confirm.reject()
        window.queue_confirm = None
        window.targets.set_checked(("tiktok", HANDLE), True)
        window.targets.set_checked(("x", HANDLE), False)
        window._tabs["tiktok"].form.editors["privacyLevel"].setCurrentIndex(1)
        window.media.url_edit.setText("https://example.com/clip.mp4")
        window.media.add_url_button.click()
        await settle()
        window.add_to_queue()
        await until(lambda: getattr(window, "queue_confirm", None) is not None)
        await settle()
        save(window.queue_confirm, outdir / f"queue-confirm-missing-{theme}.png")
        window.queue_confirm.reject()

        first, second = await queue.next_slots("linkedin", HANDLE, cap=None, count=2, now=now)
        specs = [
            PostSpec(account_id=HANDLE, platform="linkedin", text=text,
                     scheduled_for=to_iso_z(at))
            for text, at in (("Behind the scenes: our softbox setup", first),
                             ("Five ways to shoot glossy packaging", second))
        ]  # fmt: skip
        await runner.service.submit_posts(specs)
        for _ in range(100):
            if len([i for i in await runner.service.list() if i.post_id]) >= 2:
                break
            await asyncio.sleep(0.05)
        assert await session.sync()
        editor = QueueEditor(services.queue_editor_services())
        editor.show()
        await editor.load("linkedin", HANDLE)
        editor.upcoming_list.setCurrentRow(1)
        await settle()
        save(editor, outdir / f"queue-editor-{theme}.png")
        editor.close()
        window._autosave.stop()
        window.close()
        await render_series_screens(outdir, theme, session, runner, services, settings, now)
        await runner.aclose()
        await tasks.aclose()
        await session.aclose()
    finally:
        server.stop()


class _Controller:
    """What ``open_editor`` needs of the app's controller."""

    def __init__(self, session: Session, runner: OutboxRunner, services: ComposerServices,
                 settings: Settings) -> None:  # fmt: skip
        self.session, self.outbox, self.settings = session, runner, settings
        self.services = services
        self.window = self.notice_banner = self

    def show_message(self, text: str) -> None:
        print(f"notice: {text}", file=sys.stderr)

    def open_composer(self, state: object) -> ComposerWindow:
        window = ComposerWindow(self.services)
        window.resize(1220, 900)
        window.show()
        window.start(state=state)
        return window


async def render_series_screens(
    outdir: Path, theme: str, session: Session, runner: OutboxRunner,
    services: ComposerServices, settings: Settings, now: datetime,
) -> None:  # fmt: skip
    """The Repeating posts dialog changing a rule, the snippet picker editing one in place, and
    the post editor on one post of a series."""
    from s200desk.services.planning.recurrence import build_rule
    from s200desk.services.planning.series_service import SeriesService, group_of
    from s200desk.store.planning_repo import SnippetsRepo
    from s200desk.ui.composer.edit_mode import open_editor
    from s200desk.ui.composer.snippets_dialog import SnippetsDialog
    from s200desk.ui.planning.series_dialog import SeriesDialog

    series = SeriesService(session.db, runner.service)
    first = (now + timedelta(days=2)).astimezone(BERLIN).replace(
        hour=8, minute=30, second=0, microsecond=0, tzinfo=None)
    made = await series.create(
        PostSpec(account_id=HANDLE, platform="linkedin",
                 text="Studio tip of the week: one light, one reflector #lumenstudio"),
        build_rule("weekly", weekdays=(first.weekday(),)), first, "Europe/Berlin",
        horizon=timedelta(days=21), now=now)  # fmt: skip
    await series.create(
        PostSpec(account_id=HANDLE, platform="x", text="Friday wrap-up thread"),
        build_rule("monthly", nth_weekday=(-1, 4), count=6), first, "Europe/Berlin", now=now,
    )
    await runner.service.drain(group_of(made.id))
    assert await session.sync()
    dialog = SeriesDialog(series, services.tasks, lambda: settings.time_zone, now=lambda: now)
    dialog.show()
    await dialog.load()
    dialog.repeat.every.setValue(2)
    dialog.repeat.day_boxes[(first.weekday() + 2) % 7].setChecked(True)
    await settle()
    save(dialog, outdir / f"series-dialog-{theme}.png")
    dialog.close()

    repo = SnippetsRepo(session.db)
    for title, body in (("Launch hashtags", "#launch #studio #behindthescenes"),
                        ("Sign-off", "Questions? Ask below, we answer every one."),
                        ("Booking link", "Book a shoot: lumen.studio/book")):  # fmt: skip
        await repo.save(title, body)
    snippets = SnippetsDialog(repo, services.tasks)
    snippets.show()
    await snippets.reload()
    snippets.list.setCurrentRow(1)
    snippets.edit_current()
    snippets.body_edit.setPlainText("#launch #studio #autumn")
    await settle()
    save(snippets, outdir / f"snippets-edit-{theme}.png")
    snippets.list.setCurrentRow(0)
    await snippets.delete_current()
    await settle()
    save(snippets, outdir / f"snippets-undo-{theme}.png")
    snippets.close()

    intents = await runner.service.list(group_id=group_of(made.id))
    post_id = next(i.post_id for i in intents if i.post_id)
    editor = await open_editor(_Controller(session, runner, services, settings), post_id)
    assert editor is not None
    await until(lambda: not editor._loading)
    await settle()
    save(editor, outdir / f"edit-series-post-{theme}.png")
    editor._autosave.stop()
    editor.close()


def main() -> None:
    run_script(render, ROOT)


if __name__ == "__main__":
    main()
