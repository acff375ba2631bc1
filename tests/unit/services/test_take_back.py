"""Taking back a queued move is one transaction with recording what replaces it.

No server here: nothing is sent. The outbox's store alone decides whether a move that was still
pending is taken back, and a recording that fails, or a sender that took the move meanwhile,
leaves the queued move exactly as it was.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from s200desk.services.lifecycle.service import PostLifecycle
from s200desk.services.outbox import IntentState, KeyIdentity, OutboxService
from s200desk.services.outbox.derive import derived_via
from s200desk.store import outbox_repo
from s200desk.store.database import Database

NOW = datetime(2026, 5, 16, 12, tzinfo=UTC)


@pytest.fixture
def outbox(tmp_path: Path) -> Iterator[OutboxService]:
    db = Database.open(tmp_path / "ws.sqlite3")
    yield OutboxService(db, None, identity=KeyIdentity.of("rl_test", "http://127.0.0.1:9/f/v1"),
                        now=lambda: NOW)
    db.close()


def lifecycle(outbox: OutboxService) -> PostLifecycle:
    return PostLifecycle(outbox, now=lambda: NOW)


async def test_a_failed_recording_takes_nothing_back(outbox: OutboxService) -> None:
    first = await lifecycle(outbox).reschedule("post-1", datetime(2026, 6, 2, tzinfo=UTC),
                                               account_id="@me", platform="x")
    bad = first.main.with_(id="x" * 32, payload={"unwritable": object()})
    with pytest.raises(TypeError, match="JSON serializable"):
        await outbox.submit([bad], take_back=(first.main.id,))
    kept = await outbox.get(first.main.id)
    assert kept is not None and kept.state is IntentState.PENDING


async def test_a_move_the_sender_took_meanwhile_is_built_upon_not_taken_back(
    outbox: OutboxService, monkeypatch: pytest.MonkeyPatch
) -> None:
    life = lifecycle(outbox)
    first = await life.reschedule("post-1", datetime(2026, 6, 2, tzinfo=UTC),
                                  account_id="@me", platform="x")
    real_submit = outbox.submit

    async def sender_takes_it_first(*args: object, **kw: object) -> object:
        monkeypatch.setattr(outbox, "submit", real_submit)
        outbox.db.call(outbox_repo.mark_sending_tx, first.main.id)  # on the wire now
        return await real_submit(*args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(outbox, "submit", sender_takes_it_first)
    second = await life.reschedule("post-1", datetime(2026, 6, 3, tzinfo=UTC),
                                   account_id="@me", platform="x")
    taken = await outbox.get(first.main.id)
    assert taken is not None and taken.state is IntentState.SENDING
    assert derived_via(second.main) == first.main.id  # built from the post it will make
    assert first.main.id in second.main.depends_on


async def test_what_was_taken_back_says_why_in_the_outbox(outbox: OutboxService) -> None:
    from s200desk.ui.outbox.words import detail

    life = lifecycle(outbox)
    first = await life.reschedule("post-1", datetime(2026, 6, 2, tzinfo=UTC),
                                  account_id="@me", platform="x")
    await life.reschedule("post-1", datetime(2026, 6, 3, tzinfo=UTC),
                          account_id="@me", platform="x")
    taken = await outbox.get(first.main.id)
    assert taken is not None and taken.state is IntentState.DISCARDED
    assert detail(taken, "Europe/Berlin") == (
        "Not sent: a later change to the same post took its place before it was sent")
