"""The composer against the real emulator: the right bodies, at the right instant."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from composer_support import HANDLE, Workspace
from ui_support import admin_posts

from s200desk.services.outbox import IntentState
from s200desk.services.scheduling import parse_iso_utc
from s200desk.ui.qt import Qt

BERLIN = ZoneInfo("Europe/Berlin")
VIDEO = "https://example.com/clip.mp4"
IMAGE = "https://example.com/photo.jpg"


def pick(combo: Any, value: str) -> None:
    index = combo.findData(value)
    assert index >= 0, f"{value} not offered"
    combo.setCurrentIndex(index)


def attach_url(qtbot: Any, panel: Any, url: str) -> None:
    panel.url_edit.setText(url)
    qtbot.mouseClick(panel.add_url_button, Qt.MouseButton.LeftButton)


def set_when(window: Any, wall: str) -> None:
    window.when.later_radio.setChecked(True)
    day, time = wall.split(" ")
    from s200desk.ui.qt import QtCore

    window.when.date_edit.setDate(QtCore.QDate.fromString(day, "yyyy-MM-dd"))
    window.when.time_edit.setTime(QtCore.QTime.fromString(time, "HH:mm"))


def send_and_settle(ws: Workspace, window: Any) -> None:
    assert window.send_button.isEnabled(), window.evaluation.problems
    ws.qtbot.mouseClick(window.send_button, Qt.MouseButton.LeftButton)
    ws.wait(lambda: window.group_id is not None and window._settled(), "every target settled")


def ours(ws: Workspace, token: str) -> list[dict[str, Any]]:
    return [p for p in admin_posts(ws.emulator) if token in (p.get("caption") or "")]


def future_day(days: int = 9) -> datetime:
    return (datetime.now(UTC) + timedelta(days=days)).astimezone(BERLIN)


def test_multi_profile_post_with_options_sends_exactly_the_right_bodies(
    workspace: Workspace,
) -> None:
    ws = workspace
    window = ws.composer()
    token = "multi-9c1e"
    caption = f"Spring drop {token} #lumen"
    for platform in ("tiktok", "instagram", "pinterest"):
        assert window.targets.set_checked((platform, HANDLE), True)
    window.caption.setPlainText(caption)
    attach_url(ws.qtbot, window.media, VIDEO)
    tiktok, insta, pin = (window._tabs[p] for p in ("tiktok", "instagram", "pinterest"))
    pick(tiktok.form.editors["privacyLevel"], "SELF_ONLY")
    pick(insta.form.editors["postType"], "reel")
    insta.form.editors["shareToFeed"].setChecked(True)
    ws.qtbot.keyClicks(pin.form.editors["boardId"], "studio-inspiration")
    pin.media_box.setChecked(True)  # a Pin needs an image: its own media
    attach_url(ws.qtbot, pin.media_panel, IMAGE)
    wall = future_day().strftime("%Y-%m-%d") + " 10:00"
    set_when(window, wall)
    expected = datetime.strptime(wall, "%Y-%m-%d %H:%M").replace(tzinfo=BERLIN).astimezone(UTC)

    send_and_settle(ws, window)

    posts = {p["platform"]: p for p in ours(ws, token)}
    assert sorted(posts) == ["instagram", "pinterest", "tiktok"]  # exactly one each
    assert len(ours(ws, token)) == 3
    for p in posts.values():
        assert p["account_id"] == HANDLE
        assert p["caption"] == caption
        assert p["status"] == "scheduled"
        assert parse_iso_utc(p["scheduled_for"]) == expected
    assert posts["tiktok"]["platform_options"] == {"privacyLevel": "SELF_ONLY"}
    assert posts["instagram"]["platform_options"] == {"postType": "reel", "shareToFeed": True}
    assert posts["pinterest"]["platform_options"] == {"boardId": "studio-inspiration"}
    assert posts["tiktok"]["media"][0]["type"] == "video/mp4"
    assert posts["instagram"]["media"][0]["file_id"] == posts["tiktok"]["media"][0]["file_id"]
    assert posts["pinterest"]["media"][0]["type"] == "image/jpeg"
    assert all(i.state is IntentState.DONE for i in window.results.values())
    assert "✓ TikTok @lumenstudio: scheduled for" in window.results_label.text()
    assert ws.arun(ws.services().drafts.count()) == 0  # sent: its draft is gone


def test_a_time_in_the_dst_gap_and_a_normal_time_that_day_land_at_the_right_instant(
    workspace: Workspace,
) -> None:
    ws = workspace
    window = ws.composer()
    # Berlin's spring-forward night after now: 02:00-03:00 local does not exist.
    year = datetime.now(UTC).year + 1
    last_sunday = max(
        datetime(year, 3, d) for d in range(25, 32) if datetime(year, 3, d).weekday() == 6
    )
    day = last_sunday.strftime("%Y-%m-%d")
    window.targets.set_checked(("x", HANDLE), True)
    window.caption.setPlainText("gap post dst-4b2")
    set_when(window, f"{day} 02:30")
    window._refresh()
    # services.scheduling moves a gap time forward by the gap: 02:30 -> 03:30 CEST = 01:30Z.
    assert window.when.note.isVisible()
    assert "does not exist" in window.when.note.text() and "03:30" in window.when.note.text()
    assert window.evaluation.scheduled_for == f"{day}T01:30:00Z"
    send_and_settle(ws, window)
    ws.qtbot.mouseClick(window.new_button, Qt.MouseButton.LeftButton)
    window.targets.set_checked(("x", HANDLE), True)
    window.caption.setPlainText("noon post dst-4b2")
    set_when(window, f"{day} 12:00")
    window._refresh()
    assert not window.when.note.isVisible()
    send_and_settle(ws, window)
    posts = {p["caption"]: p for p in ours(ws, "dst-4b2")}
    assert parse_iso_utc(posts["gap post dst-4b2"]["scheduled_for"]) == parse_iso_utc(
        f"{day}T01:30:00Z"
    )
    assert parse_iso_utc(posts["noon post dst-4b2"]["scheduled_for"]) == parse_iso_utc(
        f"{day}T10:00:00Z"  # noon CEST (UTC+2) on the DST day
    )


def test_a_full_day_is_offered_the_next_free_day_and_a_202_shows_its_queued_date(
    workspace: Workspace,
) -> None:
    ws = workspace
    ws.emulator.set_plan("free")  # 5 posts per platform per day
    ws.settings = ws.settings.model_copy(update={"plan": "free"})
    when = future_day(12).replace(hour=10, minute=0, second=0, microsecond=0)
    client = ws.session.client

    async def fill() -> None:
        clip = (await client.media.upload(url=VIDEO)).file_id
        for n in range(5):
            await client.posts.create_v2(
                account_id=HANDLE, platform="tiktok", scheduled_for=when,
                content={"text": f"filler {n}", "mediaID": [clip]},
                tiktok={"privacyLevel": "SELF_ONLY"},
            )  # fmt: skip

    ws.arun(fill())
    ws.sync()  # the store now knows the day is full
    window = ws.composer()
    window.targets.set_checked(("tiktok", HANDLE), True)
    window.caption.setPlainText("sixth of the day cap-77a")
    attach_url(ws.qtbot, window.media, VIDEO)
    pick(window._tabs["tiktok"].form.editors["privacyLevel"], "SELF_ONLY")
    set_when(window, when.strftime("%Y-%m-%d %H:%M"))
    window._refresh()
    ws.wait(lambda: window.when.cap_warning.isVisible(), "the daily-cap warning")
    assert "5 of 5" in window.when.cap_warning.text()
    assert window.when.next_free_button.isVisible()
    # The same UTC time a day later, as the server's v2 queue moves a post: across a DST night
    # that is another hour on the wall clock (``when + 1 day`` in Berlin failed on those days).
    next_day = (when.astimezone(UTC) + timedelta(days=1)).astimezone(BERLIN)
    assert f"{next_day:%a} {next_day.day} {next_day:%b %Y, %H:%M}" in (
        window.when.next_free_button.text()
    )
    # The offer moves the time to the next free day, and the warning goes.
    ws.qtbot.mouseClick(window.when.next_free_button, Qt.MouseButton.LeftButton)
    assert window.state().when == next_day.strftime("%Y-%m-%d %H:%M")
    ws.wait(lambda: not window.when.cap_warning.isVisible(), "the warning gone")
    set_when(window, when.strftime("%Y-%m-%d %H:%M"))
    window._refresh()
    ws.wait(lambda: window.when.cap_warning.isVisible(), "the warning back")
    # Send anyway: v2 answers 202 and the server queues it; the composer says for when.
    send_and_settle(ws, window)
    (intent,) = window.results.values()
    assert intent.state is IntentState.QUEUED_FOR_NEXT_DAY
    assert parse_iso_utc(intent.queued_for or "") == next_day.astimezone(UTC)
    text = window.results_label.text()
    assert window.results_label.isVisible()
    card = window._cards[("tiktok", HANDLE)]
    assert f"Queued for {next_day:%a} {next_day.day} {next_day:%b %Y, %H:%M}" in card.meta.text()
    assert "queued for" in text and f"{next_day.day} {next_day:%b %Y, %H:%M}" in text
    (post,) = ours(ws, "cap-77a")
    assert parse_iso_utc(post["scheduled_for"]) == next_day.astimezone(UTC)


def test_posts_the_outbox_sent_count_toward_the_day_before_any_sync(workspace: Workspace) -> None:
    from s200desk.services.outbox import PostSpec

    ws = workspace
    ws.emulator.set_plan("free")
    ws.settings = ws.settings.model_copy(update={"plan": "free"})
    when = future_day(15).replace(hour=8, minute=0, second=0, microsecond=0)
    iso = when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    specs = [PostSpec(HANDLE, "x", f"earlier today {n} out-5", scheduled_for=iso) for n in range(5)]
    service = ws.runner.service
    ws.arun(service.submit_posts(specs, group_id="five"))
    ws.arun(service.drain("five"))  # sent by the running sender; no sync since
    window = ws.composer()
    window.targets.set_checked(("x", HANDLE), True)
    window.caption.setPlainText("one more out-5")
    set_when(window, when.replace(hour=20).strftime("%Y-%m-%d %H:%M"))
    window._refresh()
    ws.wait(lambda: window.when.cap_warning.isVisible(), "the daily-cap warning")
    assert "5 of 5" in window.when.cap_warning.text()
    assert "it would be refused" in window.when.cap_warning.text()  # X has no 202 queue
