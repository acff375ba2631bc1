"""Journeys: a post added to a posting queue, and a repeating post, each across a DST change.

Driven through the composer (its fields, per-platform media and options, "Add to queue" with its
confirm list, the repeat panel and Send) on a workspace whose outbox sends to the emulator. The
composer's "now" is the emulator's clock, set to the weekend Berlin's clocks go back (found from
that clock, never from today's date); the computer's own zone is another (America/New_York),
the Settings zone is Europe/Berlin. Every post on the server, read by id, must be what the user
set — caption, platform, account, media in order, every option — at the wall time of its slot or
occurrence in the Settings zone: 09:00 and 18:00 stay 09:00 and 18:00 when the offset changes.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from composer_support import Workspace, open_workspace
from full_posts import ACCOUNT, FULL
from future_dates import next_transition
from journeys import ZONE, Wanted, live, media_types, mismatches
from test_composer_queue import confirm_of
from test_composer_send import attach_url, pick, set_when
from test_edit_post import DocsAccount

from s200desk.services.scheduling import parse_iso_utc
from s200desk.ui.qt import Qt

TZ = ZoneInfo(ZONE)


@pytest.fixture
def ws(arun: Any, qtbot: Any, emulator: Any, tmp_path: Path,
       monkeypatch: pytest.MonkeyPatch) -> Iterator[Workspace]:
    monkeypatch.setenv("TZ", "America/New_York")  # the computer's zone is not the user's
    time.tzset()
    # The emulator's clock on the Saturday before Berlin's autumn change, 14:00 summer time.
    change = next_transition(ZONE, gap=False, now=emulator.clock.now()).at
    emulator.clock.set(change - timedelta(hours=13))
    assert emulator.clock.now().astimezone(TZ).strftime("%a %H:%M") == "Sat 14:00"
    try:
        yield from open_workspace(arun, qtbot, DocsAccount(emulator), tmp_path)
    finally:
        monkeypatch.undo()
        time.tzset()


def composer(ws: Workspace) -> Any:
    """A composer whose "now" is the emulator's clock."""
    from s200desk.ui.composer import ComposerWindow

    window = ComposerWindow(dataclasses.replace(ws.services(), now=ws.emulator.clock.now))
    ws.qtbot.addWidget(window)
    window.show()
    ws.arun(window.load())
    ws.windows.append(window)
    return window


def fill_youtube(ws: Workspace, window: Any, caption: str) -> dict[str, Any]:
    """A YouTube post with a title, visibility, made-for-kids and tags, and its video."""
    assert window.targets.set_checked(("youtube", ACCOUNT), True)
    window.caption.setPlainText(caption)
    attach_url(ws.qtbot, window.media, FULL["youtube"][0][0])
    form = window._tabs["youtube"].form
    ws.qtbot.keyClicks(form.editors["title"], "Autumn teaser")
    pick(form.editors["visibility"], "unlisted")
    form.editors["madeForKids"].setChecked(True)
    ws.qtbot.keyClicks(form.editors["tags"], "autumn, teaser video")
    return {"title": "Autumn teaser", "visibility": "unlisted", "madeForKids": True,
            "tags": ["autumn", "teaser video"]}


def wall_at(day: datetime, hh: int, mm: int) -> datetime:
    return datetime(day.year, day.month, day.day, hh, mm, tzinfo=TZ).astimezone(UTC)



def weekly_at_six(ws: Workspace, window: Any, times: int) -> datetime:
    """The composer's repeat set to weekly at 18:00 from today (the emulator's), ``times``
    posts; today's date in the Settings zone."""
    today = ws.emulator.clock.now().astimezone(TZ)
    set_when(window, f"{today:%Y-%m-%d} 18:00")
    repeat = window.form.repeat
    pick(repeat.kind, "weekly")
    for i, box in enumerate(repeat.day_boxes):
        box.setChecked(i == today.weekday())
    pick(repeat.end, "count")
    repeat.count.setValue(times)
    return today


