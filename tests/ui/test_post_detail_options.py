"""The detail pane shows a post's platform options as labelled fields, with the composer's labels,
from the full read or from the store's kept copy (offline); Edit says why a post cannot change."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from s200desk.store.records import StoredPost

WHEN = datetime(2030, 1, 7, 9, tzinfo=UTC)  # any instant: the pane reads no clock


def _post(**kw: Any) -> dict[str, Any]:
    post = {
        "id": "p1", "platform": "tiktok", "account_id": "@me", "caption": "hello",
        "status": "scheduled", "scheduled_for": WHEN, "published_at": None,
        "created_at": WHEN - timedelta(days=1),
        "media": [{"file_id": "f1", "type": "video/mp4", "size": 5242880},
                  {"file_id": "f2", "type": "image/png", "size": 2048}],
        "platform_options": {"privacyLevel": "MUTUAL_FOLLOW_FRIENDS", "disableComment": True,
                             "disableDuet": False},
    }
    post.update(kw)
    return post


@pytest.fixture
def pane(qtbot: Any) -> Any:
    from s200desk.ui.posts.detail import PostDetailPane

    widget = PostDetailPane()
    widget.set_time_zone("UTC")
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_options_show_as_labelled_fields_not_json(pane: Any) -> None:
    from s200desk.ui.posts.model import PostRow

    post = _post()
    pane.show_row(PostRow.from_post(post))
    pane.show_post(post)
    text = pane.body.toPlainText()
    assert "Who can view" in text and "Mutual follow friends" in text
    assert "Disable comments" in text and "Disable Duet" in text
    assert "privacyLevel" not in text and "{" not in text
    assert "Media 1" in text and "Media 2" in text  # in the post's order


def test_the_stored_full_read_shows_offline(pane: Any) -> None:
    data = _post(platform="youtube", platform_options={"title": "Spring teaser",
                                                      "visibility": "unlisted"})
    stored = StoredPost(
        id="p1", platform="youtube", account_id="@me", caption="hello", status="scheduled",
        platform_post_id=None, created_at=data["created_at"], published_at=None,
        scheduled_for=WHEN, media=data["media"], platform_options=data["platform_options"],
        details_at=WHEN,
    )
    pane.show_row(stored)
    text = pane.body.toPlainText()
    assert "Visibility" in text and "Unlisted" in text and "Title" in text


def test_edit_is_offered_for_scheduled_posts_and_explains_the_others(pane: Any) -> None:
    from s200desk.ui.posts.model import PostRow

    pane.show_row(PostRow.from_post(_post()))
    assert pane.edit_button.isVisible() and pane.edit_button.isEnabled()
    published = _post(id="p2", status="published", published_at=WHEN)
    pane.show_row(PostRow.from_post(published))
    assert pane.edit_button.isVisible() and not pane.edit_button.isEnabled()
    assert "went out already" in pane.edit_button.toolTip()


def test_with_no_post_the_hint_sits_under_its_heading(qtbot: Any) -> None:
    from s200desk.ui.posts.detail import PostDetailPane

    pane = PostDetailPane()
    qtbot.addWidget(pane)
    pane.resize(340, 700)
    pane.show()
    qtbot.waitExposed(pane)
    pane.clear()
    assert pane.title.text() == "No post selected"
    # Each label as tall as its words: a label given half the pane centres its text in it,
    # which put the hint half a window below its heading.
    for label in (pane.title, pane.meta):
        assert label.height() <= label.heightForWidth(label.width()) + 8, label.text()
