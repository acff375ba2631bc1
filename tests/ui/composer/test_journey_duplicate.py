"""Journey: "Duplicate" a scheduled post with every option and several media, give the copy a
time in the composer, send it.

Driven as the user does it: the main window's duplicate (``ComposerLauncher.duplicate_post``: the
post read by id, kept as a draft, opened in the composer), the composer's date and time fields
and its Send button, the workspace's real outbox against the emulator. The copy on the server,
read by id, must equal the original in everything but its time (caption, platform, account, media
in order, every platform option, explicit "No"s included), at the wall time the user picked in
the Settings zone; the original stays as it was.

The composer reads the real clock, so the day is computed from now (tests/future_dates.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from composer_support import Workspace, open_workspace
from full_posts import ACCOUNT, FULL, INSTAGRAM_REEL, create_full
from future_dates import days_ahead, next_transition
from journeys import ZONE, Wanted, live, media_types, mismatches
from test_composer_send import send_and_settle, set_when
from test_edit_post import DocsAccount

from s200desk.ui.composer_launcher import ComposerLauncher

TZ = ZoneInfo(ZONE)
CASES = {**FULL, "instagram-reel": INSTAGRAM_REEL}


class DuplicateHost:
    """What ``ComposerLauncher.duplicate_post`` reads of the launcher: the workspace's session
    and ``open_composer(draft_id)`` (a shown composer filled by a task, as the app's)."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self.session = ws.session

    def open_composer(self, draft_id: str | None = None) -> Any:
        from s200desk.ui.composer import ComposerWindow

        window = ComposerWindow(self.ws.services())
        self.ws.qtbot.addWidget(window)
        window.show()
        window.start(draft_id=draft_id)
        self.ws.windows.append(window)
        return window


@pytest.fixture
def ws(arun: Any, qtbot: Any, emulator: Any, tmp_path: Path) -> Iterator[Workspace]:
    yield from open_workspace(arun, qtbot, DocsAccount(emulator), tmp_path)


def duplicate(ws: Workspace, post_id: str) -> Any:
    window = ws.arun(ComposerLauncher.duplicate_post(DuplicateHost(ws), post_id))  # type: ignore[arg-type]
    assert window is not None
    ws.wait(lambda: not window._loading, "the copy to fill the composer")
    return window


@pytest.mark.parametrize("case", list(CASES))
def test_a_duplicate_keeps_every_option_and_the_media_in_order(ws: Workspace, case: str) -> None:
    platform = case.split("-")[0]
    urls, options = CASES[case]
    caption = f"Duplicate me ✨ {case}\nsecond line #drop"
    original_id = ws.arun(create_full(ws.session.client, platform, days_ahead(3), caption,
                                      full=CASES[case]))
    ws.sync()  # the store now holds the list's copy: no options
    original = ws.arun(ws.session.client.posts.get(original_id))
    file_ids = tuple(m.file_id for m in original.media)
    assert len(set(file_ids)) == len(urls)

    window = duplicate(ws, original_id)
    # The copy's time is the user's: the night the clocks go back, past the repeated hour.
    night = next_transition(ZONE, gap=False).at.astimezone(TZ)
    wall = night.strftime("%Y-%m-%d") + " 09:30"
    set_when(window, wall)
    send_and_settle(ws, window)

    [copy] = [p for p in live(ws.emulator, caption) if p["id"] != original_id]
    when = night.replace(hour=9, minute=30, second=0, microsecond=0).astimezone(ZoneInfo("UTC"))
    want = Wanted(caption, platform, ACCOUNT, when, wall, media_types(urls), dict(options),
                  file_ids=file_ids)
    assert mismatches(ws.arun(ws.session.client.posts.get(copy["id"])), want) == {}
    # The original is untouched, and the two are all there is.
    kept = want.moved(original.scheduled_for, original.scheduled_for.astimezone(TZ)
                      .strftime("%Y-%m-%d %H:%M"))
    assert mismatches(ws.arun(ws.session.client.posts.get(original_id)), kept) == {}
    assert len(live(ws.emulator, caption)) == 2


def test_a_kept_no_that_no_longer_fits_is_left_out_not_refused(ws: Workspace) -> None:
    """A Reel shared "not to the feed", duplicated and made a Story: the hidden "no" to a
    Reels-only option is not what blocks Send; the copy is a plain Story."""
    from test_composer_send import pick

    caption = "Reel no feed, then a story"
    reel = (INSTAGRAM_REEL[0], {"postType": "reel", "shareToFeed": False})
    original_id = ws.arun(create_full(ws.session.client, "instagram", days_ahead(3), caption,
                                      full=reel))
    window = duplicate(ws, original_id)
    form = window._tabs["instagram"].form
    assert form.values() == {"postType": "reel", "shareToFeed": False}
    pick(form.editors["postType"], "story")
    set_when(window, days_ahead(6).astimezone(TZ).strftime("%Y-%m-%d") + " 18:00")
    window._refresh()
    assert not form.form_error.showing
    send_and_settle(ws, window)
    [copy] = [p for p in live(ws.emulator, caption) if p["id"] != original_id]
    assert copy["platform_options"] == {"postType": "story"}


@pytest.mark.parametrize("case", ["youtube", "instagram", "pinterest"])
def test_a_cancelled_post_scheduled_again_comes_back_whole(ws: Workspace, case: str) -> None:
    """Cancel (the detail pane's Cancel post), then change one's mind: Duplicate the cancelled
    post and give it a new time. The new post is the old one in everything but its time."""
    from s200desk.ui.posts.actions import cancel_post

    urls, options = CASES[case]
    caption = f"cancelled, then back {case}"
    original_id = ws.arun(create_full(ws.session.client, case, days_ahead(2), caption))
    ws.sync()
    file_ids = tuple(m.file_id for m in ws.arun(ws.session.client.posts.get(original_id)).media)
    ws.arun(cancel_post(ws.session, ws.runner.service, original_id, platform=case), 30)
    assert ws.arun(ws.session.client.posts.get(original_id)).status == "cancelled"
    assert live(ws.emulator, caption) == []

    window = duplicate(ws, original_id)
    day = days_ahead(8).astimezone(TZ)
    wall = f"{day:%Y-%m-%d} 20:45"
    set_when(window, wall)
    send_and_settle(ws, window)
    [back] = live(ws.emulator, caption)
    when = day.replace(hour=20, minute=45, second=0, microsecond=0).astimezone(ZoneInfo("UTC"))
    want = Wanted(caption, case, ACCOUNT, when, wall, media_types(urls), dict(options),
                  file_ids=file_ids)
    assert mismatches(ws.arun(ws.session.client.posts.get(back["id"])), want) == {}
