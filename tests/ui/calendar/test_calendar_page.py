"""The calendar page on its own: a fake backend, a fixed clock, no network."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

EPOCH = datetime(2026, 5, 16, 12, 0, tzinfo=UTC)  # a Saturday


class FakeBackend:
    def __init__(self) -> None:
        self.moves: list[tuple[str, datetime]] = []
        self.cancelled: list[str] = []
        self.fail_with: str | None = None
        self.gate: asyncio.Event | None = None

    async def reschedule(self, post: Any, new_time: datetime) -> Any:
        from s200desk.ui.calendar.backend import MoveOutcome

        self.moves.append((post.id, new_time))
        if self.gate is not None:
            await self.gate.wait()
        if self.fail_with:
            return MoveOutcome(ok=False, reason=self.fail_with)
        return MoveOutcome(ok=True, post_id=f"{post.id}-r{len(self.moves)}",
                           scheduled_for=new_time)

    async def cancel(self, post: Any) -> str | None:
        self.cancelled.append(post.id)
        return None


def post(pid: str, when: datetime, platform: str = "x", status: str = "scheduled",
         account: str = "@me", caption: str | None = None) -> dict[str, Any]:
    return {"id": pid, "platform": platform, "account_id": account, "status": status,
            "caption": caption or f"caption of {pid}", "scheduled_for": when,
            "published_at": when if status == "published" else None, "created_at": EPOCH}


@pytest.fixture
def page(arun: Any, qtbot: Any) -> Iterator[Any]:
    from s200desk.config import Settings
    from s200desk.ui.calendar.page import CalendarPage

    backend = FakeBackend()
    p = CalendarPage(backend=backend, settings=Settings(time_zone="UTC", plan="free"),
                     clock=lambda: EPOCH)
    p.resize(1100, 760)
    qtbot.addWidget(p)
    p.show()
    p.fake = backend
    p.arun = arun
    yield p
    arun(p.wait_idle())


def settle(page: Any) -> None:
    page.arun(page.wait_idle(), 10)


def day_center(page: Any, day: date) -> Any:
    return page.month_view.visualRect(page.month_table.index_of(day)).center()


def drag(page: Any, pid: str, day: date) -> None:
    from calendar_support import press_move_release

    rect = page.month_view.chip_rect(pid)
    assert rect is not None
    press_move_release(page.month_view, rect.center(), day_center(page, day))


def test_a_move_shows_pending_then_settles(page: Any) -> None:
    page.set_posts([post("a", datetime(2026, 5, 20, 9, tzinfo=UTC))])
    page.fake.gate = asyncio.Event()
    drag(page, "a", date(2026, 5, 22))
    page.arun(asyncio.sleep(0.05))
    assert page.model.move_of("a") is not None
    assert [r.id for r in page.model.rows_on(date(2026, 5, 22))] == ["a"]
    assert not page.model.is_draggable(page.model.row("a"))
    page.fake.gate.set()
    settle(page)
    assert page.model.move_of("a") is None
    assert [r.id for r in page.model.rows_on(date(2026, 5, 22))] == ["a-r1"]
    assert page.model.rows_on(date(2026, 5, 20)) == []


def test_a_failed_move_goes_back_with_the_reason(page: Any) -> None:
    page.set_posts([post("a", datetime(2026, 5, 20, 9, tzinfo=UTC))])
    page.fake.fail_with = "the profile is disconnected"
    drag(page, "a", date(2026, 5, 22))
    settle(page)
    assert [r.id for r in page.model.rows_on(date(2026, 5, 20))] == ["a"]
    assert "the profile is disconnected" in page.last_message
    assert page.notice.isVisible()
    assert page.undo_stack.count() == 0


def test_a_reason_that_is_a_sentence_reads_as_one(page: Any) -> None:
    page.set_posts([post("a", datetime(2026, 5, 20, 9, tzinfo=UTC))])
    page.fake.fail_with = "Check that the account is connected and that the key has full access."
    drag(page, "a", date(2026, 5, 22))
    settle(page)
    assert "full access. The post stays at" in page.last_message
    assert ".." not in page.last_message


def test_a_full_day_warns_that_the_post_would_be_queued(page: Any) -> None:
    full = [post(f"f{i}", datetime(2026, 5, 22, 8 + i, tzinfo=UTC), platform="instagram")
            for i in range(5)]
    page.set_posts([*full, post("a", datetime(2026, 5, 20, 9, tzinfo=UTC), platform="instagram")])
    assert page.model.usage(date(2026, 5, 22)) == {"instagram": 5}
    drag(page, "a", date(2026, 5, 22))
    settle(page)
    assert page.fake.moves == []
    assert page.notice.isVisible() and "queued" in page.notice_label.text()
    page.notice_dismiss.click()
    settle(page)
    assert page.fake.moves == [] and not page.notice.isVisible()
    drag(page, "a", date(2026, 5, 22))
    page.notice_confirm.click()
    settle(page)
    assert page.fake.moves == [("a", datetime(2026, 5, 22, 9, tzinfo=UTC))]


def test_a_full_day_on_a_platform_that_does_not_queue_is_refused(page: Any) -> None:
    full = [post(f"f{i}", datetime(2026, 5, 22, 8 + i, tzinfo=UTC)) for i in range(5)]
    page.set_posts([*full, post("a", datetime(2026, 5, 20, 9, tzinfo=UTC))])
    drag(page, "a", date(2026, 5, 22))
    settle(page)
    assert page.fake.moves == []
    assert "refuse" in page.notice_label.text() and not page.notice_confirm.isVisible()


def test_double_click_on_an_empty_slot_asks_to_compose_there(page: Any, qtbot: Any) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from s200desk.config import Settings

    page.apply_settings(Settings(time_zone="Europe/Berlin", plan="free"))
    page.go_to(date(2026, 5, 19))
    page.set_mode("week")
    view = page.week_view
    index = page.week_table.index_of(date(2026, 5, 19), 14)
    view.scrollTo(index)
    with qtbot.waitSignal(page.compose_requested) as got:
        QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton,
                          Qt.KeyboardModifier.NoModifier, view.visualRect(index).center())
    assert got.args == [datetime(2026, 5, 19, 12, 0, tzinfo=UTC)]  # 14:00 CEST
    page.set_mode("month")
    with qtbot.waitSignal(page.compose_requested) as got:
        QTest.mouseDClick(page.month_view.viewport(), Qt.MouseButton.LeftButton,
                          Qt.KeyboardModifier.NoModifier, day_center(page, date(2026, 5, 25)))
    assert got.args == [datetime(2026, 5, 25, 7, 0, tzinfo=UTC)]  # 09:00 CEST


def test_arrows_move_the_selection_and_enter_opens(page: Any, qtbot: Any) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    page.set_posts([post("a", datetime(2026, 5, 16, 15, tzinfo=UTC)),
                    post("b", datetime(2026, 5, 17, 9, tzinfo=UTC)),
                    post("c", datetime(2026, 5, 17, 10, tzinfo=UTC))])
    view = page.month_view
    view.setFocus()
    assert page.month_table.day_at(view.currentIndex().row(), view.currentIndex().column()) \
        == date(2026, 5, 16)
    QTest.keyClick(view, Qt.Key.Key_Right)
    assert view.selected_id == "b"
    QTest.keyClick(view, Qt.Key.Key_Down)
    assert view.selected_id == "c"
    with qtbot.waitSignal(page.open_requested) as got:
        QTest.keyClick(view, Qt.Key.Key_Return)
    assert got.args == ["c"]


def test_context_menu_offers_open_draft_duplicate_cancel(page: Any, qtbot: Any) -> None:
    page.set_posts([post("a", datetime(2026, 5, 20, 9, tzinfo=UTC)),
                    post("p", datetime(2026, 5, 14, 9, tzinfo=UTC), status="published")])
    menu = page.context_menu(page.model.row("a"), None)
    actions = {a.text(): a for a in menu.actions() if a.text()}
    assert list(actions) == ["Open", "Edit post…", "Edit as new draft", "Duplicate",
                             "Move a day earlier", "Move a day later", "Move an hour earlier",
                             "Move an hour later", "Reschedule…", "Cancel post"]
    with qtbot.waitSignal(page.edit_requested) as edited:
        actions["Edit post…"].trigger()
    assert edited.args == ["a"]
    with qtbot.waitSignal(page.duplicate_requested) as got:
        actions["Duplicate"].trigger()
    assert got.args == ["a"]
    with qtbot.waitSignal(page.edit_as_draft_requested):
        actions["Edit as new draft"].trigger()
    actions["Cancel post"].trigger()
    settle(page)
    assert page.fake.cancelled == ["a"]
    # One cancel path: the calendar hides nothing itself; the store's "cancelled" (from the
    # outbox) reaches it through the shared model. A fake backend writes no store.
    assert [r.id for r in page.model.rows_on(date(2026, 5, 20))] == ["a"]
    published = page.context_menu(page.model.row("p"), None)
    assert not next(a for a in published.actions() if a.text() == "Cancel post").isEnabled()


def test_navigation_first_day_of_week_and_agenda(page: Any) -> None:
    from s200desk.config import Settings

    assert page.title.text() == "May 2026"
    assert page.month_table.days[0] == date(2026, 4, 27)  # a Monday
    page.apply_settings(Settings(time_zone="UTC", plan="free", first_day_of_week="sunday"))
    assert page.month_table.days[0] == date(2026, 4, 26)  # a Sunday
    page.go_next()
    assert page.title.text() == "June 2026"
    page.go_today()
    page.set_mode("week")
    assert page.week_table.days[0] == date(2026, 5, 10)
    page.go_prev()
    assert page.week_table.days[0] == date(2026, 5, 3)
    page.date_edit.setDate(page.date_edit.date().addDays(60))
    assert page.anchor == date(2026, 5, 9) + timedelta(days=60)
    page.set_posts([post("a", datetime(2026, 7, 9, 9, tzinfo=UTC))])
    page.set_mode("agenda")
    items = [page.agenda_view.agenda.item(i) for i in range(page.agenda_view.agenda.rowCount())]
    assert items[0] == date(2026, 7, 9) and items[1].id == "a"


def test_filters_by_platform_status_and_profile(page: Any) -> None:
    from s200desk.ui.selection import ProfileSelection

    page.set_posts([post("x1", datetime(2026, 5, 20, 9, tzinfo=UTC)),
                    post("ig", datetime(2026, 5, 20, 10, tzinfo=UTC), platform="instagram"),
                    post("gone", datetime(2026, 5, 20, 11, tzinfo=UTC), status="cancelled")])
    day = date(2026, 5, 20)
    assert [r.id for r in page.model.rows_on(day)] == ["x1", "ig"]
    page.platform_filter.setCurrentIndex(page.platform_filter.findData("instagram"))
    assert [r.id for r in page.model.rows_on(day)] == ["ig"]
    page.platform_filter.setCurrentIndex(0)
    selection = ProfileSelection()
    page.set_profile_selection(selection)
    selection.set_keys({("x", "@me")})
    assert [r.id for r in page.model.rows_on(day)] == ["x1"]


def test_moves_update_the_index_in_place_exactly_as_a_rebuild_would(page: Any) -> None:
    model = page.model
    page.set_posts([post(f"p{i}", datetime(2026, 5, 20 + i % 3, 8 + i, tzinfo=UTC))
                    for i in range(9)])
    days = [date(2026, 5, d) for d in range(18, 26)]

    def snapshot() -> Any:
        return ([[r.id for r in model.rows_on(d)] for d in days], [model.usage(d) for d in days])

    model.begin_move("p1", datetime(2026, 5, 24, 7, tzinfo=UTC))
    model.begin_move("p2", datetime(2026, 5, 20, 9, 30, tzinfo=UTC))
    model.finish_move("p1", True, "p1-new", datetime(2026, 5, 24, 7, tzinfo=UTC))
    incremental = snapshot()
    model._dirty = True
    assert snapshot() == incremental
    model.finish_move("p2", False)
    incremental = snapshot()
    model._dirty = True
    assert snapshot() == incremental
    assert "p2" in [r.id for r in model.rows_on(date(2026, 5, 22))]


def test_follows_the_shared_posts_model_whatever_the_list_filters(qtbot: Any, arun: Any) -> None:
    from s200desk.config import Settings
    from s200desk.ui.calendar.page import CalendarPage
    from s200desk.ui.posts.model import PostsFilter, PostsTableModel

    shared = PostsTableModel(time_zone="UTC")
    page = CalendarPage(posts_model=shared, settings=Settings(time_zone="UTC", plan="free"),
                        clock=lambda: EPOCH)
    qtbot.addWidget(page)
    shared.set_posts([post("a", datetime(2026, 5, 20, 9, tzinfo=UTC)),
                      post("b", datetime(2026, 5, 20, 10, tzinfo=UTC), caption="zebra")])
    qtbot.waitUntil(lambda: len(page.model.rows_on(date(2026, 5, 20))) == 2)
    shared.set_filter(PostsFilter(text="zebra"))  # the posts list's search box
    qtbot.wait(10)
    assert [r.id for r in page.model.rows_on(date(2026, 5, 20))] == ["a", "b"]


def test_a_move_of_a_cached_store_record_settles_on_its_replacement(page: Any) -> None:
    """The window's calendar follows the shared posts model, which holds the store's records as
    they are (StoredPost, whose ``when`` is derived): a move the server answers with a new post
    must still settle on that post."""
    from s200desk.store.records import StoredPost
    from s200desk.ui.posts.model import PostsTableModel

    when = datetime(2026, 5, 20, 9, tzinfo=UTC)
    shared = PostsTableModel(time_zone="UTC")
    shared.set_posts([StoredPost(id="a", platform="x", account_id="@me", caption="cached",
                                 status="scheduled", platform_post_id=None, created_at=EPOCH,
                                 published_at=None, scheduled_for=when)])
    page.set_posts_model(shared)
    assert isinstance(page.model.row("a"), StoredPost)
    drag(page, "a", date(2026, 5, 22))
    settle(page)
    assert page.model.move_of("a") is None
    assert [r.id for r in page.model.rows_on(date(2026, 5, 22))] == ["a-r1"]
    assert page.model.row("a-r1").when == datetime(2026, 5, 22, 9, tzinfo=UTC)
    assert page.model.rows_on(date(2026, 5, 20)) == []
