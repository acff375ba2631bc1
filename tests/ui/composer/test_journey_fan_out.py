"""Journey: one composer post to all seven platforms at once, each with every option its form
has, set through the form's widgets, and the media each platform takes (a shared video; a
carousel, a photo and a Pin image of their own).

Sent with the Send button through the workspace's outbox to the emulator. Each platform's post,
read by id, must be exactly what the user set on that platform's tab: caption, account, the
wall time in the Settings zone (the day the clocks go forward), media in order, every option.
The composer reads the real clock, so the day is computed from now (tests/future_dates.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from composer_support import Workspace, open_workspace
from full_posts import ACCOUNT, FULL, PLATFORMS
from future_dates import next_transition
from journeys import ZONE, Wanted, live, media_types, mismatches
from test_composer_send import attach_url, pick, send_and_settle, set_when
from test_edit_post import DocsAccount

TZ = ZoneInfo(ZONE)
VIDEO = FULL["tiktok"][0]  # shared by every platform without media of its own
OWN_MEDIA = {p: FULL[p][0] for p in ("instagram", "facebook", "pinterest")}


@pytest.fixture
def ws(arun: Any, qtbot: Any, emulator: Any, tmp_path: Path) -> Iterator[Workspace]:
    yield from open_workspace(arun, qtbot, DocsAccount(emulator), tmp_path)


def fill(ws: Workspace, form: Any, options: dict[str, Any]) -> None:
    """Each option through its widget, as the user sets it."""
    from s200desk.ui.qt import QCheckBox, QComboBox, QLineEdit

    for key, value in options.items():
        editor = form.editors[key]
        if isinstance(editor, QComboBox):
            pick(editor, value)
        elif isinstance(editor, QCheckBox):
            if value:
                editor.setChecked(True)
        elif isinstance(editor, QLineEdit):
            editor.clear()
            text = ", ".join(value) if isinstance(value, list) else str(value)
            ws.qtbot.keyClicks(editor, text)
        else:
            raise AssertionError(f"no widget for {key}")


def test_every_platform_gets_exactly_its_own_options_and_media(ws: Workspace) -> None:
    window = ws.composer()
    caption = "All seven at once ✨\n#launch"
    for platform in PLATFORMS:
        assert window.targets.set_checked((platform, ACCOUNT), True), platform
    window.caption.setPlainText(caption)
    attach_url(ws.qtbot, window.media, VIDEO[0])
    wanted_options: dict[str, dict[str, Any]] = {}
    for platform in PLATFORMS:
        tab = window._tabs[platform]
        # An unticked box is "not set" on a new post: what the user set is the ticked ones.
        options = {k: v for k, v in FULL[platform][1].items() if v is not False}
        fill(ws, tab.form, options)
        wanted_options[platform] = options
        if platform in OWN_MEDIA:
            tab.media_box.setChecked(True)
            for url in OWN_MEDIA[platform]:
                attach_url(ws.qtbot, tab.media_panel, url)
    # 10:00 on the day Berlin's clocks go forward (summer time: UTC+2).
    spring = next_transition(ZONE, gap=True).at.astimezone(TZ)
    wall = f"{spring:%Y-%m-%d} 10:00"
    set_when(window, wall)
    send_and_settle(ws, window)

    when = datetime(spring.year, spring.month, spring.day, 10, 0, tzinfo=TZ).astimezone(UTC)
    held = {p["platform"]: p for p in live(ws.emulator, caption)}
    assert sorted(held) == sorted(PLATFORMS) and len(live(ws.emulator, caption)) == 7
    for platform in PLATFORMS:
        urls = OWN_MEDIA.get(platform, VIDEO)
        want = Wanted(caption, platform, ACCOUNT, when, wall, media_types(urls),
                      wanted_options[platform])
        post = ws.arun(ws.session.client.posts.get(held[platform]["id"]))
        assert mismatches(post, want) == {}, platform
