"""What the user reads about intents that wait for another key, and the key's fingerprint."""

from __future__ import annotations

from s200desk.services.outbox.identity import (
    KeyIdentity,
    WaitingIntents,
    key_fingerprint,
    waiting_message,
)

KEY = "rl_0123456789abcdef0123456789abcdef"
HERE = KeyIdentity.of("rl_current_key", "http://127.0.0.1:8002/functions/v1")
THERE = KeyIdentity.of(KEY, "https://App.Status200Uploads.com/functions/v1/")


def test_the_fingerprint_names_the_key_without_revealing_it() -> None:
    fp = key_fingerprint(KEY)
    assert len(fp) == 16 and KEY not in fp and KEY[3:11] not in fp
    assert fp == key_fingerprint(f" {KEY} ") and fp != key_fingerprint(KEY + "0")
    assert THERE.base_url == "https://app.status200uploads.com/functions/v1"
    assert KEY not in repr(THERE) and KEY not in THERE.describe()


def test_several_posts_of_another_account() -> None:
    text = waiting_message([WaitingIntents(THERE, 3, 3)], HERE)
    assert text == (
        f"3 posts wait: they were queued for another account or server (key #{THERE.key_fp[:8]} "
        f"at app.status200uploads.com), while this session uses key #{HERE.key_fp[:8]} at "
        "127.0.0.1:8002. Nothing was sent with this key. Switch back to that key, or discard "
        "them in the outbox."
    )


def test_one_cancel_from_before_identities() -> None:
    text = waiting_message([WaitingIntents(None, 1, 0)], HERE)
    assert text is not None and text.startswith("1 outbox item waits: it was queued before")
    assert "not S200_API_KEY, to send it)" in text and text.endswith("discard it in the outbox.")


def test_nothing_waits_nothing_said() -> None:
    assert waiting_message([], HERE) is None
    assert waiting_message([WaitingIntents(THERE, 0, 0)], HERE) is None
