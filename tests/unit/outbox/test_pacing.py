"""The per-platform pacer: what it learns from 429s and when it lets the next request go."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from s200desk.services.outbox.pacing import PlatformPacer

START = datetime(2026, 5, 16, 12, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def tick(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def legacy_pacer(clock: Clock) -> PlatformPacer:
    return PlatformPacer(clock, has_cooldown=lambda platform: platform in {"x", "linkedin"})


def test_the_first_bounce_teaches_the_cooldown_and_later_creates_keep_to_it() -> None:
    clock = Clock()
    pacer = legacy_pacer(clock)
    assert pacer.may_start("x", create=True)
    pacer.start("a", "x", create=True)
    pacer.landed("x")
    pacer.finish("a")
    assert pacer.cooldown("x") == 0  # nothing shown yet: the next one goes at once
    clock.tick(0.1)
    pacer.start("b", "x", create=True)
    pacer.refused("x", 2.0, learn=True)  # the server: 2 s more, 0.1 s after our last post
    pacer.finish("b")
    assert pacer.cooldown("x") == 2.1
    clock.tick(1.9)
    assert not pacer.may_start("x", create=True)
    clock.tick(0.2)
    assert pacer.may_start("x", create=True)
    pacer.start("b", "x", create=True)
    pacer.landed("x")
    pacer.finish("b")
    clock.tick(2.0)
    assert not pacer.may_start("x", create=True)  # 2.1 s after the last one, not before
    clock.tick(0.1)
    assert pacer.may_start("x", create=True)


def test_one_create_at_a_time_on_a_cooldown_platform() -> None:
    pacer = legacy_pacer(Clock())
    pacer.start("a", "x", create=True)
    assert not pacer.may_start("x", create=True)
    assert pacer.may_start("x", create=False)  # a cancel is not a post
    assert pacer.may_start("linkedin", create=True)  # another platform has its own lane
    pacer.finish("a")
    assert pacer.may_start("x", create=True)


def test_a_platform_without_a_cooldown_sends_in_parallel_and_a_429_only_holds_it() -> None:
    clock = Clock()
    pacer = legacy_pacer(clock)
    pacer.start("a", "tiktok", create=True)
    assert pacer.may_start("tiktok", create=True)
    pacer.start("b", "tiktok", create=True)
    pacer.landed("tiktok")
    pacer.refused("tiktok", 1.0, learn=True)
    assert not pacer.may_start("tiktok", create=True)  # for the Retry-After
    clock.tick(1.0)
    assert pacer.may_start("tiktok", create=True)  # then parallel again, with "b" still out
    assert pacer.cooldown("tiktok") == 0  # v2 documents no cooldown: nothing learnt


def test_one_odd_429_does_not_move_the_cooldown() -> None:
    clock = Clock()
    pacer = legacy_pacer(clock)
    for shown in (2.0, 2.0, 30.0, 2.0):  # one 429 from some other limit in between
        pacer.landed("x")
        clock.tick(0.0)
        pacer.refused("x", shown, learn=True)
        clock.tick(shown)
    assert pacer.cooldown("x") == 2.0


def test_a_429_holds_every_kind_of_request_to_its_platform_but_teaches_only_from_creates() -> None:
    clock = Clock()
    pacer = legacy_pacer(clock)
    pacer.landed("x")
    pacer.refused("x", 3.0, learn=False)  # a cancel's 429
    assert pacer.cooldown("x") == 0
    assert not pacer.may_start("x", create=False)
    assert not pacer.may_start("x", create=True)
    assert pacer.may_start("linkedin", create=True)
    assert pacer.next_change() == START + timedelta(seconds=3)
    clock.tick(3.0)
    assert pacer.may_start("x", create=False) and pacer.may_start("x", create=True)
    assert pacer.next_change() is None


def test_a_429_long_after_our_last_post_teaches_nothing() -> None:
    clock = Clock()
    pacer = PlatformPacer(clock, max_cooldown=60)
    pacer.landed("x")
    clock.tick(3600)  # someone else posted; the server's wait says nothing about our spacing
    pacer.refused("x", 1.0, learn=True)
    assert pacer.cooldown("x") == 0
    pacer2 = PlatformPacer(clock)
    pacer2.refused("x", 1.0, learn=True)  # no post of ours yet: nothing to measure from
    assert pacer2.cooldown("x") == 0
