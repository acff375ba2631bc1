"""plan_queue: a slot per profile with the cap the server reported, or why there is none."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from s200desk.services.planning.caps import platform_cap
from s200desk.services.planning.queue_plan import plan_queue, ready
from s200desk.services.planning.queue_service import QueueService
from s200desk.store.database import Database


class NoOutbox:
    async def list(self, **_: Any) -> list[Any]:
        return []


def test_the_reported_limit_wins_over_the_plan_and_unlimited_means_no_cap() -> None:
    assert platform_cap("x", {"x": SimpleNamespace(limit=2, unlimited=False)}, "agency") == 2
    assert platform_cap("x", {"x": SimpleNamespace(limit=None, unlimited=True)}, "free") is None
    assert platform_cap("x", {}, "free") is not None
    assert platform_cap("x", {"tiktok": SimpleNamespace(limit=2, unlimited=False)}, "agency") \
        != 2  # fmt: skip


async def test_each_profile_gets_its_own_slot_or_a_reason(tmp_path: Path) -> None:
    db = Database.open(tmp_path / "ws.sqlite3")
    try:
        queue = QueueService(db, NoOutbox())
        await queue.set_slots("x", "@a", "mon-sun 09:00", "UTC")
        now = datetime.now(UTC)
        plan = await plan_queue(
            queue, [("x", "@a"), ("tiktok", "@a")], rate_limits={}, plan="agency", now=now
        )
        assert plan[0].slot is not None and now < plan[0].slot <= now + timedelta(days=1)
        assert plan[0].slot.astimezone(UTC).strftime("%H:%M") == "09:00"
        assert plan[1].slot is None and plan[1].no_slots_set
        assert not ready(plan)
        # A cap of 0 reported by the server leaves no day with room.
        capped = await plan_queue(
            queue, [("x", "@a")], plan="agency", now=now,
            rate_limits={"x": SimpleNamespace(limit=0, unlimited=False)},
        )  # fmt: skip
        assert capped[0].slot is None and "no free slot" in (capped[0].problem or "")
    finally:
        db.close()
