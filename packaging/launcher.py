"""PyInstaller entry point: runs ``s200desk.__main__:main``, like the ``s200desk`` console script.

With ``S200DESK_BUNDLE_CHECK=1`` it instead checks, from inside the frozen bundle, what PyInstaller
tends to lose (entry-point plugins, data files, dynamic imports) and prints one line per check;
the build scripts and the release workflow run it next to ``--self-test``.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable
from pathlib import Path

# qasync picks its Qt binding from QT_API; never let it probe for PyQt.
os.environ.setdefault("QT_API", "pyside6")


def bundle_check() -> int:
    import importlib
    import importlib.metadata
    import zoneinfo

    failures = 0

    def check(name: str, func: Callable[[], str]) -> None:
        nonlocal failures
        try:
            print(f"ok   {name}: {func()}")
        except Exception as exc:  # report every failure, not only the first
            failures += 1
            print(f"FAIL {name}: {type(exc).__name__}: {exc}")

    def keyring_backend() -> str:
        from s200desk.secrets import KeyStore

        store = KeyStore()
        # No Secret Service on a headless box is fine, as long as it is said plainly.
        return f"{store.backend_name} available={store.available} problem={store.problem!r}"

    def keyring_backends() -> str:
        # keyring finds its backends through entry points: without keyring's dist-info in the
        # bundle it silently falls back to the "fail" backend.
        names = sorted(ep.name for ep in importlib.metadata.entry_points(group="keyring.backends"))
        if not names:
            raise RuntimeError("no keyring.backends entry points (keyring metadata not collected)")
        native = {"linux": "keyring.backends.SecretService", "win32": "keyring.backends.Windows",
                  "darwin": "keyring.backends.macOS"}.get(sys.platform)
        if native:
            importlib.import_module(native)
        return f"entry points {', '.join(names)}; {native} importable"

    def timezones() -> str:
        import tzdata

        zones = [zoneinfo.ZoneInfo(z) for z in ("Europe/Berlin", "America/New_York", "Asia/Tokyo")]
        return f"{len(zoneinfo.available_timezones())} zones, tzdata {tzdata.IANA_VERSION}, {zones}"

    def qasync_loop() -> str:
        import qasync
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance() or QApplication([])
        loop = qasync.QEventLoop(app)
        try:
            import asyncio

            async def tick() -> str:
                await asyncio.sleep(0.01)
                return "ran a coroutine"

            result = loop.run_until_complete(tick())
            return f"qasync {importlib.metadata.version('qasync')}: {result}"
        finally:
            loop.close()

    def all_app_modules() -> str:
        # Every module of the source tree must import from the bundle (a module that is only
        # imported by name, or that the wheel left out, would otherwise fail when first used).
        if getattr(sys, "frozen", False):
            listed = Path(sys._MEIPASS) / "s200desk-modules.txt"  # type: ignore[attr-defined]
            names = listed.read_text(encoding="utf-8").split()
        else:
            src = Path(__file__).resolve().parents[1] / "s200desk"
            names = sorted(".".join(p.relative_to(src.parent).with_suffix("").parts)
                           .removesuffix(".__init__") for p in src.rglob("*.py")
                           if "__pycache__" not in p.parts)
        failed = []
        for name in names:
            try:
                importlib.import_module(name)
            except Exception as exc:
                failed.append(f"{name} ({type(exc).__name__}: {exc})")
        if failed:
            raise ImportError(f"{len(failed)} of {len(names)} modules: " + "; ".join(failed))
        return f"all {len(names)} s200desk modules import"

    def modules(*names: str) -> Callable[[], str]:
        return lambda: ", ".join(importlib.import_module(n).__name__ for n in names)

    def migrations() -> str:
        from s200desk.store import load_migrations

        found = load_migrations()
        if not found:
            raise RuntimeError("no SQL migrations in the bundle")
        return f"{len(found)} migrations"

    def icons() -> str:
        from s200desk.ui.icons import resources_dir

        svg = resources_dir() / "icons" / "app.svg"
        if not svg.is_file():
            raise FileNotFoundError(svg)
        # Both layouts: the wheel's s200desk/resources (tried first) and the top-level resources/.
        root = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parents[1]))
        for folder in (root / "s200desk" / "resources", root / "resources"):
            if getattr(sys, "frozen", False) and not (folder / "icons" / "platforms").is_dir():
                raise FileNotFoundError(folder / "icons" / "platforms")
        from PySide6.QtGui import QImageReader
        from PySide6.QtWidgets import QApplication

        QApplication.instance() or QApplication([])
        # The glyphs must really load (QtSvg's image plugin), or the app paints letters instead.
        glyphs = sorted((resources_dir() / "icons" / "platforms").glob("*.svg"))
        bad = [g.name for g in glyphs if QImageReader(str(g)).read().isNull()]
        if not glyphs or bad:
            raise RuntimeError(f"platform glyphs missing or unreadable: {bad or 'none found'}")
        return f"{svg}; {len(glyphs)} platform glyphs load"

    def qtcharts() -> str:
        from PySide6.QtWidgets import QApplication

        QApplication.instance() or QApplication([])
        from s200desk.ui.analytics._qtcharts import QChart, QChartView, QLineSeries

        series = QLineSeries()
        series.append(0, 1)
        series.append(1, 2)
        chart = QChart()
        chart.addSeries(series)
        view = QChartView(chart)
        view.resize(200, 120)
        if view.grab().isNull():
            raise RuntimeError("QChartView did not paint")
        return "QChartView painted a line series"

    def system_zone() -> str:
        import tzlocal

        from s200desk.config import system_time_zone

        return f"tzlocal: {tzlocal.get_localzone_name()}; app zone {system_time_zone()}"

    check("version", lambda: importlib.metadata.version("s200desk"))
    check("keyring backends", keyring_backends)
    check("keyring", keyring_backend)
    check("zoneinfo", timezones)
    check("qasync", qasync_loop)
    check("emulator", modules("s200desk.emulator", "uvicorn.protocols.http.h11_impl",
                              "uvicorn.loops.asyncio", "uvicorn.lifespan.on",
                              "anyio._backends._asyncio"))
    check("migrations", migrations)
    check("icons", icons)
    check("qtcharts", qtcharts)
    check("tzlocal", system_zone)
    check("app modules", all_app_modules)
    # Modules the app imports lazily or by name (ui/feature_pages.py, app.py).
    check("lazy modules", modules("s200desk.ui.feature_pages", "s200desk.ui.analytics.page",
                                  "s200desk.ui.calendar.page", "s200desk.ui.media.library_page",
                                  "s200desk.services.analytics.poller",
                                  "s200desk.services.media.service", "httpx", "sniffio"))
    print(f"bundle check {'ok' if failures == 0 else f'FAILED ({failures})'}")
    return 1 if failures else 0


if __name__ == "__main__":
    multiprocessing.freeze_support()
    if os.environ.get("S200DESK_BUNDLE_CHECK") == "1":
        sys.exit(bundle_check())
    from s200desk.__main__ import main

    sys.exit(main())
