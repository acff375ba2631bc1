"""Problems appear at their fields and keep Send disabled; drafts survive closing the composer."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from composer_support import HANDLE, Workspace

from s200desk.ui.composer import ComposerState, MediaItem
from s200desk.ui.composer.duplicate import duplicate_as_draft
from s200desk.ui.qt import QRect, Qt, QtCore, QtGui


def shown_on_its_tab(window: Any, platform: str, error: Any) -> bool:
    """Visible for real once the platform's tab is the current one."""
    window.platform_tabs.setCurrentWidget(window._tabs[platform])
    return bool(error.isVisible() and error.text())


def test_problems_show_at_their_fields_and_send_stays_disabled(workspace: Workspace) -> None:
    window = workspace.composer()
    # Just opened: nothing is wrong with what nobody typed yet; a hint where to start.
    window._refresh()
    assert not window.targets_error.isVisible()
    assert window.status.text() == "Choose where to post and write your post"
    assert "to fix" not in window.status.text()
    assert not window.send_button.isEnabled()
    # Once a profile was ticked and unticked, the targets field says what it needs.
    assert window.targets.set_checked(("x", HANDLE), True)
    assert window.targets.set_checked(("x", HANDLE), False)
    assert (
        window.targets_error.isVisible() and "at least one profile" in window.targets_error.text()
    )
    # A disconnected profile is listed with the reconnect hint but cannot be chosen.
    facebook = window.targets.item_for(("facebook", HANDLE))
    assert facebook is not None and "reconnect" in facebook.text()
    assert "reconnect" in facebook.toolTip().lower()
    assert not window.targets.set_checked(("facebook", HANDLE), True)
    # …and its box is drawn as unavailable, not like the boxes one can tick.
    instagram = window.targets.item_for(("instagram", HANDLE))
    assert instagram is not None
    view = window.targets
    view.scrollToItem(facebook)

    def box(item: Any) -> bytes:
        row = view.visualItemRect(item)
        image = view.viewport().grab(QRect(row.left(), row.top(), 20, row.height())).toImage()
        return bytes(image.convertToFormat(QtGui.QImage.Format.Format_RGB32).constBits())

    assert box(facebook) != box(instagram)

    for platform in ("x", "youtube", "pinterest", "instagram"):
        assert window.targets.set_checked((platform, HANDLE), True)
    window.caption.setPlainText("y" * 300)  # X allows 280
    insta = window._tabs["instagram"].form
    insta.editors["postType"].setCurrentIndex(insta.editors["postType"].findData("carousel"))
    window.media.attach(MediaItem(url="https://example.com/one.jpg", kind="image"))
    window.when.later_radio.setChecked(True)
    yesterday = datetime.now(UTC) - timedelta(days=1)
    window.when.date_edit.setDate(QtCore.QDate(yesterday.year, yesterday.month, yesterday.day))
    window._refresh()
    yt, pin = window._tabs["youtube"], window._tabs["pinterest"]
    # The YouTube and Pinterest tabs were not touched: their problems wait for a try to send.
    assert not yt.form.errors["title"].showing
    assert "Ctrl+Enter" in window.status.text()
    workspace.qtbot.keyClick(window.caption, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    assert window.caption_error.isVisible()
    assert "300 characters; X allows 280" in window.caption_error.text()
    assert "x allows" not in window.caption_error.text()  # the platform's name, not its id
    assert window._counters["x"].text() == "X 300/280"
    assert window.when.error.isVisible() and "in the past" in window.when.error.text()
    x_card = window.preview.cards[("x", HANDLE)]
    assert "Now" not in x_card.meta.text()  # "At" a past time: not posted now either
    assert "time needs fixing" in x_card.meta.text()
    # Media problems: at the media field, and in each platform's tab.
    media_text = window.media.error.text()
    assert window.media.error.isVisible()
    assert "YouTube" in media_text and "carousel needs 2–10" in media_text
    assert "Instagram: a carousel needs 2–10" in media_text  # said of which platform
    assert "YouTube: YouTube" not in media_text  # a message naming its platform, once
    assert shown_on_its_tab(window, "youtube", yt.form.errors["title"])
    assert yt.form.errors["title"].text() == "Required: title"
    assert shown_on_its_tab(window, "youtube", yt.media_error)
    assert shown_on_its_tab(window, "pinterest", pin.form.errors["boardId"])
    assert pin.form.errors["boardId"].text() == "Required: board"
    assert window.platform_tabs.tabText(window.platform_tabs.indexOf(pin)).startswith("Pinterest (")
    assert not window.send_button.isEnabled()
    assert "to fix before sending" in window.status.text()

    # Fix them one by one: each error leaves its field.
    workspace.qtbot.keyClicks(yt.form.editors["title"], "Spring <drop>")
    assert "'<' or '>'" in yt.form.errors["title"].text()  # the model's own rule, at the field
    yt.form.editors["title"].setText("Spring drop")
    assert not yt.form.errors["title"].showing
    workspace.qtbot.keyClicks(pin.form.editors["boardId"], "studio-inspiration")
    assert not pin.form.errors["boardId"].showing
    # Instagram: shareToFeed is for Reels only (a whole-object rule, at the form).
    insta.editors["shareToFeed"].setChecked(True)
    assert window._tabs["instagram"].form.form_error.showing
    insta.editors["shareToFeed"].setChecked(False)
    assert not window._tabs["instagram"].form.form_error.showing
    for platform in ("youtube", "instagram", "pinterest"):
        window.targets.set_checked((platform, HANDLE), False)
    window._tabs["x"].override_box.setChecked(True)
    window._tabs["x"].override_edit.setPlainText("Short enough for X")
    window.when.now_radio.setChecked(True)
    window._refresh()
    assert not window.caption_error.showing  # X has its own caption now
    assert not window.when.error.showing
    assert window.send_button.isEnabled(), window.evaluation.problems


def test_a_draft_survives_closing_and_reopening_the_composer(workspace: Workspace) -> None:
    ws = workspace
    window = ws.composer()
    window.targets.set_checked(("tiktok", HANDLE), True)
    window.targets.set_checked(("pinterest", HANDLE), True)
    window.caption.setPlainText("Draft caption d-31\nsecond line")
    tiktok = window._tabs["tiktok"].form
    tiktok.editors["privacyLevel"].setCurrentIndex(
        tiktok.editors["privacyLevel"].findData("FOLLOWER_OF_CREATOR")
    )
    window._tabs["pinterest"].override_box.setChecked(True)
    window._tabs["pinterest"].override_edit.setPlainText("Pin words")
    window.media.attach(MediaItem(url="https://example.com/clip.mp4", kind="video", name="clip"))
    window.when.later_radio.setChecked(True)
    window.when.date_edit.setDate(QtCore.QDate(2031, 7, 4))
    window.when.time_edit.setTime(QtCore.QTime(9, 15))
    before = window.state()
    ws.wait(lambda: window.draft_id is not None and not window._dirty, "the autosave")
    ws.wait(lambda: window.draft_status.text().startswith("Draft saved"), "the saved note")
    window.close()

    again = ws.composer()
    assert again.caption.toPlainText() == ""  # a new composer starts empty
    dialog = again.show_drafts()
    ws.wait(lambda: dialog.list.count() == 1, "the drafts list")
    assert dialog.list.item(0).text().startswith("Draft caption d-31")
    ws.qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    ws.wait(lambda: again.draft_id is not None, "the draft reopened")
    after = again.state()
    assert after == before
    assert after.options == {"tiktok": {"privacyLevel": "FOLLOWER_OF_CREATOR"}}
    assert after.overrides == {"pinterest": "Pin words"}
    assert after.when == "2031-07-04 09:15"
    assert again.when.later_radio.isChecked()


def test_with_no_drafts_open_and_delete_are_not_offered(workspace: Workspace) -> None:
    ws = workspace
    dialog = ws.composer().show_drafts()
    ws.wait(lambda: dialog.hint.text().startswith("No drafts yet"), "the empty list")
    assert not dialog.open_button.isEnabled() and not dialog.delete_button.isEnabled()


def test_duplicate_as_draft_copies_a_post(workspace: Workspace) -> None:
    ws = workspace
    client = ws.session.client

    async def make() -> str:
        clip = (await client.media.upload(url="https://example.com/clip.mp4")).file_id
        created = await client.posts.create(
            account_id=HANDLE, platform="tiktok", content={"text": "Copy me", "mediaID": [clip]},
            scheduled_for=datetime.now(UTC) + timedelta(days=3),
            tiktok={"privacyLevel": "SELF_ONLY"},
        )  # fmt: skip
        return str(created.post_id)

    post_id = ws.arun(make())
    ws.sync()
    post = ws.arun(ws.session.posts.get(post_id))
    # The list endpoint leaves options out; the detail pane's full post has them.
    full = ws.arun(ws.session.fetch_post(post_id))
    draft = ws.arun(duplicate_as_draft(ws.services().drafts, full))
    assert draft.source_post == post.id
    window = ws.composer(draft_id=draft.id)
    state = window.state()
    assert state.caption == post.caption
    assert state.targets == [("tiktok", post.account_id)]
    assert [m.file_id for m in state.media] == [m["file_id"] for m in post.media]
    assert state.options == {"tiktok": {"privacyLevel": "SELF_ONLY"}}
    assert state.when is None
    assert state.source_post == post.id
    assert ComposerState.from_json(state.to_json()) == state


def test_closing_right_after_typing_still_keeps_the_draft(workspace: Workspace) -> None:
    ws = workspace
    window = ws.composer()
    window.targets.set_checked(("x", HANDLE), True)
    window.caption.setPlainText("typed and closed at once d-55")
    window.close()  # before the autosave timer fired
    drafts = ws.services().drafts

    async def saved() -> None:
        while await drafts.count() != 1:
            await asyncio.sleep(0.02)

    ws.arun(saved(), 5)
    (draft,) = ws.arun(drafts.list())
    assert ComposerState.from_json(draft.data).caption == "typed and closed at once d-55"


def test_attach_from_the_media_library_sends_its_file_id(workspace: Workspace) -> None:
    from composer_support import HANDLE as handle
    from ui_support import admin_posts

    from s200desk.store.media_repo import MediaRecord, MediaRepo

    ws = workspace
    uploaded = ws.arun(ws.session.client.media.upload(url="https://example.com/photo.jpg"))
    record = MediaRecord(
        id="m-1", source="url", name="photo.jpg", state="ready", mime="image/jpeg",
        file_id=uploaded.file_id, source_url="https://example.com/photo.jpg",
    )  # fmt: skip
    ws.arun(MediaRepo(ws.session.db).insert(record))
    window = ws.composer()
    assert window.media.library.count() == 1
    assert "photo.jpg (image)" in window.media.library.itemText(0)
    window.media.library.setCurrentIndex(0)
    ws.qtbot.mouseClick(window.media.add_lib_button, Qt.MouseButton.LeftButton)
    assert [m.file_id for m in window.state().media] == [uploaded.file_id]
    window.targets.set_checked(("pinterest", handle), True)
    window.caption.setPlainText("from the library lib-8")
    ws.qtbot.keyClicks(window._tabs["pinterest"].form.editors["boardId"], "photo-tips")
    window._refresh()
    assert window.send_button.isEnabled(), window.evaluation.problems
    ws.qtbot.mouseClick(window.send_button, Qt.MouseButton.LeftButton)
    ws.wait(lambda: window.group_id is not None and window._settled(), "sent")
    (post,) = [p for p in admin_posts(ws.emulator) if "lib-8" in (p.get("caption") or "")]
    assert [m["file_id"] for m in post["media"]] == [uploaded.file_id]
    assert post["status"] == "published"  # "now"


def test_every_named_widget_has_an_accessible_name(workspace: Workspace) -> None:
    from s200desk.ui.outbox import OutboxDock
    from s200desk.ui.qt import QWidget

    window = workspace.composer()
    for platform in ("tiktok", "instagram", "pinterest", "youtube", "x", "linkedin"):
        window.targets.set_checked((platform, HANDLE), True)
    window.caption.setPlainText("named")
    dialog = window.show_drafts()
    dock = OutboxDock(workspace.runner, "Europe/Berlin")
    workspace.qtbot.addWidget(dock)
    for root in (window, dock):
        named = [w for w in root.findChildren(QWidget)
                 if w.objectName() and not w.objectName().startswith("qt_")]  # fmt: skip
        assert len(named) > 5
        assert [w.objectName() for w in named if not w.accessibleName()] == []
    assert dialog.accessibleName() and dock.accessibleName()