def test_a_queued_post_lands_at_its_slot_past_the_change(ws: Workspace) -> None:
    queue = ws.services().queue
    ws.arun(queue.set_slots("youtube", ACCOUNT, "mon-fri 09:00", ZONE))
    window = composer(ws)
    caption = "queued across the change ✨\nline two"
    options = fill_youtube(ws, window, caption)
    ws.qtbot.mouseClick(window.queue_button, Qt.MouseButton.LeftButton)
    box = confirm_of(ws, window)
    ws.qtbot.mouseClick(box.add_button, Qt.MouseButton.LeftButton)
    ws.wait(lambda: window.group_id is not None and window._settled(), "the post settled")

    monday = ws.emulator.clock.now().astimezone(TZ) + timedelta(days=2)
    slot = wall_at(monday, 9, 0)  # Monday 09:00, winter time now: 08:00 UTC
    assert slot.hour == 8
    [held] = live(ws.emulator, caption)
    want = Wanted(caption, "youtube", ACCOUNT, slot, f"{monday:%Y-%m-%d} 09:00",
                  media_types(FULL["youtube"][0]), options)
    assert mismatches(ws.arun(ws.session.client.posts.get(held["id"])), want) == {}


def test_a_weekly_post_keeps_its_wall_time_and_everything_across_the_change(
    ws: Workspace,
) -> None:
    window = composer(ws)
    caption = "every Saturday at six ✨"
    yt_options = fill_youtube(ws, window, caption)
    assert window.targets.set_checked(("instagram", ACCOUNT), True)
    insta = window._tabs["instagram"]
    pick(insta.form.editors["postType"], "carousel")
    insta.media_box.setChecked(True)  # a carousel of its own three images
    carousel = FULL["instagram"][0]
    for url in carousel:
        attach_url(ws.qtbot, insta.media_panel, url)
    today = weekly_at_six(ws, window, times=3)
    assert window.send_button.isEnabled(), window.evaluation.problems
    ws.qtbot.mouseClick(window.send_button, Qt.MouseButton.LeftButton)
    ws.wait(lambda: len(live(ws.emulator, caption)) == 6, "three posts per profile", timeout=40)

    days = [today + timedelta(weeks=n) for n in range(3)]
    expected = [wall_at(d, 18, 0) for d in days]
    # 18:00 summer time (16:00 UTC) first, then 18:00 winter time (17:00 UTC).
    assert [e.hour for e in expected] == [16, 17, 17]
    held = {(p["platform"], p["scheduled_for"]): p for p in live(ws.emulator, caption)}
    for platform, urls, options in (
        ("youtube", FULL["youtube"][0], yt_options),
        ("instagram", carousel, {"postType": "carousel"}),
    ):
        posts = sorted((p for (pf, _), p in held.items() if pf == platform),
                       key=lambda p: p["scheduled_for"])
        assert len(posts) == 3, platform
        for post, when, day in zip(posts, expected, days, strict=True):
            want = Wanted(caption, platform, ACCOUNT, when, f"{day:%Y-%m-%d} 18:00",
                          media_types(urls), options)
            assert mismatches(ws.arun(ws.session.client.posts.get(post["id"])), want) == {}


