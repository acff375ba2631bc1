"""Workspaces against the real emulator: key checks in plain words, switch, rotate, remove."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import httpx
import keyring
import keyring.backends.fail
import pytest

from s200desk import paths
from s200desk.config import Settings, load_settings
from s200desk.secrets import KeyStore
from s200desk.services.events import Change, ChangeBus
from s200desk.services.user_words import KEY_REFUSED, cannot_reach
from s200desk.services.workspaces import WorkspaceError, WorkspaceManager


@pytest.fixture
def keystore() -> Iterator[KeyStore]:
    before = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        yield KeyStore()  # session-only: nothing touches a real keyring
    finally:
        keyring.set_keyring(before)


def _manager(server: Any, keystore: KeyStore, bus: ChangeBus | None = None) -> WorkspaceManager:
    settings = Settings(base_url=server.base_url, site_url=server.site_url)
    return WorkspaceManager(settings, keystore, bus)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_add_with_wrong_then_right_key(emulator: Any, keystore: KeyStore) -> None:
    bus = ChangeBus()
    seen: list[Change] = []
    bus.subscribe(seen.append)
    manager = _manager(emulator, keystore, bus)
    with pytest.raises(WorkspaceError) as caught:
        await manager.add("Studio", "rl_wrong_key")
    assert caught.value.kind == "auth"
    assert caught.value.user_message == KEY_REFUSED
    assert manager.workspaces == [] and seen == []

    ws = await manager.add("Studio", f"  {emulator.api_key}\n")
    assert manager.active == ws
    assert keystore.get(ws.id) == emulator.api_key
    conn = manager.connection()
    assert conn.api_key == emulator.api_key and conn.source == "session"
    assert manager.db_path() == paths.workspace_db_path(ws.id)
    assert [c.kind for c in seen] == ["workspaces", "workspace"]
    # Saved to disk, without the key.
    saved = load_settings()
    assert [w.name for w in saved.workspaces] == ["Studio"] and saved.active_workspace_id == ws.id
    assert emulator.api_key not in paths.settings_file().read_text()


async def test_no_network_is_said_plainly(keystore: KeyStore) -> None:
    port = _free_port()
    settings = Settings(base_url=f"http://127.0.0.1:{port}/functions/v1",
                        site_url=f"http://127.0.0.1:{port}")  # fmt: skip
    manager = WorkspaceManager(settings, keystore, verify_timeout=3)
    with pytest.raises(WorkspaceError) as caught:
        await manager.add("Offline", "rl_anything")
    assert caught.value.kind == "offline"
    assert caught.value.user_message == cannot_reach(f"127.0.0.1:{port}")


@pytest.mark.parametrize("key", ["", "   ", "rl_has space", "sk_not_ours"])
async def test_malformed_keys_never_reach_the_server(key: str, keystore: KeyStore) -> None:
    manager = WorkspaceManager(Settings(), keystore)
    with pytest.raises(WorkspaceError) as caught:
        await manager.add("X", key)
    assert caught.value.kind == "invalid"


async def test_switch_rename_remove(emulator: Any, keystore: KeyStore) -> None:
    manager = _manager(emulator, keystore)
    a = await manager.add("A", emulator.api_key)
    b = await manager.add("B", emulator.other_api_key)
    assert manager.active == a
    with pytest.raises(WorkspaceError, match="already a workspace"):
        await manager.add("a", emulator.api_key)
    assert manager.switch(b.id) == b and load_settings().active_workspace_id == b.id
    assert manager.connection().api_key == emulator.other_api_key
    manager.rename(b.id, "Brand")
    paths.workspace_db_path(b.id).write_bytes(b"cache")
    manager.remove(b.id, delete_data=True)
    assert manager.active == a and keystore.get(b.id) is None
    assert not (paths.data_dir() / "workspaces" / b.id).exists()
    with pytest.raises(WorkspaceError):
        manager.switch(b.id)


async def test_rotate_verifies_before_dropping_the_old_key(
    emulator: Any, keystore: KeyStore
) -> None:
    manager = _manager(emulator, keystore)
    ws = await manager.add("Main", emulator.api_key)
    with pytest.raises(WorkspaceError) as caught:
        await manager.rotate(ws.id, "rl_typo")
    assert caught.value.kind == "auth" and keystore.get(ws.id) == emulator.api_key

    with pytest.raises(WorkspaceError) as caught:
        await manager.rotate(ws.id, emulator.other_api_key)  # a different account
    assert caught.value.kind == "other_account" and keystore.get(ws.id) == emulator.api_key

    new_key = httpx.post(f"{emulator.site_url}/__admin/keys").json()["api_key"]
    await manager.rotate(ws.id, new_key)
    assert keystore.get(ws.id) == new_key
    # The old key can now be revoked in the dashboard; the workspace keeps working.
    assert httpx.delete(f"{emulator.site_url}/__admin/keys/{emulator.api_key}").status_code == 200
    assert await manager.verify_key(new_key)
