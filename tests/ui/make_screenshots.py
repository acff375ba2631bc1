"""Every page of the app, in the light and the dark theme, into docs/screenshots.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/ui/make_screenshots.py [light|dark]
    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python tests/ui/make_screenshots.py

The real window on the demo seed (the emulator with a manual clock at this minute, the store
synced and the analytics history backfilled as ``--demo`` does), each page shown as a user
reaches it and grabbed at 1280×800: ``<page>-<theme>.png``. Each theme runs in its own process,
as a user's theme applies at start-up. Not a test: run it after changing how a page looks, then
open every PNG and ask whether everything that should be there is there.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

os.environ.setdefault("QT_API", "pyside6")

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
OUT = ROOT / "docs" / "screenshots"
THEMES = ("light", "dark")


def picture(path: Path, w: int, h: int, c1: str, c2: str, shape: str) -> Path:
    """A drawn picture (a gradient and a shape) saved as ``path``: the media library's content."""
    from s200desk.ui.qt import QColor, QPainter, Qt, QtCore, QtGui

    img = QtGui.QImage(w, h, QtGui.QImage.Format.Format_RGB32)
    p = QPainter(img)
    grad = QtGui.QLinearGradient(0, 0, w, h)
    grad.setColorAt(0, QColor(c1))
    grad.setColorAt(1, QColor(c2))
    p.fillRect(0, 0, w, h, grad)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setBrush(QColor(255, 255, 255, 170))
    p.setPen(Qt.PenStyle.NoPen)
    if shape == "sun":
        p.drawEllipse(QtCore.QPointF(w * 0.7, h * 0.35), h * 0.18, h * 0.18)
    elif shape == "bars":
        for i in range(5):
            p.drawRect(QtCore.QRectF(w * (0.12 + i * 0.16), h * (0.8 - i * 0.12), w * 0.1,
                                     h * (0.12 + i * 0.12)))
    else:
        p.drawRoundedRect(QtCore.QRectF(w * 0.2, h * 0.2, w * 0.6, h * 0.6), 40, 40)
    p.end()
    img.save(str(path))
    return path


async def add_media(controller: object, folder: Path) -> None:
    """Pictures through the app's own media service (checked, hosted on the emulator, ingested),
    so the library shows what a user's uploads look like."""
    service = controller.pages.media_service  # type: ignore[attr-defined]
    specs = [("beach-sunset.jpg", 1920, 1080, "#F97316", "#7C3AED", "sun"),
             ("q3-results.png", 1200, 1200, "#0EA5E9", "#1E3A8A", "bars"),
             ("product-shot.webp", 1080, 1350, "#F5F5F4", "#A8A29E", "box"),
             ("team-offsite.jpg", 1600, 900, "#22C55E", "#14532D", "sun")]
    for name, w, h, c1, c2, shape in specs:
        record = await service.add(picture(folder / name, w, h, c1, c2, shape))
        try:
            await asyncio.wait_for(service.process(record.id), 20)
        except TimeoutError:
            print(f"{name}: not ingested within 20 s", file=sys.stderr)


async def shoot(theme: str, out: Path) -> None:
    sys.path.insert(0, str(HERE))
    from demo_screens import PAGES, close_extras, demo_controller, open_demo, settle, show_page

    demo = demo_controller(theme)
    server, controller, info, tmp = demo.server, demo.controller, demo.info, demo.folder
    try:
        await open_demo(controller, info, server)
        await add_media(controller, tmp)
        out.mkdir(parents=True, exist_ok=True)
        for page in PAGES:
            widget = await show_page(controller, page)
            await settle(10)
            path = out / f"{page}-{theme}.png"
            if not widget.grab().save(str(path), "PNG"):
                raise SystemExit(f"could not write {path}")
            print(path, file=sys.stderr)
            if page == "analytics":
                full = controller.pages.analytics.scroll_area.widget()
                full.grab().save(str(out / f"analytics-full-{theme}.png"), "PNG")
        close_extras(controller)
    finally:
        await controller.aclose()
        server.stop()


def run_theme(theme: str) -> None:
    sys.path.insert(0, str(HERE))
    from demo_screens import run_in_theme

    run_in_theme(theme, lambda: shoot(theme, OUT))


def main() -> int:
    if len(sys.argv) > 1:
        run_theme(sys.argv[1])
        return 0
    for theme in THEMES:  # a process each: the theme is applied once, at start-up
        subprocess.run([sys.executable, __file__, theme], check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
