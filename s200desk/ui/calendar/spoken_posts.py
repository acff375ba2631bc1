"""The calendar in words, for a screen reader: a post as "09:30 Instagram @lumenstudio,
scheduled: caption", a day or hour cell as its date and the posts in it.

The grids paint their posts as chips inside one table cell, so without these words a screen
reader heard "2 post(s)" and never which ones, nor which one the arrow keys had selected.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from s200desk.ui.formatting import status_label
from s200desk.ui.icons import platform_label

if TYPE_CHECKING:
    from s200desk.ui.calendar.chips import Cell
    from s200desk.ui.calendar.model import CalendarModel

LISTED = 5  # a busy cell names its first five posts and counts the rest


def post_words(row: Any, model: CalendarModel) -> str:
    when = model.when_of(row)
    stamp = when.astimezone(model.tz).strftime("%H:%M") if when else "no time"
    state = "moving" if model.move_of(row.id) else status_label(row.status).lower()
    repeats = ", repeats" if row.id in model.series_posts else ""
    caption = row.caption if len(row.caption) <= 80 else row.caption[:79] + "…"
    return f"{stamp} {platform_label(row.platform)} {row.account_id}, {state}{repeats}: {caption}"


def cell_words(cell: Cell, model: CalendarModel) -> str:
    stamp = cell.day.strftime("%A %d %B %Y")
    if cell.hour is not None:
        stamp += f", {cell.hour:02d}:00"
    count = len(cell.rows)
    if not count:
        return f"{stamp}: no posts"
    listed = "; ".join(post_words(r, model) for r in cell.rows[:LISTED])
    more = f"; and {count - LISTED} more" if count > LISTED else ""
    return f"{stamp}: {count} post{'s' if count > 1 else ''}: {listed}{more}"
