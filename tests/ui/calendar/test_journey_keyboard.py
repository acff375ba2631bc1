"""Journey: a post with every option and its media moved from the keyboard on the night Berlin's
clocks go back — an hour later twice with Ctrl+Shift+Down (through the repeated hour), an hour
earlier with Ctrl+Shift+Up, then Reschedule… (Ctrl+Shift+R) to a time typed in.

The calendar page is the app's, on a real outbox and the emulator; it is fed as the app feeds it
(a sync from the list endpoint: no options). After each step the server's post, read by id, is
compared field by field with what the user set: the hour moves are hours of real time, the typed
time is the user's wall time in the Settings zone. Dates come from the emulator's clock.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from full_posts import ACCOUNT, FULL, create_full
from future_dates import next_transition
from journeys import ZONE, Wanted, media_types, mismatches, wall
from test_drag_keeps_everything import Page, outbox_page
from test_keyboard_reschedule import closed, ctrl_shift

TZ = ZoneInfo(ZONE)


@pytest.fixture
def cal(arun: Any, qtbot: Any, emulator: Any, tmp_path: Path) -> Iterator[Page]:
    # The emulator's clock three days before Berlin's autumn change.
    change = next_transition(ZONE, gap=False, now=emulator.clock.now()).at
    emulator.clock.set(change - timedelta(days=3))
    yield from outbox_page(arun, qtbot, emulator, tmp_path, zone=ZONE)


def the_post(cal: Page, caption: str) -> Any:
    [held] = cal.live(caption)
    return cal.get(held["id"])


def select(cal: Page, day: date, post_id: str) -> Any:
    cal.page.set_mode("week")
    cal.page.go_to(day)
    view = cal.page.current_view()
    view.select_post(post_id)
    view.setFocus()
    return view


@pytest.mark.parametrize("platform", ["youtube", "pinterest", "tiktok", "instagram"])
def test_hour_moves_and_reschedule_keep_everything_through_the_repeated_hour(
    cal: Page, platform: str
) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from s200desk.ui.calendar.reschedule_dialog import RescheduleDialog

    urls, options = FULL[platform]
    change = next_transition(ZONE, gap=False, now=cal.emulator.clock.now()).at
    night = change.astimezone(TZ).date()
    start = change - timedelta(hours=1, minutes=30)  # 01:30 summer time, on the change night
    caption = f"keyboard across the change {platform}"
    post_id = cal.run(create_full(cal.client, platform, start, caption))
    file_ids = tuple(m.file_id for m in cal.get(post_id).media)
    want = Wanted(caption, platform, ACCOUNT, start, wall(start), media_types(urls),
                  dict(options), file_ids=file_ids)
    cal.run(cal.sync())

    # An hour later, twice: 02:30 summer time, then 02:30 again, in winter time.
    for hours, words in ((1, f"{night} 02:30"), (2, f"{night} 02:30")):
        ctrl_shift(select(cal, night, the_post(cal, caption).id), Qt.Key.Key_Down)
        cal.settle()
        want = want.moved(start + timedelta(hours=hours), words)
        assert mismatches(the_post(cal, caption), want) == {}, hours
    # An hour earlier: back to the first 02:30.
    ctrl_shift(select(cal, night, the_post(cal, caption).id), Qt.Key.Key_Up)
    cal.settle()
    want = want.moved(start + timedelta(hours=1), f"{night} 02:30")
    assert mismatches(the_post(cal, caption), want) == {}

    # Reschedule…: 09:15 the day after, typed as the user's wall time (winter time: UTC+1).
    view = select(cal, night, the_post(cal, caption).id)
    ctrl_shift(view, Qt.Key.Key_R)
    dialog = cal.page.findChild(RescheduleDialog)
    assert dialog is not None and dialog.isVisible()
    after = night + timedelta(days=1)
    QTest.keyClicks(dialog.field, f"{after} 09:15")
    QTest.keyClick(dialog.field, Qt.Key.Key_Return)
    cal.settle()
    assert closed(dialog)
    typed = datetime(after.year, after.month, after.day, 9, 15, tzinfo=TZ)
    want = want.moved(typed.astimezone(ZoneInfo("UTC")), f"{after} 09:15")
    assert mismatches(the_post(cal, caption), want) == {}
    assert len(cal.live(caption)) == 1
