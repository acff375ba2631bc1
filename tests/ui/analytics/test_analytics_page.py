"""AnalyticsPage: the right series in the charts, deliberate empty/loading/error states,
CSV and PNG exports read back. Data is hand-made or loaded from a real store file."""

from __future__ import annotations

import asyncio
import csv
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from s200desk.config import Settings
from s200desk.services.analytics import (
    DateRange,
    PostHistory,
    PostMetrics,
    Snapshot,
    build_dashboard,
)
from s200desk.services.events import Change, ChangeBus
from s200desk.store import Database, PostsRepo
from s200desk.store.analytics_repo import AnalyticsRepo
from s200desk.ui.analytics import AnalyticsPage, CardState
from s200desk.ui.analytics.charts import axis_position, bar_values, series_points
from s200desk.ui.analytics.page import COLLECTING, EMPTY_RANGE, EMPTY_SHORT
from s200desk.ui.change_relay import ChangeRelay
from s200desk.ui.qt import QSize, Qt, QtGui

NOW = datetime(2026, 5, 16, 12, 0, tzinfo=UTC)
T0 = NOW - timedelta(days=5)


def snap(post_id: str, platform: str, account: str, at: datetime, views: int, likes: int = 0,
         comments: int = 0, shares: int = 0, saves: int = 0) -> Snapshot:
    return Snapshot(post_id, platform, account, at, views, likes, comments, shares, saves)


def sample_posts() -> list[PostMetrics]:
    later = T0 + timedelta(days=3)
    return [
        PostMetrics("a", "tiktok", "@one", "Alpha", T0,
                    snap("a", "tiktok", "@one", later, 1000, 50, 10, 20, 20)),
        PostMetrics("b", "tiktok", "@one", "Bravo", T0 + timedelta(days=1, hours=5),
                    snap("b", "tiktok", "@one", later, 3000, 60)),
        PostMetrics("c", "instagram", "@two", "Charlie", T0 + timedelta(hours=2),
                    snap("c", "instagram", "@two", later, 500, 100)),
        PostMetrics("d", "instagram", "@two", "Delta", T0 + timedelta(days=2), None),
    ]


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open_async(tmp_path / "cache.sqlite3")
    yield database
    await database.aclose()


@pytest.fixture
def settings() -> Settings:
    return Settings(time_zone="UTC")


def make_page(qtbot: Any, db: Database, settings: Settings, **kw: Any) -> AnalyticsPage:
    bus = kw.pop("bus", ChangeBus())
    relay = ChangeRelay(bus)  # the session's, in the app
    page = AnalyticsPage(db, relay, settings, clock=lambda: NOW, **kw)
    relay.setParent(page)  # lives as long as the page
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    return page


def test_charts_get_the_right_series(qtbot: Any, db: Database, settings: Settings) -> None:
    page = make_page(qtbot, db, settings)
    page.apply_dashboard(build_dashboard(sample_posts(), DateRange.all_time(), settings.zone))

    assert bar_values(page.platform_view.chart()) == {"Instagram": 500.0, "TikTok": 4000.0}
    assert bar_values(page.profile_view.chart()) == {
        "Instagram @two": 500.0, "TikTok @one": 4000.0,
    }
    rates = bar_values(page.rate_view.chart())
    assert rates["TikTok"] == pytest.approx(160 / 4000)
    assert rates["Instagram"] == pytest.approx(0.2)

    page.metric_combo.setCurrentIndex(page.metric_combo.findData("likes"))
    assert bar_values(page.platform_view.chart()) == {"TikTok": 110.0, "Instagram": 100.0}

    assert page.kpis["views"].value_label.text() == "4,500"
    assert page.kpis["posts"].value_label.text() == "3"
    assert page.kpis["engagement_rate"].value_label.text() == "5.78%"
    assert page.top_model.rowCount() == 3
    assert [page.top_model.post_id(r) for r in range(3)] == ["b", "a", "c"]
    assert page.heatmap.heatmap.counts[T0.weekday()][T0.hour] == 1
    for card in page.cards[1:]:
        assert card.state is CardState.CONTENT and card.content.isVisible()
        assert not card.state_panel.isVisible()


