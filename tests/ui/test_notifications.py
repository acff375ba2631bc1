"""Notifications against the emulator: a refused post, a post going live now, a scheduled post
publishing later; each says so in the window (no tray offscreen) and a click opens the post."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from ui_support import until

from s200desk.services.outbox import PostSpec
from s200desk.services.outbox.model import IntentState
from s200desk.store import PostFilter

HANDLE = "@lumenstudio"


LONG_LIVED = {"outbox-sender", "analytics-poller"}


def settle(shell: Any, arun: Any) -> None:
    """Let the reloads a test set off finish before the window goes (pytest-qt closes it
    before the fixture's own teardown)."""
    tasks = shell.controller.tasks
    dock = shell.controller.outbox_dock

    def idle() -> bool:
        if dock is not None and dock.panel._timer.isActive():
            return False  # the outbox panel's debounced reload is still to come
        return all(t.get_name() in LONG_LIVED for t in tasks._tasks if not t.done())

    arun(until(idle, what="background work done"))


def centre(shell: Any, arun: Any) -> Any:
    arun(until(lambda: shell.controller.notifications is not None, what="notifications"))
    n = shell.controller.notifications
    assert n.tray is None  # offscreen: no system tray, so the banner shows them
    return n


def submit(shell: Any, arun: Any, spec: PostSpec) -> Any:
    outbox = shell.controller.outbox.service
    (intent,) = arun(outbox.submit_posts([spec]))
    return arun(outbox.wait_settled(intent.id), 30)


def test_a_refused_post_is_announced_counted_and_opens_the_outbox(shell: Any, arun: Any) -> None:
    n = centre(shell, arun)
    spec = PostSpec(account_id=HANDLE, platform="x", text="too long " * 60)  # X allows 280
    done = submit(shell, arun, spec)
    assert done.state is IntentState.FAILED
    arun(until(lambda: n.banner.isVisible(), what="the banner"))
    text = n.banner.text()
    assert text.startswith("A post failed: X @lumenstudio: “too long too long")
    assert "(1 post failed or needs attention: see the outbox)" in text
    assert n.count == 1
    n.banner.button.click()  # "Open post": a refused post has no post yet, so the outbox
    assert shell.controller.outbox_dock.isVisible()

    # Turned off in Settings: the next failure is not announced.
    shell.controller.settings = shell.controller.settings.model_copy(
        update={"notify_on_failure": False}
    )
    n.banner.hide()
    submit(shell, arun, PostSpec(account_id=HANDLE, platform="x", text="still too long " * 40))
    arun(until(lambda: n.count == 2, what="the count"))
    assert not n.banner.isVisible()
    settle(shell, arun)


def test_a_post_going_live_is_announced_and_a_click_opens_it(shell: Any, arun: Any) -> None:
    n = centre(shell, arun)
    shown: list[Any] = []
    n.notified.connect(shown.append)
    done = submit(shell, arun, PostSpec(account_id=HANDLE, platform="x", text="live now n-71"))
    assert done.state is IntentState.DONE
    arun(until(lambda: shown, what="a notice"))
    (notice,) = shown
    assert notice.title == "Published" and notice.post_id == done.post_id
    assert n.banner.text() == "Published: X @lumenstudio: “live now n-71” is live."
    shell.controller.request_sync()
    arun(until(lambda: shell.controller.posts_model.row_of(done.post_id) >= 0, what="synced"))
    n.banner.button.click()
    detail = shell.window.posts_page.detail
    arun(until(lambda: detail.post_id == done.post_id, what="the post opened"))
    arun(until(lambda: "loading" not in detail.meta.text(), what="the full post shown"))
    assert len(shown) == 1  # the sync that brought it back as published is not news again
    settle(shell, arun)


def test_a_scheduled_post_that_publishes_later_is_announced(
    shell: Any, arun: Any, demo_emulator: Any
) -> None:
    n = centre(shell, arun)
    shown: list[Any] = []
    n.notified.connect(shown.append)
    session = shell.controller.session
    waiting = arun(session.posts.query(PostFilter(statuses=["scheduled"])))
    first = min(waiting, key=lambda p: p.scheduled_for)
    arun(until(lambda: first.id in n.rule._post_statuses, what="the start remembered"))
    demo_emulator.advance(first.scheduled_for - demo_emulator.clock.now() + timedelta(minutes=1))
    shell.controller.request_sync()
    arun(until(lambda: any(x.post_id == first.id for x in shown), what="the notice"), 30)
    notice = next(x for x in shown if x.post_id == first.id)
    assert notice.title in ("Published", "A scheduled post failed")
    model = shell.controller.posts_model

    def listed_as_now() -> bool:
        row = model.row_at(model.row_of(first.id))
        return row is not None and row.status != "scheduled" and not session.syncing

    arun(until(listed_as_now, what="the list showing it"))
    settle(shell, arun)


def test_with_a_tray_the_icon_counts_failures_and_a_clicked_message_opens_the_post(
    shell: Any, arun: Any
) -> None:
    from s200desk.ui.notifications import NotificationCenter

    centre(shell, arun)
    c = shell.controller
    n = NotificationCenter(c.window, c.tasks, lambda: c.settings, use_tray=True)
    n.attach(c.session, c.outbox)
    opened: list[Any] = []
    n.open_requested.connect(opened.append)
    try:
        arun(until(lambda: n.rule._intent_states is not None, what="started"))
        done = submit(shell, arun, PostSpec(account_id=HANDLE, platform="x", text="t " * 200))
        assert done.state is IntentState.FAILED
        arun(until(lambda: n.tray.count == 1, what="the tray count"))
        assert n.tray.icon.toolTip() == "s200desk — 1 post failed or needs attention"
        assert not n.tray.icon.icon().isNull()
        assert n.last is not None and n.last.title == "A post failed"
        n.tray.icon.messageClicked.emit()  # what the desktop does when the message is clicked
        assert opened == [n.last]
    finally:
        n.close()
        settle(shell, arun)
