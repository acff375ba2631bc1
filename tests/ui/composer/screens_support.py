"""What the composer-side screenshot scripts share: waiting on the loop and saving a grab."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any


async def until(predicate: Any, seconds: float = 20.0) -> None:
    for _ in range(int(seconds / 0.05)):
        if predicate():
            return
        await asyncio.sleep(0.05)
    raise TimeoutError("not reached")


async def settle(n: int = 20) -> None:
    for _ in range(n):
        await asyncio.sleep(0.03)


def save(widget: Any, out: Path) -> None:
    if not widget.grab().save(str(out), "PNG"):
        raise SystemExit(f"could not write {out}")
    print(f"wrote {out}", file=sys.stderr)


def run_script(render: Any, root: Path) -> None:
    """A screenshot script's main: ``argv`` = [OUTDIR [THEME]], a throwaway home, the theme,
    then ``await render(outdir, theme)`` on a qasync loop."""
    import os
    import tempfile

    import qasync

    from s200desk.ui.qt import QApplication
    from s200desk.ui.theme import apply_theme

    outdir = Path(sys.argv[1]) if len(sys.argv) > 1 else root / "docs" / "screenshots"
    theme = sys.argv[2] if len(sys.argv) > 2 else "light"
    os.environ.setdefault("S200DESK_HOME", tempfile.mkdtemp(prefix="s200-shots-home-"))
    outdir.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv)
    apply_theme(app, theme)
    app.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        loop.run_until_complete(render(outdir, theme))