def test_two_queued_posts_swapped_across_the_change_keep_everything(ws: Workspace) -> None:
    """The queue editor's Move down on Friday's post (summer time) swaps it with Monday's
    (winter time): each lands at the other's slot, 09:00 both, with its own options."""
    from full_posts import create_full

    from s200desk.ui.planning.queue_editor import QueueEditor

    change = next_transition(ZONE, gap=False, now=ws.emulator.clock.now()).at
    ws.emulator.clock.set(change - timedelta(hours=44))  # Friday 07:00, summer time
    friday = ws.emulator.clock.now().astimezone(TZ)
    monday = friday + timedelta(days=3)
    slots = [wall_at(friday, 9, 0), wall_at(monday, 9, 0)]
    assert [s.hour for s in slots] == [7, 8]
    queue = ws.services().queue
    ws.arun(queue.set_slots("youtube", ACCOUNT, "mon,fri 09:00", ZONE))
    urls, options = FULL["youtube"]
    mine = {
        "friday": (slots[0], dict(options)),
        "monday": (slots[1], {**options, "visibility": "private", "title": "Monday's cut"}),
    }
    ids = {}
    for word, (when, own) in mine.items():
        caption = f"queued for {word} ✨"
        ids[word] = ws.arun(create_full(ws.session.client, "youtube", when, caption,
                                        full=(urls, own)))
    ws.sync()

    services = dataclasses.replace(ws.services(), now=ws.emulator.clock.now)
    editor = QueueEditor(services.queue_editor_services())
    ws.qtbot.addWidget(editor)
    editor.show()
    ws.arun(editor.load("youtube", ACCOUNT))
    assert "queued for friday" in editor.upcoming_list.item(0).text()
    assert "queued for monday" in editor.upcoming_list.item(1).text()
    moved: list[bool] = []
    editor.moved.connect(lambda: moved.append(True))
    editor.upcoming_list.setCurrentRow(0)
    ws.qtbot.mouseClick(editor.down_button, Qt.MouseButton.LeftButton)
    ws.wait(lambda: moved, "the swap", timeout=40)
    assert editor.move_status.text() == "Moved."

    for word, other in (("friday", slots[1]), ("monday", slots[0])):
        caption = f"queued for {word} ✨"
        file_ids = tuple(m.file_id for m in ws.arun(ws.session.client.posts.get(ids[word])).media)
        [held] = live(ws.emulator, caption)
        want = Wanted(caption, "youtube", ACCOUNT, other,
                      other.astimezone(TZ).strftime("%Y-%m-%d 09:00"), media_types(urls),
                      mine[word][1], file_ids=file_ids)
        assert mismatches(ws.arun(ws.session.client.posts.get(held["id"])), want) == {}, word


def test_a_series_caption_changed_for_every_future_post_keeps_video_and_options(
    ws: Workspace,
) -> None:
    """The series dialog's "Change future posts" after the series' first posts went out: the
    future ones are made again with the new caption, the same video, every option, 18:00 each
    week (the upload the series recorded at first is the one they use)."""
    from s200desk.services.planning.series_service import SeriesService
    from s200desk.ui.planning.series_dialog import SeriesDialog

    window = composer(ws)
    caption = "weekly, then reworded"
    options = fill_youtube(ws, window, caption)
    today = weekly_at_six(ws, window, times=4)
    ws.qtbot.mouseClick(window.send_button, Qt.MouseButton.LeftButton)
    ws.wait(lambda: len(live(ws.emulator, caption)) == 4, "four weekly posts", timeout=40)
    file_ids = {tuple(m["file_id"] for m in p["media"]) for p in live(ws.emulator, caption)}
    assert len(file_ids) == 1  # one upload of the video for the whole series

    ws.emulator.advance(timedelta(days=8))  # the first two went out
    dialog = SeriesDialog(SeriesService(ws.session.db, ws.runner.service), ws.tasks,
                          lambda: ZONE, now=ws.emulator.clock.now)
    ws.qtbot.addWidget(dialog)
    dialog.show()
    ws.arun(dialog.load())
    dialog.list.setCurrentRow(0)
    dialog.caption_edit.setText("weekly, reworded ✨")
    ws.qtbot.mouseClick(dialog.change_button, Qt.MouseButton.LeftButton)
    ws.wait(lambda: len(live(ws.emulator, "weekly, reworded ✨")) == 2
            and all(p["status"] == "published" for p in live(ws.emulator, caption)),
            "the two future posts made again", timeout=40)

    for post in live(ws.emulator, "weekly, reworded ✨"):
        when = parse_iso_utc(post["scheduled_for"])
        local = when.astimezone(TZ)
        want = Wanted("weekly, reworded ✨", "youtube", ACCOUNT, when,
                      f"{local:%Y-%m-%d} 18:00", media_types(FULL["youtube"][0]), options,
                      file_ids=next(iter(file_ids)))
        assert local.weekday() == today.weekday()
        assert mismatches(ws.arun(ws.session.client.posts.get(post["id"])), want) == {}
