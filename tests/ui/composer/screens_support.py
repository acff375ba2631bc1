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
