"""The outbox table: transitions are guarded, claims are unique, source keys dedupe."""

from __future__ import annotations

from pathlib import Path

import pytest

from s200desk.store import outbox_repo as repo
from s200desk.store.database import Database


def _row(i: str, key: str | None = None) -> dict[str, object]:
    return {
        "id": i,
        "kind": "create",
        "account_id": "@me",
        "platform": "x",
        "payload": {"text": i},
        "source_key": key,
    }


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = Database.open(tmp_path / "ws.sqlite3")
    yield database
    database.close()


def test_insert_dedupes_by_source_key(db: Database) -> None:
    first = db.call(repo.insert_many_tx, [_row("a", "k1"), _row("b", "k2")])
    assert [r["id"] for r in first] == ["a", "b"]
    again = db.call(repo.insert_many_tx, [_row("c", "k1"), _row("d", "k3")])
    assert [r["id"] for r in again] == ["a", "d"]
    assert db.call(repo.count_by_state_tx) == {"pending": 3}


def test_sending_is_taken_once_and_counts_the_attempt(db: Database) -> None:
    db.call(repo.insert_many_tx, [_row("a")])
    taken = db.call(repo.mark_sending_tx, "a", fingerprint="fp", watermark="w1")
    assert taken and taken["state"] == "sending" and taken["attempts"] == 1
    assert db.call(repo.mark_sending_tx, "a") is None  # someone has it already
    back = db.call(repo.requeue_tx, "a", next_attempt_at=None, error="x", error_code="500")
    assert back and back["state"] == "pending"
    again = db.call(repo.mark_sending_tx, "a", watermark="w2")
    assert again and again["attempts"] == 2 and again["watermark"] == "w1"
    assert again["first_sent_at"] == taken["first_sent_at"]


def test_a_post_is_claimed_by_one_intent_only(db: Database) -> None:
    db.call(repo.insert_many_tx, [_row("a"), _row("b")])
    for i in ("a", "b"):
        db.call(repo.mark_sending_tx, i)
    done = db.call(repo.settle_tx, "a", "done", post_id="P1")
    assert done and done["post_id"] == "P1"
    with pytest.raises(repo.ClaimConflict):
        db.call(repo.settle_tx, "b", "done", post_id="P1")
    assert db.call(repo.get_tx, "b")["state"] == "sending"  # the failed claim changed nothing
    assert db.call(repo.claimed_post_ids_tx, ["P1", "P2"]) == {"P1": "a"}
    # The server says b made P1: a gives it up and looks again.
    moved = db.call(repo.reassign_claim_tx, "P1", "b", state="done", result={"x": 1})
    assert moved and moved["post_id"] == "P1"
    a = db.call(repo.get_tx, "a")
    assert a["state"] == "sending" and a["post_id"] is None


def test_retry_discard_and_edit_guards(db: Database) -> None:
    db.call(repo.insert_many_tx, [_row("a")])
    db.call(repo.mark_sending_tx, "a")
    assert db.call(repo.discard_tx, "a") is None  # on the wire: cannot be discarded
    db.call(repo.settle_tx, "a", "failed", error="Missing field", error_code="400")
    edited = db.call(repo.update_payload_tx, "a", {"text": "fixed"})
    assert edited and edited["payload"] == {"text": "fixed"}
    retried = db.call(repo.retry_tx, "a")
    assert retried and retried["state"] == "pending"
    assert db.call(repo.discard_tx, "a")["state"] == "discarded"
