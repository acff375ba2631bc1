"""Render the calendar's month and week views with the demo emulator's posts into docs/screenshots.

    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python tests/ui/calendar/make_screenshots.py

Not a test: run it after changing how the calendar looks, then look at the PNGs.
"""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("QT_API", "pyside6")

ROOT = Path(__file__).resolve().parents[3]
OUT = ROOT / "docs" / "screenshots"
NOW = datetime(2026, 5, 16, 12, 0, tzinfo=UTC)


def main() -> int:
    from s200desk.api import Status200Client
    from s200desk.config import Settings
    from s200desk.emulator import EmulatorServer, ManualClock
    from s200desk.ui.calendar import CalendarPage
    from s200desk.ui.qt import QApplication
    from s200desk.ui.theme import apply_theme

    server = EmulatorServer(seed="demo", plan="beginner", clock=ManualClock(NOW),
                            cooldown_seconds=0)
    server.start()
    try:
        with Status200Client(api_key=server.api_key, base_url=server.base_url,
                             site_url=server.site_url) as client:
            posts = client.posts.list_all()
    finally:
        server.stop()

    app = QApplication.instance() or QApplication(sys.argv)
    apply_theme(app, "light")  # type: ignore[arg-type]
    page = CalendarPage(settings=Settings(time_zone="Europe/Berlin", plan="beginner"),
                        clock=server.clock.now)
    page.set_posts(posts)
    page.setWindowTitle("s200desk — Calendar")
    page.resize(1280, 800)
    page.show()
    OUT.mkdir(parents=True, exist_ok=True)

    def shoot(name: str) -> None:
        for _ in range(5):
            app.processEvents()
        page.grab().save(str(OUT / name))
        print(OUT / name)

    month_rows = page.model.rows_on(NOW.date())
    if month_rows:
        page.month_view.select_post(month_rows[0].id)
    shoot("calendar-month.png")
    page.set_mode("week")
    week_rows = [r for d in page.week_table.days for r in page.model.rows_on(d)
                 if r.status == "scheduled"]
    if week_rows:
        page.week_view.select_post(week_rows[0].id)
    shoot("calendar-week.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
