"""Render docs/screenshots/analytics.png from the demo emulator (run under ``xvfb-run -a``).

    xvfb-run -a .venv/bin/python tests/ui/analytics/render_screenshot.py [out.png]

Nothing is invented: the demo emulator is started with a manual clock two days in the past,
the store is synced and then polled on the real schedule while the clock steps forward two
days, so young posts collect a reading every 15 minutes exactly as they would in the app.
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

from s200desk.api import AsyncStatus200Client
from s200desk.config import Settings
from s200desk.emulator import EmulatorServer, ManualClock
from s200desk.services.analytics import EngagementPoller
from s200desk.services.events import ChangeBus
from s200desk.services.sync import SyncService
from s200desk.store import Database

ROOT = Path(__file__).resolve().parents[3]
STEP = timedelta(minutes=15)
DAYS = 2


async def collect(server: EmulatorServer, db: Database, bus: ChangeBus) -> EngagementPoller:
    async with AsyncStatus200Client(
        api_key=server.api_key, base_url=server.base_url, site_url=server.site_url
    ) as client:
        sync = SyncService(client, db, bus)
        poller = EngagementPoller(client, db, bus=bus, clock=server.clock.now,
                                  max_per_cycle=2000, concurrency=8)
        await sync.sync_all()
        started = time.perf_counter()
        requests = 0
        for step in range(int(timedelta(days=DAYS) / STEP)):
            if step and step % 8 == 0:  # a sync every two hours picks up newly published posts
                await sync.sync_all()
            report = await poller.poll_due()
            requests += report.attempted
            server.advance(STEP)
        await sync.sync_all()
        await poller.poll_due()
        print(f"{requests} polls in {time.perf_counter() - started:.1f}s, "
              f"{await poller.repo.count()} snapshots", file=sys.stderr)
        return poller


def main() -> None:
    default = ROOT / "docs" / "screenshots" / "analytics.png"
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else default
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    server = EmulatorServer(seed="demo", plan="agency",
                            clock=ManualClock(now - timedelta(days=DAYS)), cooldown_seconds=0)
    server.start()
    tmp = Path(tempfile.mkdtemp(prefix="s200-shot-"))
    db = Database.open(tmp / "store.sqlite3")
    bus = ChangeBus()
    try:
        poller = asyncio.run(collect(server, db, bus))

        from s200desk.ui.analytics import AnalyticsPage
        from s200desk.ui.qt import QApplication
        from s200desk.ui.theme import apply_theme

        app = QApplication.instance() or QApplication(sys.argv)
        apply_theme(app, "light")
        settings = Settings(time_zone="Europe/Berlin")
        page = AnalyticsPage(db, bus, settings, poller=poller, clock=server.clock.now)
        page.resize(1280, 800)
        page.show()
        asyncio.run(page.reload())
        for _ in range(20):
            app.processEvents()
            time.sleep(0.02)
        out.parent.mkdir(parents=True, exist_ok=True)
        if not page.grab().save(str(out), "PNG"):
            raise SystemExit(f"could not write {out}")
        full = out.with_name(out.stem + "-full.png")
        page.scroll_area.widget().grab().save(str(full), "PNG")
        print(f"wrote {out} and {full}", file=sys.stderr)
        page.close_page()
    finally:
        db.close()
        server.stop()


if __name__ == "__main__":
    main()
