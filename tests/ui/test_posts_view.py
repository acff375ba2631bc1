"""The posts list against the emulator: populated, filtered by the sidebar, cancel, offline."""

from __future__ import annotations

from collections import Counter
from typing import Any

from ui_support import admin_posts, until

from s200desk.ui.posts.model import PostsTableModel, visible_ids
from s200desk.ui.qt import QApplication, QMessageBox, Qt


def test_posts_list_holds_every_post_of_the_account(shell: Any, demo_emulator: Any) -> None:
    expected = admin_posts(demo_emulator)
    model: PostsTableModel = shell.controller.posts_model
    assert len(expected) > 50
    assert model.rowCount() == len(expected)
    assert set(visible_ids(model)) == {p["id"] for p in expected}
    assert shell.window.posts_page.count_label.text() == f"{len(expected):,}"
    # Every main widget can be found by name, for tests and screen readers alike.
    for name in ("sidebar", "postsTable", "postsPage", "detailPane", "statusBar", "pageStack"):
        widget = shell.window.findChild(object, name)
        assert widget is not None, name
        assert widget.accessibleName(), name


def test_selecting_a_profile_filters_the_posts(shell: Any, demo_emulator: Any, arun: Any) -> None:
    posts = admin_posts(demo_emulator)
    counts = Counter((p["platform"], p["account_id"]) for p in posts)
    (platform, handle), expected = counts.most_common()[-1]
    assert expected < len(posts)

    assert shell.window.sidebar.select_profile(platform, handle)
    model = shell.controller.posts_model
    arun(until(lambda: model.rowCount() == expected, what="the filtered list"))
    rows = [model.row_at(i) for i in range(model.rowCount())]
    assert {(r.platform, r.account_id) for r in rows} == {(platform, handle)}
    assert shell.controller.selection.keys == {(platform, handle)}

    shell.window.sidebar.all_button.click()
    arun(until(lambda: model.rowCount() == len(posts), what="all posts again"))


def test_text_and_status_filters(shell: Any, demo_emulator: Any, arun: Any) -> None:
    posts = admin_posts(demo_emulator)
    page = shell.window.posts_page
    page.status_filter.setCurrentIndex(page.status_filter.findData("published"))
    published = sum(1 for p in posts if p["status"] == "published")
    assert shell.controller.posts_model.rowCount() == published
    word = posts[0]["caption"].split()[0]
    page.search.setText(word)
    matching = sum(
        1
        for p in posts
        if p["status"] == "published"
        and word.casefold() in (p["caption"] + p["account_id"] + p["platform"]).casefold()
    )
    arun(until(lambda: shell.controller.posts_model.rowCount() == matching, what="search"))


def test_cancelling_a_scheduled_post(shell: Any, demo_emulator: Any, arun: Any) -> None:
    scheduled = next(p for p in admin_posts(demo_emulator) if p["status"] == "scheduled")
    page = shell.window.posts_page
    assert page.select_post(scheduled["id"])
    detail = page.detail
    arun(until(lambda: detail.cancel_button.isVisible(), what="the cancel button"))
    detail.cancel_button.click()
    box = shell.window.findChild(QMessageBox, "cancelConfirmBox")
    assert box is not None and box.isVisible()
    box.button(QMessageBox.StandardButton.Yes).click()

    def cancelled_on_server() -> bool:
        return any(
            p["id"] == scheduled["id"] and p["status"] == "cancelled"
            for p in admin_posts(demo_emulator)
        )

    arun(until(cancelled_on_server, what="the emulator to hold the post cancelled"))
    model = shell.controller.posts_model
    # Cancelled posts leave the list by default; the status filter still shows them.
    arun(until(lambda: model.row_of(scheduled["id"]) == -1, what="the list to drop it"))
    page.status_filter.setCurrentIndex(page.status_filter.findData("cancelled"))
    arun(
        until(
            lambda: model.row_at(model.row_of(scheduled["id"])).status == "cancelled",
            what="the list to show it cancelled",
        )
    )
    arun(until(lambda: not detail.cancel_button.isVisible(), what="cancel button hidden"))


def test_a_cancel_the_server_refuses_is_explained_and_kept_in_the_outbox(
    shell: Any, demo_emulator: Any, arun: Any
) -> None:
    published = next(p for p in admin_posts(demo_emulator) if p["status"] == "published")
    assert arun(shell.controller.cancel(published["id"]), 60) is False
    banner = shell.window.notice_banner
    assert banner.isVisible() and "can no longer be cancelled" in banner.text()
    still = next(p for p in admin_posts(demo_emulator) if p["id"] == published["id"])
    assert still["status"] == "published"
    # The request went through the outbox, which keeps the refusal with the server's reason.
    intents = arun(shell.controller.outbox.service.list())
    refused = [i for i in intents if i.target_post_id == published["id"]]
    assert [i.state.value for i in refused] == ["failed"] and refused[0].last_error


