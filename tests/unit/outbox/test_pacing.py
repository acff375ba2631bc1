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


def post(pacer: PlatformPacer, clock: Clock, intent: str, *, bounce: float | None = None,
         after: float = 0.0) -> None:
    """One create to x, ``after`` seconds on; refused first (Retry-After ``bounce``) if given."""
    clock.tick(after)
    assert pacer.may_start("x", create=True)
    pacer.start(intent, "x", create=True)
    if bounce is not None:
        pacer.refused("x", bounce, learn=True)
        pacer.finish(intent)
        clock.tick(bounce)
        assert pacer.may_start("x", create=True)
        pacer.start(intent, "x", create=True)
    pacer.landed("x")
    pacer.finish(intent)


def test_two_posts_in_a_row_refused_teach_the_cooldown_and_later_creates_keep_to_it() -> None:
    clock = Clock()
    pacer = legacy_pacer(clock)
    post(pacer, clock, "a")
    post(pacer, clock, "b", after=0.1, bounce=2.0)  # 2 s more, 0.1 s after our last post
    assert pacer.cooldown("x") == 0  # one 429 alone could be anything
    post(pacer, clock, "c", after=0.1, bounce=2.0)
    assert pacer.cooldown("x") == 2.1  # the second in a row: believed
    clock.tick(2.0)
    assert not pacer.may_start("x", create=True)  # 2.1 s after the last one, not before
    clock.tick(0.1)
    assert pacer.may_start("x", create=True)


def test_a_lone_429_teaches_nothing() -> None:
    clock = Clock()
    pacer = legacy_pacer(clock)
    post(pacer, clock, "a")
    post(pacer, clock, "b", bounce=1.0)
    post(pacer, clock, "c")  # went through on its first send: the 429 was a one-off
    post(pacer, clock, "d", bounce=1.0)
    assert pacer.cooldown("x") == 0
    assert pacer.may_start("x", create=True)


def test_random_429s_at_the_kept_pace_do_not_ratchet_it_up() -> None:
    clock = Clock()
    pacer = legacy_pacer(clock)
    post(pacer, clock, "a")
    post(pacer, clock, "b", bounce=2.0)
    post(pacer, clock, "c", bounce=2.0)
    assert pacer.cooldown("x") == 2.0
    for n in range(5):  # every other post refused once more, though it kept the pace
        post(pacer, clock, f"odd{n}", after=2.0, bounce=1.0)
        post(pacer, clock, f"even{n}", after=2.0)
    assert pacer.cooldown("x") == 2.0
    post(pacer, clock, "e", after=2.0, bounce=1.0)  # but two in a row: the cooldown grew
    post(pacer, clock, "f", after=2.0, bounce=1.0)
    assert pacer.cooldown("x") == 3.0


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
    for _ in range(2):
        pacer.landed("x")
        clock.tick(3600)  # someone else posted; the server's wait says nothing about our spacing
        pacer.refused("x", 1.0, learn=True)
    assert pacer.cooldown("x") == 0
    pacer2 = PlatformPacer(clock)
    for _ in range(2):
        pacer2.refused("x", 1.0, learn=True)  # no post of ours yet: nothing to measure from
    assert pacer2.cooldown("x") == 0
