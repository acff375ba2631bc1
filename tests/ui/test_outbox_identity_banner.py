"""The window never sends a post queued under another key or server, and says so in plain words;
an S200_API_KEY session without a workspace gets an outbox bound to that key and server."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from ui_support import admin_posts, empty_frame, make_shell, until


@pytest.fixture
def server_b(emulator: Any) -> Iterator[Any]:
    """Another Status 200 server, seeded alike (same handles), with its own key."""
    from s200desk.emulator import EmulatorServer, ManualClock

    server = EmulatorServer(
        seed="basic", plan="agency", clock=ManualClock(emulator.clock.now()), cooldown_seconds=0
    )
    server.start()
    try:
        yield server
    finally:
        server.stop()


async def queue_under(server: Any, workspace_id: str, token: str) -> None:
    """A post queued in the workspace's outbox with ``server``'s key, not sent yet."""
    from datetime import timedelta

    from s200desk import paths
    from s200desk.api import AsyncStatus200Client
    from s200desk.services.outbox import OutboxService, PostSpec
    from s200desk.store.database import Database

    when = (server.clock.now() + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M:%SZ")
    db = await Database.open_async(paths.workspace_db_path(workspace_id))
    client = AsyncStatus200Client(
        api_key=server.api_key, base_url=server.base_url, site_url=server.site_url
    )
    try:
        await OutboxService(db, client).submit_posts([
            PostSpec(account_id="@lumenstudio", platform="x", text=token, scheduled_for=when)
        ])  # fmt: skip
    finally:
        await client.close()
        await db.aclose()


def mine(server: Any, token: str) -> list[dict[str, Any]]:
    return [p for p in admin_posts(server) if token in (p.get("caption") or "")]


def test_a_post_queued_for_another_server_waits_and_the_banner_says_why(
    arun: Any, qtbot: Any, emulator: Any, server_b: Any
) -> None:
    arun(queue_under(emulator, "ws-shared", "banner idtokH"))

    # The next launch opens the same workspace with server B's key (another account).
    shell_b = make_shell(server_b, "ws-shared")
    qtbot.addWidget(shell_b.window)
    arun(shell_b.controller.start(shell_b.controller.test_info))
    banner = shell_b.window.notice_banner
    arun(until(lambda: "waits" in banner.text(), what="the waiting notice"))
    host_a = emulator.base_url.split("//")[1].split("/")[0]
    assert banner.text().startswith("1 post waits: it was queued for another account")
    assert host_a in banner.text() and "discard it in the outbox" in banner.text()
    assert emulator.api_key not in banner.text()
    assert mine(server_b, "idtokH") == [] and mine(emulator, "idtokH") == []
    summary_b = shell_b.controller.outbox_dock.panel.summary
    arun(until(lambda: summary_b.text() == "1 pending", what="the outbox panel"))
    arun(shell_b.controller.aclose())

    # Back on server A's key: sent there, once.
    shell_a = make_shell(emulator, "ws-shared")
    qtbot.addWidget(shell_a.window)
    arun(shell_a.controller.start(shell_a.controller.test_info))
    summary_a = shell_a.controller.outbox_dock.panel.summary
    arun(until(lambda: summary_a.text() == "1 done", timeout=30, what="the post sent"))
    assert len(mine(emulator, "idtokH")) == 1
    arun(shell_a.controller.aclose())
    assert mine(server_b, "idtokH") == []
    assert not shell_a.failures and not shell_b.failures


def test_an_environment_key_without_a_workspace_opens_its_own_outbox(
    arun: Any, qtbot: Any, emulator: Any, server_b: Any, monkeypatch: Any
) -> None:
    from memory_keyring import MemoryKeyring

    from s200desk.config import Settings
    from s200desk.secrets import KeyStore
    from s200desk.ui.controller import Controller
    from s200desk.ui.tasks import TaskKeeper
    from s200desk.ui.workspaces.flow import WorkspaceFlow

    def session_for(server: Any) -> Any:
        monkeypatch.setenv("S200_API_KEY", server.api_key)
        monkeypatch.setenv("S200_BASE_URL", server.base_url)
        monkeypatch.setenv("S200_SITE_URL", server.site_url)
        keystore = KeyStore(MemoryKeyring())
        controller = Controller(Settings(), TaskKeeper(), keystore=keystore,
                                first_frame=empty_frame())  # fmt: skip
        qtbot.addWidget(controller.window)
        return arun(WorkspaceFlow(controller, keystore).initial_session())

    a, b = session_for(emulator), session_for(server_b)
    assert a.key_from_env and b.key_from_env
    assert a.workspace_id != b.workspace_id and a.db_path != b.db_path
    assert session_for(emulator).db_path == a.db_path  # the same key finds its outbox again
    assert emulator.api_key not in str(a.db_path)
