"""Queue slots against the emulator's posts and the outbox: the next free slot skips posts within
five minutes, days whose cap is full (server posts plus what the outbox holds), blocked dates,
and stops at the horizon. The emulator's manual clock and an injected "now": no real dates."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import httpx
import pytest

from s200desk.services.events import ChangeBus
from s200desk.services.outbox import OutboxService, PostSpec
from s200desk.services.planning.queue_service import QueueNotSet, QueueService
from s200desk.services.scheduling import to_iso_z
from s200desk.services.sync import SyncService

HANDLE = "@lumenstudio"




def _schedule(server: Any, when: datetime, text: str) -> None:
    body = {"post": {"accountId": HANDLE, "platform": "linkedin", "content": {"text": text},
                     "scheduledFor": to_iso_z(when)}}  # fmt: skip
    headers = {"Authorization": f"Bearer {server.api_key}"}
    httpx.post(f"{server.base_url}/api-posts", json=body, headers=headers).raise_for_status()


def _midnight_after(server: Any, days: int) -> datetime:
    now = server.clock.now()
    return now.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=days)


async def test_next_slots_skip_conflicts_full_days_blocked_dates_and_recorded_posts(
    emulator: Any, client: Any, db: Any
) -> None:
    day1, day2 = _midnight_after(emulator, 1), _midnight_after(emulator, 2)
    for n in range(5):  # the free plan's cap of 5 is used up on day 1
        _schedule(emulator, day1 + timedelta(hours=15 + n), f"filler {n}")
    _schedule(emulator, day2 + timedelta(hours=9, minutes=3), "three past nine")
    await SyncService(client, db, ChangeBus()).sync_all()

    outbox = OutboxService(db, client)
    queues = QueueService(db, outbox)
    await queues.set_slots("linkedin", HANDLE, "mon-sun 09:00,10:00,11:00,12:00,13:00", "UTC")
    day3, day4 = (day2 + timedelta(days=1)).date(), (day2 + timedelta(days=2)).date()
    await queues.block("linkedin", HANDLE, [day3])
    # Recorded in the outbox, not sent or synced: it holds 09:00 on day 4 all the same.
    await outbox.submit_posts([PostSpec(
        account_id=HANDLE, platform="linkedin", text="queued earlier",
        scheduled_for=to_iso_z(datetime.combine(day4, datetime.min.time(), day1.tzinfo)
                               + timedelta(hours=9)),
    )])  # fmt: skip

    got = await queues.next_slots("linkedin", HANDLE, cap=5, count=5, now=day1)
    assert [(t.date(), t.hour) for t in got] == [
        # Day 1 is full; 09:00 on day 2 is three minutes from a post; four fit on day 2 (1 + 4 = 5).
        (day2.date(), 10), (day2.date(), 11), (day2.date(), 12), (day2.date(), 13),
        # Day 3 is blocked; 09:00 on day 4 is held by the outbox's post.
        (day4, 10),
    ]
    assert await queues.next_slots("linkedin", HANDLE, cap=None, count=2, now=day1) == [
        day1 + timedelta(hours=9), day1 + timedelta(hours=10),
    ]
    horizon = await queues.next_slots(
        "linkedin", HANDLE, cap=5, count=9, now=day1, horizon=timedelta(days=2)
    )
    assert len(horizon) == 4  # only day 2 lies within two days of day 1


async def test_slots_are_kept_and_described(emulator: Any, client: Any, db: Any) -> None:
    queues = QueueService(db, OutboxService(db, client))
    with pytest.raises(QueueNotSet) as caught:
        await queues.slots("x", HANDLE)
    assert "s200desk queue slots x:@lumenstudio --set" in str(caught.value)
    stored = await queues.set_slots("x", HANDLE, "Tue,Mon-Fri 13:00,9:00", "Europe/Berlin")
    assert stored.slots == "mon-fri 09:00,13:00"
    await queues.block("x", HANDLE, [date(2030, 1, 1)])
    again = await queues.set_slots("x", HANDLE, "sat 11:00", "Europe/Berlin")
    assert again.blocked == ("2030-01-01",)  # blocked dates survive a change of slots


async def test_a_queue_is_found_by_its_handle_in_any_case(
    emulator: Any, client: Any, db: Any
) -> None:
    await SyncService(client, db, ChangeBus()).sync_all()  # the store knows "@lumenstudio"
    queues = QueueService(db, OutboxService(db, client))
    stored = await queues.set_slots("x", " @LumenStudio ", "mon 09:00", "UTC")
    assert stored.account_id == HANDLE  # the profile's own spelling
    await queues.set_slots("x", "@LUMENSTUDIO", "tue 10:00", "UTC")
    await queues.block("x", "@lumenStudio", [date(2031, 3, 4)])
    assert [(q.account_id, q.slots, q.blocked) for q in await queues.queues.all()] == [
        (HANDLE, "tue 10:00", ("2031-03-04",)),
    ]
    assert (await queues.slots("x", " @LumenSTUDIO")).describe() == "tue 10:00"
    day1 = _midnight_after(emulator, 1)
    assert await queues.next_slots("x", "@Lumenstudio", cap=None, count=2, now=day1)