def test_big_counts_are_scaled_on_the_axis_not_in_the_data(
    qtbot: Any, db: Database, settings: Settings
) -> None:
    posts = [PostMetrics("z", "youtube", "@big", "", T0,
                         snap("z", "youtube", "@big", NOW, 2_500_000, 1000))]
    page = make_page(qtbot, db, settings)
    page.apply_dashboard(build_dashboard(posts, DateRange.all_time(), settings.zone))
    assert bar_values(page.platform_view.chart()) == {"YouTube": pytest.approx(2_500_000)}


def test_history_chart_has_one_line_per_metric(
    qtbot: Any, db: Database, settings: Settings
) -> None:
    page = make_page(qtbot, db, settings)
    snaps = [snap("a", "tiktok", "@one", T0 + timedelta(minutes=15 * i), 100 * i, 10 * i, i, 2 * i,
                  3 * i) for i in range(4)]
    page.apply_history(PostHistory("a", "Alpha", "tiktok", "@one", snaps))
    points = series_points(page.history_view.chart())
    assert set(points) == {"Views (left axis)", "Likes", "Comments", "Shares", "Saves"}
    # Where each reading sits on the time axis, labelled in the settings' zone (the same
    # moments when the computer runs in that zone).
    ms = [axis_position((T0 + timedelta(minutes=15 * i)).timestamp() * 1000, settings.zone)
          for i in range(4)]
    assert points["Views (left axis)"] == [(ms[i], 100.0 * i) for i in range(4)]
    assert points["Saves"] == [(ms[i], 3.0 * i) for i in range(4)]
    assert page.history_card.state is CardState.CONTENT
    assert "4 readings" in page.history_card.subtitle


def test_empty_range_says_so_instead_of_a_blank_chart(
    qtbot: Any, db: Database, settings: Settings
) -> None:
    page = make_page(qtbot, db, settings)
    page.apply_dashboard(build_dashboard([], DateRange.all_time(), settings.zone))
    for card in page.cards:
        assert card.state is CardState.EMPTY
        expected = EMPTY_RANGE if card is page.top_card else EMPTY_SHORT
        assert card.state_label.isVisible() and card.state_label.text() == expected
        assert not card.content.isVisible()
        assert not card.export_button.isEnabled()
    assert not page.export_button.isEnabled()
    assert page.kpis["views"].value_label.text() == "0"


def test_while_the_first_poll_runs_the_cards_say_numbers_are_coming(
    qtbot: Any, db: Database, settings: Settings
) -> None:
    poller = SimpleNamespace(
        status=SimpleNamespace(polling=True, last_cycle_at=None, last_error=None),
        add_listener=lambda cb: (lambda: None),
    )
    page = make_page(qtbot, db, settings, poller=poller)
    unmeasured = [p for p in sample_posts() if p.latest is None]
    page.apply_dashboard(build_dashboard(unmeasured, DateRange.all_time(), settings.zone))
    assert page.top_card.state is CardState.LOADING
    assert page.top_card.state_label.isVisible() and page.top_card.state_label.text() == COLLECTING
    assert "polling" in page.status_label.text()
    assert page.poll_button.isVisible()


async def test_a_store_that_cannot_be_read_shows_the_error_and_a_retry(
    qtbot: Any, tmp_path: Path, settings: Settings
) -> None:
    broken = await Database.open_async(tmp_path / "gone.sqlite3")
    await broken.aclose()
    page = make_page(qtbot, broken, settings)
    await page.reload()
    for card in page.cards:
        assert card.state is CardState.ERROR
        assert card.state_label.isVisible()
        assert card.state_label.text().startswith("Could not read the analytics history")
        assert card.retry_button.isVisible()
    assert "could not be read" in page.status_label.text()


async def seed_store(db: Database) -> None:
    def post(pid: str, platform: str, hours: float) -> dict[str, Any]:
        return {"id": pid, "platform": platform, "account_id": "@me", "caption": f"cap {pid}",
                "status": "published", "created_at": NOW - timedelta(days=9),
                "published_at": NOW - timedelta(hours=hours), "media": [],
                "platform_options": {}}

    await PostsRepo(db).upsert_many(
        [post("new", "x", 5), post("week", "linkedin", 24 * 6), post("old", "x", 24 * 40)]
    )
    repo = AnalyticsRepo(db)
    await repo.add_snapshots(
        [snap("new", "x", "@me", NOW - timedelta(hours=5) + timedelta(minutes=15 * i), 10 * i, i)
         for i in range(1, 6)]
        + [snap("week", "linkedin", "@me", NOW - timedelta(hours=h), 900 - h, 30) for h in (3, 2)]
        + [snap("old", "x", "@me", NOW - timedelta(days=1), 5000, 400)]
    )


