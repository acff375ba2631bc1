"""The composer's plain-data parts: state round trips, where problems go, caps, previews."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from s200desk.services.validation import PlatformRules
from s200desk.ui.composer.checks import evaluate, full_days, next_free_moment
from s200desk.ui.composer.preview_text import preview_text
from s200desk.ui.composer.state import ComposerState, MediaItem
from s200desk.ui.outbox.words import local_time

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
RULES = PlatformRules.from_api()


def test_state_round_trips_and_fans_out_one_spec_per_target() -> None:
    state = ComposerState(
        caption="Hello",
        targets=[("tiktok", "@a"), ("pinterest", "@a"), ("tiktok", "@b")],
        overrides={"pinterest": "Pin text"},
        options={"tiktok": {"privacyLevel": "SELF_ONLY", "disableDuet": None}},
        media=[MediaItem(url="https://example.com/v.mp4", kind="video")],
        media_overrides={"pinterest": [MediaItem(file_id="f1", kind="image")]},
        when="2026-12-01 10:00",
    )
    assert ComposerState.from_json(state.to_json()) == state
    specs = state.specs("2026-12-01T09:00:00Z")
    assert [(s.platform, s.account_id) for s in specs] == state.targets
    assert specs[0].options == {"privacyLevel": "SELF_ONLY"}  # unset options left out
    assert specs[1].text == "Pin text" and specs[1].media[0].file_id == "f1"
    assert specs[2].media[0].url == "https://example.com/v.mp4"


def test_problems_go_to_their_fields() -> None:
    state = ComposerState(
        caption="x" * 300,
        targets=[("x", "@a"), ("pinterest", "@a"), ("facebook", "@a")],
        overrides={"pinterest": "short"},
        when="2026-11-27 10:00",
    )
    ev = evaluate(
        state, RULES, zone="Europe/Berlin", now=NOW,
        profile_status={("facebook", "@a"): "disconnected"},
    )  # fmt: skip
    fields = {p.field for p in ev.problems}
    assert "caption" in fields  # X uses the shared caption
    assert "pinterest.caption" not in fields  # its own caption is short
    assert "pinterest.options.boardId" in fields and "pinterest.media" in fields
    assert "when" in fields and "targets" in fields
    assert any("reconnect" in m for m in ev.at("targets"))


def test_dst_gap_is_moved_forward_with_a_note() -> None:
    state = ComposerState(caption="hi", targets=[("x", "@a")], when="2027-03-28 02:30")
    ev = evaluate(state, RULES, zone="Europe/Berlin", now=NOW)
    assert ev.ok and ev.scheduled_for == "2027-03-28T01:30:00Z"
    assert ev.when_note and "03:30" in ev.when_note


def test_full_days_and_the_next_free_one() -> None:
    used = {"2026-12-01": 5, "2026-12-02": 5, "2026-12-03": 1}

    async def count(_p: str, _a: str, since: datetime, _until: datetime) -> int:
        return used.get(since.date().isoformat(), 0)

    moment = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    full = asyncio.run(full_days([("x", "@a")], moment, "free", count))
    assert [(w.day, w.used, w.cap) for w in full] == [("2026-12-01", 5, 5)]
    assert not full[0].queued_by_server  # X is not on the v2 endpoint
    assert asyncio.run(next_free_moment([("x", "@a")], moment, "free", count)) == (
        moment + timedelta(days=2)
    )
    assert asyncio.run(full_days([("x", "@a")], moment, "agency", count)) == []  # unlimited


def test_previews_fold_where_the_platform_does() -> None:
    long = "word " * 60
    insta = preview_text("instagram", long, {})
    assert insta.folded and len(insta.body) <= 125 and insta.more == "… more"
    assert not preview_text("x", "short", {}).folded
    assert preview_text("youtube", "desc", {"title": "My video"}).title == "My video"


def test_local_time_reads_in_the_users_zone_across_dst() -> None:
    assert local_time("2026-12-01T09:00:00Z", "Europe/Berlin") == "Tue 1 Dec 2026, 10:00 CET"
    assert local_time("2027-03-28T01:30:00Z", "Europe/Berlin") == "Sun 28 Mar 2027, 03:30 CEST"


def test_a_post_at_a_calendar_slot_starts_at_that_wall_time() -> None:
    slot = datetime(2027, 3, 28, 1, 30, tzinfo=UTC)  # 03:30 CEST, just after the jump
    assert ComposerState.at(slot, "Europe/Berlin").when == "2027-03-28 03:30"
