"""moves_for: up and down swap with the neighbouring slot's post, or move into a free slot."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from s200desk.services.planning.queue_view import UpcomingSlot, moves_for

T0 = datetime(2031, 3, 3, 9, tzinfo=UTC)


def test_move_up_swaps_with_the_earlier_post_and_into_a_free_slot_moves_alone() -> None:
    slots = [UpcomingSlot(T0, "a"), UpcomingSlot(T0 + timedelta(hours=4), "b"),
             UpcomingSlot(T0 + timedelta(days=1))]  # fmt: skip
    swap = moves_for(slots, 1, -1)
    assert [(m.post, m.to) for m in swap] == [("b", T0), ("a", T0 + timedelta(hours=4))]
    down = moves_for(slots, 1, +1)
    assert [(m.post, m.to) for m in down] == [("b", T0 + timedelta(days=1))]
    assert moves_for(slots, 0, -1) == []  # the first slot has nothing before it
    assert moves_for(slots, 2, -1) == []  # an empty slot has nothing to move


def test_a_drag_to_another_slot_swaps_with_its_post_or_moves_into_a_free_one() -> None:
    from s200desk.services.planning.queue_view import moves_to

    slots = [UpcomingSlot(T0, "a"), UpcomingSlot(T0 + timedelta(hours=4)),
             UpcomingSlot(T0 + timedelta(days=1), "c")]  # fmt: skip
    far = moves_to(slots, 0, 2)
    assert [(m.post, m.to) for m in far] == [("a", T0 + timedelta(days=1)), ("c", T0)]
    assert [(m.post, m.to) for m in moves_to(slots, 2, 1)] == [("c", T0 + timedelta(hours=4))]
    assert moves_to(slots, 1, 0) == []  # a free slot has nothing to drag
    assert moves_to(slots, 0, 0) == [] and moves_to(slots, 0, 3) == []