async def test_reload_reads_the_store_for_the_chosen_range(
    qtbot: Any, db: Database, settings: Settings
) -> None:
    await seed_store(db)
    page = make_page(qtbot, db, settings)
    page.set_range_days(7)
    await page.reload()
    assert page.dashboard is not None
    assert [r.post_id for r in page.dashboard.top] == ["week", "new"]  # "old" is out of range
    assert page.kpis["views"].value_label.text() == f"{898 + 50:,}"
    # The history chart opens on the post watched since its first hours.
    assert page.history is not None and page.history.post_id == "new"
    selected = page.top_table.selectionModel().selectedRows()
    assert [page.top_model.post_id(i.row()) for i in selected] == ["new"]
    assert len(series_points(page.history_view.chart())["Views (left axis)"]) == 5
    page.set_range_days(None)
    await page.reload()
    assert {r.post_id for r in page.dashboard.top} == {"week", "new", "old"}
    await page.load_post("old")
    assert page.history.post_id == "old"
    assert "1 reading so far" in page.history_card.subtitle


async def test_csv_export_holds_the_snapshots_of_the_range(
    qtbot: Any, db: Database, settings: Settings, tmp_path: Path
) -> None:
    await seed_store(db)
    page = make_page(qtbot, db, settings)
    page.set_range_days(7)
    await page.reload()
    target = tmp_path / "export.csv"
    assert await page.export_csv(target) == 7
    with target.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["post_id"] for r in rows} == {"new", "week"}
    assert [int(r["views"]) for r in rows if r["post_id"] == "new"] == [10, 20, 30, 40, 50]
    assert rows[0].keys() >= {"polled_at", "likes", "comments", "shares", "saves", "platform"}


async def test_an_export_that_cannot_be_written_says_why_in_words(
    qtbot: Any, db: Database, settings: Settings, tmp_path: Path
) -> None:
    await seed_store(db)
    page = make_page(qtbot, db, settings)
    await page.reload()
    said: list[str] = []
    page.message.connect(said.append)
    target = tmp_path / "gone" / "export.csv"  # its folder does not exist
    page._export_csv_to(str(target))
    for _ in range(500):
        if said:
            break
        await asyncio.sleep(0.01)
    assert said == [f"Could not export to {target}. That file or folder does not exist (any more)."]
    assert not target.parent.exists()


async def test_png_export_writes_an_image_of_the_right_size(
    qtbot: Any, db: Database, settings: Settings, tmp_path: Path
) -> None:
    page = make_page(qtbot, db, settings)
    page.apply_dashboard(build_dashboard(sample_posts(), DateRange.all_time(), settings.zone))
    chart_png = tmp_path / "platforms.png"
    assert page.platform_card.save_png(chart_png, QSize(800, 500)) == QSize(800, 500)
    image = QtGui.QImage(str(chart_png))
    assert not image.isNull() and (image.width(), image.height()) == (800, 500)
    colours = {image.pixel(x, y) for x in range(0, 800, 20) for y in range(0, 500, 20)}
    assert len(colours) > 3  # bars, grid and text: not a blank image
    heat_png = tmp_path / "heat.png"
    size = page.heatmap_card.save_png(heat_png)
    assert size == page.heatmap.size()
    assert QtGui.QImage(str(heat_png)).size() == size and chart_png.stat().st_size > 1000


def test_bus_changes_schedule_a_reload(qtbot: Any, db: Database, settings: Settings) -> None:
    bus = ChangeBus()
    page = make_page(qtbot, db, settings, bus=bus)
    assert not page._reload_timer.isActive()
    bus.publish(Change("sync_started"))
    assert not page._reload_timer.isActive()
    bus.publish(Change("analytics", ("a",)))
    assert page._reload_timer.isActive()
    page._reload_timer.stop()
    page.close_page()
    bus.publish(Change("analytics", ("b",)))
    assert not page._reload_timer.isActive()  # a closed page no longer listens


