"""Every page and dialog a creator opens, grabbed at a screen size and theme, for a person to look
at: not a test, and not the docs' screenshots (make_screenshots.py).

    xvfb-run -a -s "-screen 0 1440x900x24" .venv/bin/python tests/ui/walk_screens.py OUT light
    xvfb-run -a -s "-screen 0 1024x700x24" .venv/bin/python tests/ui/walk_screens.py OUT dark

The real window on the demo seed (as make_screenshots.py builds it), maximised to the screen;
each dialog as its menu or button opens it, at the size it gives itself on that screen:
``OUT/<size>-<theme>-<what>.png``. Then open every PNG and ask whether everything that should be
there is there, readable and not clipped.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_API", "pyside6")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1]))  # tests.memory_keyring

async def walk(theme: str, out: Path) -> None:
    from demo_screens import (
        DIALOGS,
        PAGES,
        close_dialog,
        close_extras,
        demo_controller,
        open_demo,
        open_dialog,
        settle,
        show_page,
    )
    from make_screenshots import add_media

    from s200desk.ui.qt import QApplication

    screen = QApplication.primaryScreen().availableGeometry()
    size = f"{screen.width()}x{screen.height()}"
    demo = demo_controller(theme)
    server, controller, info, tmp = demo.server, demo.controller, demo.info, demo.folder
    out.mkdir(parents=True, exist_ok=True)

    def save(widget: Any, what: str) -> None:
        path = out / f"{size}-{theme}-{what}.png"
        widget.grab().save(str(path), "PNG")
        print(path, file=sys.stderr)

    try:
        await open_demo(controller, info, server)
        controller.window.resize(screen.width(), screen.height())
        await add_media(controller, tmp)
        for page in PAGES:
            widget = await show_page(controller, page)
            if widget is not controller.window:  # the composer, settings: their own size
                widget.resize(widget.sizeHint().expandedTo(widget.minimumSize())
                              .boundedTo(screen.size()))
                if page == "composer":
                    from s200desk.ui.widgets.fit_screen import fitting_size

                    widget.resize(fitting_size(widget, 1220, 820))
            await settle(15)
            save(widget, page)
            if page == "analytics":
                save(controller.pages.analytics.scroll_area.widget(), "analytics-full")
        close_extras(controller)
        for name in DIALOGS:
            try:
                widget = await open_dialog(controller, name)
            except Exception as exc:  # say which, and go on with the others
                print(f"{name}: could not open: {exc!r}", file=sys.stderr)
                continue
            await settle(15)
            save(widget, name)
            close_dialog(widget, controller)
            await settle()
    finally:
        await controller.aclose()
        server.stop()


def main() -> int:
    from demo_screens import run_in_theme

    out, theme = Path(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else "light"
    run_in_theme(theme, lambda: walk(theme, out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
