"""Suggest: the best upcoming times per ticked platform from the workspace's own analytics; a
platform without numbers says so; picking one sets the composer's time."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from composer_support import HANDLE, Workspace

from s200desk.store.analytics_repo import AnalyticsRepo, Snapshot
from s200desk.ui.qt import Qt

BERLIN = ZoneInfo("Europe/Berlin")


def next_local(now: datetime, weekday: int, hour: int) -> datetime:
    """The first weekday/hour (Berlin) at least an hour after ``now``."""
    day = now.astimezone(BERLIN).date()
    while True:
        candidate = datetime.combine(day, time(hour), BERLIN)
        if day.weekday() == weekday and candidate >= now + timedelta(hours=1):
            return candidate
        day += timedelta(days=1)


def seed(ws: Workspace, now: datetime) -> None:
    """LinkedIn posts published on past Tuesdays 18:00 (great) and Thursdays 07:00 (fair)."""
    posts, snaps = [], []
    for week in range(1, 4):
        for weekday, hour, likes in ((1, 18, 90), (3, 7, 20)):
            at = next_local(now - timedelta(days=7 * week + 7), weekday, hour).astimezone(UTC)
            pid = f"seed-{week}-{weekday}"
            posts.append({"id": pid, "platform": "linkedin", "account_id": HANDLE,
                          "caption": pid, "status": "published", "created_at": at,
                          "published_at": at, "media": [], "platform_options": {}})  # fmt: skip
            snaps.append(Snapshot(pid, "linkedin", HANDLE, at + timedelta(days=1), 1000, likes))
    ws.arun(ws.session.posts.upsert_many(posts))
    ws.arun(AnalyticsRepo(ws.session.db).add_snapshots(snaps))


def test_suggestions_come_from_the_platforms_own_numbers_and_picking_one_sets_the_time(
    workspace: Workspace,
) -> None:
    ws = workspace
    now = datetime.now(UTC)
    seed(ws, now)
    window = ws.composer()
    for platform in ("linkedin", "x"):
        assert window.targets.set_checked((platform, HANDLE), True)
    window.caption.setPlainText("suggest me")
    ws.qtbot.mouseClick(window.when.suggest_button, Qt.MouseButton.LeftButton)
    ws.wait(lambda: window.when.suggestions.isVisible(), "the suggestions")
    buttons = window.when.suggestion_buttons
    tuesday, thursday = next_local(now, 1, 18), next_local(now, 3, 7)
    assert [b.property("wall") for b in buttons] == [
        tuesday.strftime("%Y-%m-%d %H:%M"), thursday.strftime("%Y-%m-%d %H:%M"),
    ]  # fmt: skip
    assert buttons[0].accessibleName() == f"LinkedIn: {tuesday:%a} {tuesday.day} {tuesday:%b %H:%M}"
    assert "no numbers yet" in window.when.suggestions.findChildren(type(window.status))[-1].text()
    ws.qtbot.mouseClick(buttons[1], Qt.MouseButton.LeftButton)
    assert window.when.wall_time() == thursday.strftime("%Y-%m-%d %H:%M")
    assert window.evaluation.resolved is not None
    assert window.evaluation.resolved.utc == thursday.astimezone(UTC)