def test_top_posts_table_sorts_by_any_column(qtbot: Any, db: Database, settings: Settings) -> None:
    page = make_page(qtbot, db, settings)
    page.apply_dashboard(build_dashboard(sample_posts(), DateRange.all_time(), settings.zone))
    model = page.top_model
    page.top_table.sortByColumn(4, Qt.SortOrder.DescendingOrder)  # likes
    assert [model.post_id(r) for r in range(3)] == ["c", "b", "a"]
    page.top_table.sortByColumn(8, Qt.SortOrder.AscendingOrder)  # engagement
    assert [model.post_id(r) for r in range(3)] == ["b", "a", "c"]
    assert model.data(model.index(0, 8)) == "2.00%"
    page.top_table.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # caption
    assert [model.post_id(r) for r in range(3)] == ["a", "b", "c"]


async def test_attach_moves_the_page_to_another_workspace(
    qtbot: Any, db: Database, settings: Settings, tmp_path: Path
) -> None:
    first_bus = ChangeBus()
    page = make_page(qtbot, db, settings, bus=first_bus)
    await seed_store(db)
    page.set_range_days(None)
    await page.reload()
    assert page.dashboard is not None and page.dashboard.measured
    other = await Database.open_async(tmp_path / "other.sqlite3")
    second_bus = ChangeBus()
    page.attach(other, ChangeRelay(second_bus, parent=page))  # no Qt loop: refresh() only logs
    page._reload_timer.stop()
    first_bus.publish(Change("analytics", ("a",)))
    assert not page._reload_timer.isActive()  # the first workspace's changes no longer reach it
    second_bus.publish(Change("analytics", ("a",)))
    assert page._reload_timer.isActive()
    page._reload_timer.stop()
    await page.reload()
    assert page.dashboard is not None and not page.dashboard.measured
    assert page.top_card.state is CardState.EMPTY
    page.close_page()
    await other.aclose()


async def test_posts_csv_has_one_row_per_post_with_caption_platform_and_profile(
    qtbot: Any, db: Database, settings: Settings, tmp_path: Path
) -> None:
    from s200desk.store.repos import ProfilesRepo

    await seed_store(db)
    await ProfilesRepo(db).replace_all([
        {"platform": "x", "account_id": "@me", "display_name": "Lumen Studio",
         "status": "connected"},
    ])
    page = make_page(qtbot, db, settings)
    page.set_range_days(7)
    await page.reload()
    target = tmp_path / "posts.csv"
    assert await page.export_posts_csv(target) == 2  # "old" is out of the range
    with target.open(encoding="utf-8", newline="") as handle:
        rows = {r["post_id"]: r for r in csv.DictReader(handle)}
    assert set(rows) == {"new", "week"}
    new = rows["new"]
    assert (new["caption"], new["platform"], new["profile"]) == ("cap new", "X", "Lumen Studio")
    assert new["views"] == "50" and new["likes"] == "5"  # the latest reading, not the first
    assert new["engagement_rate"] == "0.100000"
    assert rows["week"]["platform"] == "LinkedIn" and rows["week"]["views"] == "898"


async def test_png_export_carries_the_chart_title_and_the_range(
    qtbot: Any, db: Database, settings: Settings, tmp_path: Path
) -> None:
    from s200desk.ui.analytics.cards import CAPTION_H

    await seed_store(db)
    page = make_page(qtbot, db, settings)
    page.set_range_days(7)
    await page.reload()
    title, line = page.png_caption(page.platform_card)
    assert title == "Totals per platform · views"
    assert line.startswith(f"Last 7 days ({NOW - timedelta(days=7):%d %b %Y} – {NOW:%d %b %Y})")
    out = tmp_path / "platforms.png"
    size = page.platform_card.save_png(out, QSize(800, 500), caption=(title, line))
    image = QtGui.QImage(str(out))
    assert (image.width(), image.height()) == (800, 500 + CAPTION_H) == (size.width(),
                                                                        size.height())
    band = {image.pixel(x, y) for x in range(0, 400, 2) for y in range(0, CAPTION_H, 2)}
    assert len(band) > 2  # the title and the range are drawn, not an empty band
