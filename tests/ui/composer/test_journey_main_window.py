"""Journeys in the whole main window: Edit… and Duplicate on a carousel of three images and on a
YouTube video with every option, through the controller as the menus and the calendar call it.

Here the composer is the app's own, with the media library's panel (drop zone and ordered strip)
rather than the plain URL list of the composer tests: what it loads, shows and sends must still be
the post read by id — media in order, every option. The composer reads the real clock (the app's
controller clock is for the calendar and analytics), so times are computed from now
(tests/future_dates.py); the emulator's manual clock is earlier, so they are in its future too.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

import pytest
from full_posts import FULL
from future_dates import days_ahead
from journeys import Wanted, live, media_types, mismatches
from test_composer_send import set_when
from ui_support import until

from s200desk.ui.qt import Qt

ZONE = "Europe/Berlin"
TZ = ZoneInfo(ZONE)
HANDLE = "@lumenstudio"


def create(shell: Any, arun: Any, platform: str, caption: str, days: int) -> Any:
    client = shell.controller.session.client

    async def go() -> Any:
        urls, options = FULL[platform]
        ids = [(await client.media.upload(url=u)).file_id for u in urls]
        return await client.posts.create(
            account_id=HANDLE, platform=platform, content={"text": caption, "mediaID": ids},
            scheduled_for=days_ahead(days, hour=13), **{platform: options})

    return arun(go())


@pytest.fixture
def app(shell: Any, demo_emulator: Any) -> Any:
    shell.emulator = demo_emulator
    return shell


def settled_send(arun: Any, qtbot: Any, window: Any) -> None:
    assert window.send_button.isEnabled(), window.evaluation.problems
    qtbot.mouseClick(window.send_button, Qt.MouseButton.LeftButton)


@pytest.mark.parametrize("platform", ["instagram", "youtube"])
def test_edit_in_the_apps_composer_keeps_media_order_and_options(
    app: Any, arun: Any, qtbot: Any, platform: str
) -> None:
    from s200desk.ui.composer.edit_mode import open_editor

    caption = f"main window edit {platform}"
    created = create(app, arun, platform, caption, days=3)
    assert arun(app.controller.session.sync())
    original = arun(app.controller.session.client.posts.get(created.post_id))
    window = arun(open_editor(app.controller.composers, created.post_id))
    assert window is not None
    arun(until(lambda: not window._loading and window.form.media_box is not None
               and len(window.form.media_box.attached.media.items()) == len(original.media),
               what="the editor filled, media too"))
    window.caption.setPlainText(f"main window edited {platform}")
    settled_send(arun, qtbot, window)
    arun(until(lambda: window.edit_mode.current_id != created.post_id
               and not window.edit_mode.busy, timeout=40, what="the edit saved"))
    urls, options = FULL[platform]
    when = original.scheduled_for
    want = Wanted(f"main window edited {platform}", platform, HANDLE, when,
                  when.astimezone(TZ).strftime("%Y-%m-%d %H:%M"), media_types(urls), options,
                  file_ids=tuple(m.file_id for m in original.media))
    held = arun(app.controller.session.client.posts.get(window.edit_mode.current_id))
    found = mismatches(held, want)
    assert found == {}
    window.close()


@pytest.mark.parametrize("platform", ["instagram", "youtube"])
def test_duplicate_in_the_apps_composer_keeps_media_order_and_options(
    app: Any, arun: Any, qtbot: Any, platform: str
) -> None:
    caption = f"main window duplicate {platform}"
    created = create(app, arun, platform, caption, days=3)
    assert arun(app.controller.session.sync())
    original = arun(app.controller.session.client.posts.get(created.post_id))
    window = arun(app.controller.duplicate_post(created.post_id))
    assert window is not None
    arun(until(lambda: window.draft_id is not None and not window._loading
               and len(window.form.media_box.attached.media.items()) == len(original.media),
               what="the copy in the composer, media too"))
    day = days_ahead(6).astimezone(TZ)
    wall = f"{day:%Y-%m-%d} 19:30"
    set_when(window, wall)
    settled_send(arun, qtbot, window)
    arun(until(lambda: window.group_id is not None and window._settled(), timeout=40,
               what="the copy sent"))
    [copy] = [p for p in live(app.emulator, caption) if p["id"] != created.post_id]
    urls, options = FULL[platform]
    when = day.replace(hour=19, minute=30, second=0, microsecond=0).astimezone(ZoneInfo("UTC"))
    want = Wanted(caption, platform, HANDLE, when, wall, media_types(urls), options,
                  file_ids=tuple(m.file_id for m in original.media))
    assert mismatches(arun(app.controller.session.client.posts.get(copy["id"])), want) == {}
    window.close()
