"""What every command needs: settings, key, client, the workspace database and its outbox."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential,
)

from s200desk import paths
from s200desk.api import AsyncStatus200Client
from s200desk.api.errors import (
    APIConnectionError,
    AuthenticationError,
    PermissionDeniedError,
    Status200Error,
)
from s200desk.cli import EXIT_AUTH, EXIT_OFFLINE, EXIT_USAGE
from s200desk.cli.output import printable
from s200desk.config import (
    ENV_BASE_URL,
    ENV_SITE_URL,
    Connection,
    Settings,
    check_url,
    load_settings,
    resolve_connection,
)
from s200desk.services.outbox import KeyIdentity, OutboxService
from s200desk.services.user_words import describe_error
from s200desk.settings_peek import env_workspace_id
from s200desk.store.database import Database

T = TypeVar("T")


class CliExit(Exception):
    """Stop with this exit code and message (printed to stderr)."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _keystore(settings: Settings) -> Any:
    if not settings.active_workspace_id:
        return None
    try:
        from s200desk.secrets import KeyStore

        return KeyStore()
    except Exception:  # no keyring backend at all: the env key still works
        return None


def _connection(settings: Settings, keystore: Any) -> Connection:
    """The key and URLs; a URL override that is refused is named (exit 2, nothing sent)."""
    for name in (ENV_BASE_URL, ENV_SITE_URL):
        value = os.environ.get(name, "").strip()
        if value:
            try:
                check_url(value)
            except ValueError as exc:
                raise CliExit(EXIT_USAGE, f"{name}: {exc}") from None
    try:
        return resolve_connection(settings, keystore)
    except ValueError as exc:
        raise CliExit(EXIT_USAGE, f"the settings' server address: {exc}") from None


def _client(conn: Connection) -> AsyncStatus200Client:
    """The client, or why the key or an address cannot be used (the key is never echoed)."""
    assert conn.api_key is not None
    try:
        return AsyncStatus200Client(
            api_key=conn.api_key, base_url=conn.base_url, site_url=conn.site_url,
            timeout=30.0, max_retries=3,
        )  # fmt: skip
    except ValueError as exc:
        if str(exc).startswith("api_key"):
            where = "S200_API_KEY" if conn.source == "env" else "the workspace's stored key"
            raise CliExit(EXIT_AUTH, f"{where} is not usable: {exc}") from None
        raise CliExit(EXIT_USAGE, f"the server address is not usable: {exc}") from None


def workspace_id_for(settings: Settings, conn: Connection, chosen: str | None) -> str:
    """The workspace whose database holds the outbox.

    With only ``S200_API_KEY`` (automation, no workspace set up) the id is derived from the key
    and URL, so a second run of the same script finds the outbox of the first.
    """
    if chosen:
        if settings.workspace(chosen) is None and not conn.source == "env":
            raise CliExit(EXIT_AUTH, f"no workspace {chosen!r}; add it in the app first")
        return chosen
    if conn.source == "env" or not settings.active_workspace_id:
        return env_workspace_id(conn.api_key or "", conn.base_url)
    return settings.active_workspace_id


@dataclass
class Context:
    settings: Settings
    connection: Connection
    zone: str
    db: Database
    client: AsyncStatus200Client
    service: OutboxService
    offline_timeout: float
    workspace_id: str = ""
    keystore: Any = None

    @classmethod
    def open(
        cls,
        *,
        workspace: str | None,
        zone: str | None,
        concurrency: int,
        offline_timeout: float,
    ) -> Context:
        paths.config_dir()  # an unusable folder is named before anything else (FolderProblem)
        settings = load_settings()
        keystore = _keystore(settings)
        conn = _connection(settings, keystore)
        if not conn.api_key:
            raise CliExit(
                EXIT_AUTH,
                "no API key: set S200_API_KEY, or add a workspace with its key in the app",
            )
        client = _client(conn)
        wid = workspace_id_for(settings, conn, workspace)
        db_path: Path = paths.workspace_db_path(wid)
        db = Database.open(db_path)  # a client with no connections yet needs no closing
        # What an older s200desk queued here is adopted only by the key the workspace is for:
        # its saved key, or the S200_API_KEY its (key-derived) id was made from.
        own_key = conn.source != "env" or wid == env_workspace_id(conn.api_key, conn.base_url)
        service = OutboxService(
            db, client, concurrency=concurrency,
            identity=KeyIdentity.of(conn.api_key, conn.base_url), adopt_unbound=own_key,
            on_waiting=lambda message: err(f"s200desk: {message}"),
        )  # fmt: skip
        return cls(
            settings=settings, connection=conn, zone=zone or settings.time_zone, db=db,
            client=client, service=service, offline_timeout=offline_timeout, workspace_id=wid,
            keystore=keystore,
        )  # fmt: skip

    async def close(self) -> None:
        await self.client.close()
        await self.db.aclose()


def explain(exc: BaseException) -> CliExit:
    """A client error that stops the command, as an exit code and the user's words."""
    if isinstance(exc, AuthenticationError | PermissionDeniedError):
        return CliExit(EXIT_AUTH, describe_error(exc))
    return CliExit(EXIT_OFFLINE, describe_error(exc))


def _worth_another_try(exc: BaseException) -> bool:
    # A refused key will not be accepted in a second, and the client has already retried a
    # connection that failed: an unreachable server will not appear in seconds either.
    return isinstance(exc, Status200Error) and not isinstance(
        exc, AuthenticationError | PermissionDeniedError | APIConnectionError
    )


_BACKOFF = wait_exponential(multiplier=0.25, max=4.0)  # 0.25, 0.5, 1, 2, 4 s


def _wait(state: RetryCallState) -> float:
    """The server's Retry-After when it said one (a 429), else the backoff."""
    failed = state.outcome.exception() if state.outcome is not None else None
    retry_after = getattr(failed, "retry_after", None)
    return float(retry_after) if retry_after is not None else _BACKOFF(state)


async def patiently(
    call: Callable[[], Awaitable[T]],
    *,
    attempts: int = 6,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> T:
    """A read the command cannot do without (profiles, platforms), tried a few times; what
    stops it becomes a ``CliExit`` in the user's words."""
    retrying = AsyncRetrying(
        stop=stop_after_attempt(attempts), wait=_wait,
        retry=retry_if_exception(_worth_another_try), sleep=sleep, reraise=True,
    )  # fmt: skip
    try:
        async for attempt in retrying:  # `call` may be a lambda: awaited here, not by tenacity
            with attempt:
                return await call()
    except Status200Error as exc:
        raise explain(exc) from exc
    raise AssertionError("unreachable: tenacity either returns or raises")


def err(text: str) -> None:
    """A message on stderr; it may quote the server, so control characters are escaped."""
    print(printable(text, keep_newlines=True), file=sys.stderr, flush=True)
