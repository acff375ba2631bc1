"""PyInstaller entry point: runs ``s200desk.__main__:main``, like the ``s200desk`` console script.

With ``S200DESK_BUNDLE_CHECK=1`` it instead checks, from inside the frozen bundle, what PyInstaller
tends to lose (entry-point plugins, data files, dynamic imports) and prints one line per check;
the build scripts and the release workflow run it next to ``--self-test``.
"""

from __future__ import annotations

import multiprocessing
import os
import sys

# qasync picks its Qt binding from QT_API; never let it probe for PyQt.
os.environ.setdefault("QT_API", "pyside6")


def bundle_check() -> int:
    import importlib
    import importlib.metadata
    import zoneinfo

    failures = 0

    def check(name: str, func) -> None:  # type: ignore[no-untyped-def]
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

    def modules(*names: str):  # type: ignore[no-untyped-def]
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
        return str(svg)

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
    print(f"bundle check {'ok' if failures == 0 else f'FAILED ({failures})'}")
    return 1 if failures else 0


if __name__ == "__main__":
    multiprocessing.freeze_support()
    if os.environ.get("S200DESK_BUNDLE_CHECK") == "1":
        sys.exit(bundle_check())
    from s200desk.__main__ import main

    sys.exit(main())
