"""What integration tests use to act on the emulator as another client would, and to open a
workspace's store where the app keeps it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx

from s200desk.store import Database


def server_http(server: Any) -> httpx.Client:
    """A plain HTTP client with the emulator's key: changes made "on the server", not by the app."""
    return httpx.Client(
        base_url=server.base_url, headers={"Authorization": f"Bearer {server.api_key}"},
        timeout=10, trust_env=False,
    )  # fmt: skip


@asynccontextmanager
async def workspace_store(workspace_id: str) -> AsyncIterator[Database]:
    """The workspace's store at its place under the test's S200DESK_HOME, opened on the loop."""
    from s200desk import paths

    database = await Database.open_async(paths.workspace_db_path(workspace_id))
    try:
        yield database
    finally:
        await database.aclose()
