"""Fingerprints, matching server posts, and the backoff policy."""

from __future__ import annotations

from s200desk.services.outbox.backoff import BackoffPolicy
from s200desk.services.outbox.fingerprint import fingerprint, match_level
from s200desk.services.outbox.model import MediaRef

# Fixed dates here are data (parsed, stored, compared with each other), never compared with the
# real clock: this file passes at any date (checked with faketime -3y, +400d and +10y).


def _post(**kw: object) -> dict[str, object]:
    base: dict[str, object] = {
        "platform": "tiktok",
        "account_id": "@Me",
        "caption": "hello",
        "scheduled_for": "2026-12-01T08:00:00.000Z",
        "media": [{"file_id": "f1", "type": "video/mp4", "size": 1}],
    }
    base.update(kw)
    return base


def test_fingerprint_normalises_and_digests_stably() -> None:
    a = fingerprint("@me", "TikTok", "hello", "2026-12-01T09:00:00+01:00", ["f1"])
    b = fingerprint("@Me ", "tiktok", "hello", "2026-12-01T08:00:00.000Z", ["f1"])
    assert a == b and a.digest == b.digest
    assert a.digest != fingerprint("@me", "tiktok", "hello!", a.scheduled_for, ["f1"]).digest


def test_match_levels() -> None:
    want = fingerprint("@me", "tiktok", "hello", "2026-12-01T08:00:00Z", ["f1"])
    assert match_level(want, _post()) == "exact"
    assert match_level(want, _post(caption="other")) is None
    assert match_level(want, _post(platform="x")) is None
    assert match_level(want, _post(media=[{"file_id": "f2"}])) is None
    assert match_level(want, _post(media=None)) == "needs_detail"
    assert match_level(want, _post(scheduled_for="2026-12-02T08:00:00Z")) == "queued_later"
    assert match_level(want, _post(scheduled_for="2026-11-30T08:00:00Z")) is None
    now_post = fingerprint("@me", "tiktok", "hello", None, ["f1"])
    assert match_level(now_post, _post(scheduled_for=None)) == "exact"


def test_media_ref_parse() -> None:
    assert MediaRef.parse("https://x.test/a.mp4").url == "https://x.test/a.mp4"
    assert MediaRef.parse("./clip.mp4").path == "./clip.mp4"
    assert MediaRef.parse("clip.MOV").path == "clip.MOV"
    assert MediaRef.parse("a1b2c3d4-e5f6").file_id == "a1b2c3d4-e5f6"


def test_backoff_policy() -> None:
    policy = BackoffPolicy(base=1, cap=10, cooldown=2)
    assert policy.after_rate_limit(None) == 2
    assert policy.after_rate_limit(5) == 5
    assert policy.after_rate_limit(10_000) == policy.max_retry_after
    assert policy.after_rate_limit(0) == 1  # never a tight loop of uncounted 429s
    for attempt in range(1, 10):
        delay = policy.after_failure(attempt)
        assert 0 < delay <= 10


def test_offline_waits_grow_with_the_time_offline_up_to_the_cap() -> None:
    policy = BackoffPolicy(base=0.5, cap=60, offline_cap=15)
    assert all(0.25 <= policy.while_offline(0) <= 0.5 for _ in range(50))  # a blip: at once
    assert all(5 <= policy.while_offline(20) <= 10 for _ in range(50))  # half the time offline
    assert all(7.5 <= policy.while_offline(3600) <= 15 for _ in range(50))  # an hour: the cap
    quick = BackoffPolicy(base=0.02, cap=0.2)  # a test's fast policy stays fast offline too
    assert quick.while_offline(3600) <= 0.2
