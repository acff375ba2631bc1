"""The outbox panel names a move or an edit that is not built yet in words, not as an empty post."""

from __future__ import annotations

from s200desk.services.outbox.derive import PostChanges, derived_payload
from s200desk.services.outbox.model import Intent, IntentKind, IntentState
from s200desk.ui.outbox.words import detail, what, when


def _replacement(changes: PostChanges) -> Intent:
    return Intent(
        id="i1", kind=IntentKind.CREATE, state=IntentState.PENDING,
        payload=derived_payload("post-42", changes, account_id="@me", platform="youtube"),
        account_id="@me", platform="youtube", role="replacement",
    )


def test_a_pending_edit_is_named_after_the_post_it_replaces() -> None:
    edit = _replacement(PostChanges(text="new words"))
    assert what(edit) == "YouTube @me — new version of post post-42"
    assert when(edit, "UTC") == "At the original's time"


def test_a_pending_move_shows_its_new_time() -> None:
    move = _replacement(PostChanges(scheduled_for="2030-01-07T09:00:00Z"))
    assert "2030" in when(move, "UTC") and "09:00" in when(move, "UTC")


def test_a_media_upload_is_named_by_its_file_and_says_where_it_went() -> None:
    from s200desk.services.outbox.model import media_upload_intent

    upload = media_upload_intent("https://bucket.example/s200desk-2026-12-1d79c4.jpg",
                                 name="beach sunset.jpg")
    assert what(upload) == "Media beach sunset.jpg"
    assert when(upload, "UTC") == "Now"
    done = upload.with_(state=IntentState.DONE, result={"file_id": "f-77", "size": 1},
                        finished_at="2030-01-07T09:05:00Z")
    assert detail(done, "UTC") == "In the media library as f-77"
    assert when(done, "UTC") == "Mon 7 Jan 2030, 09:05 UTC"
    # Recorded before names were kept: the address's last part, as before.
    unnamed = media_upload_intent("https://bucket.example/clip.mp4")
    assert what(unnamed) == "Media clip.mp4"
