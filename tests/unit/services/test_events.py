"""ChangeBus: subscribe, unsubscribe, and one failing listener does not stop the others."""

from __future__ import annotations

import logging

import pytest

from s200desk.services.events import Change, ChangeBus, profile_key


def test_publish_reaches_every_subscriber_until_unsubscribed() -> None:
    bus = ChangeBus()
    a: list[Change] = []
    b: list[Change] = []
    unsubscribe_a = bus.subscribe(a.append)
    bus.subscribe(b.append)
    bus.publish(Change("posts", ("p1", "p2")))
    unsubscribe_a()
    unsubscribe_a()  # twice is harmless
    bus.publish(Change("posts_removed", ["p3"]))  # type: ignore[arg-type]
    assert a == [Change("posts", ("p1", "p2"))]
    assert b == [Change("posts", ("p1", "p2")), Change("posts_removed", ("p3",))]
    assert len(bus) == 1


def test_failing_listener_is_logged_and_skipped(caplog: pytest.LogCaptureFixture) -> None:
    bus = ChangeBus()
    got: list[Change] = []

    def broken(change: Change) -> None:
        raise RuntimeError("boom")

    bus.subscribe(broken)
    bus.subscribe(got.append)
    with caplog.at_level(logging.ERROR):
        bus.publish(Change("profiles"))
    assert got == [Change("profiles")]
    assert "boom" in caplog.text


def test_listener_may_unsubscribe_while_being_called() -> None:
    bus = ChangeBus()
    calls: list[str] = []

    def once(change: Change) -> None:
        calls.append(change.kind)
        unsubscribe()

    unsubscribe = bus.subscribe(once)
    bus.publish(Change("a"))
    bus.publish(Change("b"))
    assert calls == ["a"]


def test_profile_key() -> None:
    assert profile_key("tiktok", "@me") == "tiktok:@me"