def test_offline_banner_over_cached_posts(shell: Any, demo_emulator: Any, arun: Any) -> None:
    rows_before = shell.controller.posts_model.rowCount()
    demo_emulator.stop()
    shell.window.refresh_action.trigger()
    banner = shell.window.offline_banner
    arun(until(banner.isVisible, timeout=30, what="the offline banner"))
    assert "offline" in banner.text().lower()
    assert shell.window.status.connection_label.text().endswith("Offline")
    assert shell.controller.posts_model.rowCount() == rows_before  # cached data stays


def test_view_shortcuts_switch_pages(shell: Any) -> None:
    window = shell.window
    for page, action in enumerate(window.view_actions):
        action.trigger()
        assert window.stack.currentIndex() == page
    assert window.view_actions[0].shortcut().toString() == "Ctrl+1"
    assert window.refresh_action.shortcut().toString() == "F5"
    assert window.new_post_action.isEnabled()  # Ctrl+N opens the composer
    assert window.new_post_action.toolTip()
    QApplication.processEvents()


def test_a_feature_page_replaces_its_notice(shell: Any) -> None:
    from s200desk.ui.main_window import CALENDAR, POSTS
    from s200desk.ui.qt import QLabel

    page = QLabel("calendar here")
    shell.window.replace_page(CALENDAR, page)
    assert shell.window.stack.widget(CALENDAR) is page
    assert shell.window.stack.currentIndex() == POSTS
    shell.window.view_actions[CALENDAR].trigger()
    assert shell.window.stack.currentWidget() is page


def test_every_named_widget_has_an_accessible_name(shell: Any) -> None:
    from s200desk.ui.qt import QLabel, QWidget

    # Labels are exempt: assistive tools read their text, and their object names are styles.
    named = [w for w in shell.window.findChildren(QWidget)
             if w.objectName() and not w.objectName().startswith("qt_")
             and not isinstance(w, QLabel)]  # fmt: skip
    assert len(named) > 30
    assert [w.objectName() for w in named if not w.accessibleName()] == []


def test_a_post_the_server_cannot_read_is_explained_in_the_pane(
    shell: Any, demo_emulator: Any, arun: Any
) -> None:
    import httpx

    post_id = next(p["id"] for p in admin_posts(demo_emulator) if p["status"] == "scheduled")
    httpx.post(f"{demo_emulator.site_url}/__admin/faults", json={"malformed_rate": 1.0}, timeout=10)
    shell.controller.show_post(post_id)
    pane = shell.window.posts_page.detail
    arun(until(lambda: "Could not load" in pane.meta.text(), timeout=60,
               what="the pane's failure"), 90)
    text = pane.meta.text()
    assert text.startswith("Scheduled\n")  # what the list knew stays; "loading…" is gone
    assert "could not read" in text  # the user's words for a damaged answer
    assert "Error" not in text and "Traceback" not in text  # no class name, no traceback


def test_a_filter_that_hides_the_shown_post_empties_the_detail_pane(
    shell: Any, arun: Any
) -> None:
    page = shell.window.posts_page
    model = shell.controller.posts_model
    page.table.selectRow(0)
    row = model.row_at(0)
    assert row is not None
    arun(until(lambda: page.detail.post_id == row.id, what="the post in the detail pane"))

    # A filter that still lists it keeps it.
    page.platform_filter.setCurrentIndex(page.platform_filter.findData(row.platform))
    arun(until(lambda: model.rowCount() < model.total_count, what="the platform filter"))
    assert page.detail.post_id == row.id

    # A search that no longer lists it: the pane does not go on showing it.
    page.search.setText("no caption says this 8f3c")
    arun(until(lambda: model.rowCount() == 0, what="an empty search"))
    assert page.detail.post_id is None
    assert page.detail.title.text() == "No post selected"
    assert not page.detail.cancel_button.isVisible()


def test_ctrl_f_searches_and_down_goes_into_the_list(shell: Any, arun: Any, qtbot: Any) -> None:
    from PySide6.QtGui import QKeySequence
    from PySide6.QtTest import QTest

    from s200desk.ui.main_window import CALENDAR, POSTS

    window = shell.window
    page = window.posts_page
    window.show_page(CALENDAR)
    window.activateWindow()
    assert window.search_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Find)
    window.search_action.trigger()  # Ctrl+F
    assert window.stack.currentIndex() == POSTS
    qtbot.waitUntil(page.search.hasFocus)
    QTest.keyClicks(page.search, "coffee")
    arun(until(lambda: 0 < shell.controller.posts_model.rowCount() < 50, what="the search"))
    QTest.keyClick(page.search, Qt.Key.Key_Down)
    qtbot.waitUntil(page.table.hasFocus)
    first = shell.controller.posts_model.row_at(0)
    arun(until(lambda: page.detail.post_id == first.id, what="the first match in the pane"))
