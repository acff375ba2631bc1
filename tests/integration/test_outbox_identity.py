"""Every outbox intent belongs to the key and server it was queued under, against real emulators
over loopback: another account's key never sends it, the owner's key still does, and a rotated
key of the same account sends it after checking it sees the same profiles."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from s200desk.api import AsyncStatus200Client
from s200desk.emulator import EmulatorServer, ManualClock
from s200desk.services.outbox import (
    BackoffPolicy,
    IntentState,
    KeyIdentity,
    OutboxService,
    PostSpec,
    create_intent,
)
from s200desk.services.outbox.store import to_row
from s200desk.store import outbox_repo
from s200desk.store.database import Database

HANDLE = "@lumenstudio"
FAST = BackoffPolicy(base=0.02, cap=0.1, cooldown=0.1)


def posted(server: Any, token: str) -> list[dict[str, Any]]:
    response = httpx.get(f"{server.site_url}/__admin/posts", timeout=10)
    response.raise_for_status()
    return [p for p in response.json()["posts"] if token in (p.get("caption") or "")]


def spec(text: str, server: Any) -> PostSpec:
    # A week after the emulator's (manual) now, whatever today's date is.
    when = (server.clock.now() + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return PostSpec(account_id=HANDLE, platform="x", text=text, scheduled_for=when)


@pytest.fixture
def server_b(emulator: Any) -> Iterator[Any]:
    """A second Status 200 server (another account, seeded alike: same handles, other keys)."""
    server = EmulatorServer(
        seed="basic", plan="agency", clock=ManualClock(emulator.clock.now()), cooldown_seconds=0
    )
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
async def clients() -> AsyncIterator[Any]:
    made: list[AsyncStatus200Client] = []

    def make(key: str, server: Any) -> AsyncStatus200Client:
        client = AsyncStatus200Client(
            api_key=key, base_url=server.base_url, site_url=server.site_url, timeout=5.0,
            max_retries=1, initial_retry_delay=0.01, max_retry_delay=0.05,
        )  # fmt: skip
        made.append(client)
        return client

    yield make
    for client in made:
        await client.close()



async def queue_and_quit(db: Database, client: Any, text: str, server: Any) -> str:
    """Queue a post, and quit before it is sent, as a session that closed while offline. The
    sender started (and looked at what its key sees) but sent nothing."""
    service = OutboxService(db, client, policy=FAST)
    [intent] = await service.submit_posts([spec(text, server)])

    async def quit_now() -> bool:
        return True

    await service.run(until=quit_now)
    assert (await service.get(intent.id)).state is IntentState.PENDING  # type: ignore[union-attr]
    return intent.id


async def send_all(db: Database, client: Any, **kw: Any) -> tuple[OutboxService, list[str]]:
    told: list[str] = []
    service = OutboxService(db, client, policy=FAST, on_waiting=told.append, **kw)
    await service.run(stop_when_idle=True)
    return service, told


async def test_a_post_queued_for_server_a_is_not_sent_to_server_b(
    emulator: Any, server_b: Any, clients: Any, db: Database
) -> None:
    client_a = clients(emulator.api_key, emulator)
    intent_id = await queue_and_quit(db, client_a, "one idtokA", emulator)

    # Next launch: another key, another server (seeded alike: it has the same handles).
    service, told = await send_all(db, clients(server_b.api_key, server_b))
    assert posted(server_b, "idtokA") == [] and posted(emulator, "idtokA") == []
    intent = await service.get(intent_id)
    assert intent is not None and intent.state is IntentState.PENDING and intent.attempts == 0
    assert len(told) == 1
    host_a = emulator.base_url.split("//")[1].split("/")[0]
    assert told[0].startswith("1 post waits: it was queued for another account")
    assert host_a in told[0] and "Switch back to that key, or discard it" in told[0]
    assert emulator.api_key not in told[0]

    # Back with A's key: A's server gets it, once.
    await send_all(db, clients(emulator.api_key, emulator))
    assert len(posted(emulator, "idtokA")) == 1 and posted(server_b, "idtokA") == []


async def test_another_account_on_the_same_server_never_sends_it(
    emulator: Any, clients: Any, db: Database
) -> None:
    # Account B on the same server has connected the same X handle (an agency and its client):
    # the request would be valid, but the post is not B's to send.
    other_key = "rl_" + secrets.token_hex(16)
    emulator.state.add_account("acct-other", "Other", "agency")
    emulator.state.add_key(other_key, "acct-other")
    emulator.state.add_profile("acct-other", HANDLE, "x", "Lumen", "active", emulator.clock.now())
    await queue_and_quit(db, clients(emulator.api_key, emulator), "two idtokB", emulator)

    service, told = await send_all(db, clients(other_key, emulator))
    assert posted(emulator, "idtokB") == []
    assert [w.count for w in service.waiting] == [1] and told

    await send_all(db, clients(emulator.api_key, emulator))
    [post] = posted(emulator, "idtokB")
    assert post["owner"] == emulator.emu.primary_account


async def test_a_rotated_key_of_the_same_account_sends_after_the_check(
    emulator: Any, clients: Any, db: Database
) -> None:
    client_a = clients(emulator.api_key, emulator)
    intent_id = await queue_and_quit(db, client_a, "three idtokC", emulator)
    rotated = httpx.post(f"{emulator.site_url}/__admin/keys", timeout=10).json()["api_key"]
    httpx.delete(f"{emulator.site_url}/__admin/keys/{emulator.api_key}", timeout=10)

    service, told = await send_all(db, clients(rotated, emulator))
    assert told == [] and service.waiting == []
    assert len(posted(emulator, "idtokC")) == 1
    intent = await service.get(intent_id)
    assert intent is not None and intent.state is IntentState.DONE
    assert intent.key_fp == KeyIdentity.of(rotated, emulator.base_url).key_fp


async def test_a_rotated_key_that_sees_other_profiles_waits(
    emulator: Any, clients: Any, db: Database
) -> None:
    await queue_and_quit(db, clients(emulator.api_key, emulator), "four idtokD", emulator)
    rotated = httpx.post(f"{emulator.site_url}/__admin/keys", timeout=10).json()["api_key"]
    # The API has no account id: a key that sees other profiles cannot be told from another
    # account's key, so the post waits (the user can switch back or discard it).
    account, now = emulator.emu.primary_account, emulator.clock.now()
    emulator.state.add_profile(account, "@newbrand", "pinterest", "New", "active", now)

    _, told = await send_all(db, clients(rotated, emulator))
    assert posted(emulator, "idtokD") == [] and told


async def test_posts_queued_before_identities_belong_to_the_workspaces_own_key(
    emulator: Any, clients: Any, db: Database
) -> None:
    # Rows as an older s200desk wrote them: no identity.
    old = create_intent(spec("five idtokE", emulator))
    db.call(outbox_repo.insert_many_tx, [to_row(old)])

    # A key from S200_API_KEY opening the workspace does not adopt them...
    _, told = await send_all(db, clients(emulator.api_key, emulator), adopt_unbound=False)
    assert posted(emulator, "idtokE") == []
    assert told and "before s200desk noted which key it belongs to" in told[0]

    # ...the workspace's own key does.
    await send_all(db, clients(emulator.api_key, emulator))
    assert len(posted(emulator, "idtokE")) == 1


async def test_the_key_itself_is_never_stored(emulator: Any, clients: Any, db: Database) -> None:
    await queue_and_quit(db, clients(emulator.api_key, emulator), "six idtokF", emulator)
    await send_all(db, clients(emulator.api_key, emulator))
    db.call(lambda conn: conn.execute("PRAGMA wal_checkpoint(TRUNCATE)"))
    on_disk = b"".join(p.read_bytes() for p in Path(db.path).parent.iterdir() if p.is_file())
    assert emulator.api_key.encode() not in on_disk
    assert KeyIdentity.of(emulator.api_key, emulator.base_url).key_fp.encode() in on_disk


def test_the_command_line_sends_nothing_under_another_key_and_says_so(
    emulator: Any, server_b: Any, capsys: pytest.CaptureFixture[str], monkeypatch: Any
) -> None:
    from s200desk import paths
    from s200desk.cli import EXIT_AUTH, EXIT_OK, main

    async def queue() -> None:
        db = Database.open(paths.workspace_db_path("shared"))
        client = AsyncStatus200Client(
            api_key=emulator.api_key, base_url=emulator.base_url, site_url=emulator.site_url
        )
        try:
            await OutboxService(db, client).submit_posts([spec("seven idtokG", emulator)])
        finally:
            await client.close()
            db.close()

    def cli_as(server: Any) -> int:
        monkeypatch.setenv("S200_API_KEY", server.api_key)
        monkeypatch.setenv("S200_BASE_URL", server.base_url)
        monkeypatch.setenv("S200_SITE_URL", server.site_url)
        return main(["outbox", "run", "--workspace", "shared"])

    asyncio.run(queue())  # the window queued it, under the server A key
    capsys.readouterr()
    assert cli_as(server_b) == EXIT_AUTH
    err = capsys.readouterr().err
    assert "1 post waits: it was queued for another account" in err
    assert emulator.api_key not in err and server_b.api_key not in err
    assert posted(server_b, "idtokG") == [] and posted(emulator, "idtokG") == []

    assert cli_as(emulator) == EXIT_OK
    assert len(posted(emulator, "idtokG")) == 1 and posted(server_b, "idtokG") == []


async def test_a_sender_running_with_another_key_is_not_waited_for(
    emulator: Any, server_b: Any, clients: Any, db: Database
) -> None:
    # The window has this workspace open with server B's key while a script posts with A's.
    from s200desk.services.outbox import SenderBlocked, SenderLock

    stop = asyncio.Event()

    async def stopped() -> bool:
        return stop.is_set()

    window = OutboxService(db, clients(server_b.api_key, server_b), policy=FAST)
    window_task = asyncio.create_task(window.run(until=stopped, poll=0.02, idle_poll=0.02))
    lock = SenderLock.for_database(Path(db.path))
    while lock.holder() is None:
        await asyncio.sleep(0.01)

    script = OutboxService(db, clients(emulator.api_key, emulator), policy=FAST)
    [intent] = await script.submit_posts([spec("eight idtokI", emulator)])
    with pytest.raises(SenderBlocked) as caught:
        await asyncio.wait_for(script.drain(intent.group_id or ""), 60)  # a guard, not a timing
    assert caught.value.kind == "identity" and "Nothing is lost" in str(caught.value)
    assert emulator.api_key not in str(caught.value)
    assert posted(server_b, "idtokI") == [] and posted(emulator, "idtokI") == []

    stop.set()
    await window_task
    assert await script.drain(intent.group_id or "") == {"done": 1}
    assert len(posted(emulator, "idtokI")) == 1 and posted(server_b, "idtokI") == []
