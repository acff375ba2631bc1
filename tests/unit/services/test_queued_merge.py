"""A move taken back before it was sent: its changes and the new ones become one change.

The times here are strings merged with each other, never compared with a clock: this file
passes on any date (run under faketime +400d and +3y)."""

from __future__ import annotations

from s200desk.services.lifecycle.queued import merge
from s200desk.services.outbox.derive import PostChanges, merged_options
from s200desk.services.outbox.model import MediaRef

ORIGINAL = {"privacyLevel": "PUBLIC_TO_EVERYONE", "disableDuet": True, "disableStitch": False}


def test_the_later_change_wins_and_the_earlier_one_stays_where_it_is_alone() -> None:
    edit = PostChanges(text="new words", media=(MediaRef(file_id="f2"),),
                       option_updates={"disable_duet": False}, scheduled_for="2026-06-01T09:00:00Z")
    move = PostChanges(scheduled_for="2026-06-03T18:00:00Z")
    both = merge(edit, move)
    assert both.text == "new words"
    assert both.media == (MediaRef(file_id="f2"),)
    assert both.scheduled_for == "2026-06-03T18:00:00Z"
    assert merged_options(ORIGINAL, both) == {**ORIGINAL, "disableDuet": False}


def test_option_updates_add_up_and_a_whole_option_object_replaces_them() -> None:
    first = PostChanges(option_updates={"privacy_level": "SELF_ONLY", "disable_stitch": True})
    then = PostChanges(option_updates={"disable_stitch": None})  # None: the key removed
    assert merged_options(ORIGINAL, merge(first, then)) == {
        "privacyLevel": "SELF_ONLY", "disableDuet": True}
    replaced = merge(first, PostChanges(options={"privacyLevel": "FOLLOWER_OF_CREATOR"}))
    assert merged_options(ORIGINAL, replaced) == {"privacyLevel": "FOLLOWER_OF_CREATOR"}


def test_nothing_taken_back_leaves_the_change_as_it_is() -> None:
    move = PostChanges(scheduled_for="2026-06-03T18:00:00Z")
    assert merge(None, move) is move
