"""Workspaces: a name and an API key each, the key in the keyring, one cache database each.

Adding a workspace (or rotating its key) checks the key against the profiles endpoint first and
stores it only when the server accepts it; failures come back as ``WorkspaceError`` whose
``user_message`` can be shown as is.
"""

from __future__ import annotations

import logging
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from s200desk import paths
from s200desk.api import AsyncStatus200Client
from s200desk.config import Connection, Settings, Workspace, resolve_connection, save_settings
from s200desk.secrets import KeyStore
from s200desk.services import events
from s200desk.services.events import Change, ChangeBus
from s200desk.services.outbox.identity import profile_set
from s200desk.services.sync import classify
from s200desk.services.user_words import UserFacingError, describe_error

log = logging.getLogger(__name__)

ClientFactory = Callable[..., Any]


class WorkspaceError(UserFacingError):
    """Adding, rotating or switching failed; ``user_message`` says why in plain words."""

    def __init__(self, kind: str, user_message: str) -> None:
        super().__init__(user_message)
        self.kind = kind  # "invalid", or a SyncErrorKind value: auth, offline, server, ...


def _words(exc: BaseException) -> WorkspaceError:
    return WorkspaceError(classify(exc).value, describe_error(exc))


def _clean_key(key: str) -> str:
    key = (key or "").strip()
    if key.lower().startswith("bearer "):
        key = key[7:].strip()
    if not key:
        raise WorkspaceError("invalid", "Paste an API key.")
    if any(ch.isspace() for ch in key):
        raise WorkspaceError("invalid", "An API key has no spaces in it; paste it again.")
    if not key.startswith("rl_"):
        raise WorkspaceError(
            "invalid",
            "That does not look like a Status 200 API key (they start with rl_). Copy it again "
            "from API Management in your dashboard.",
        )
    return key


class WorkspaceManager:
    """Add, verify, switch, rotate and remove workspaces; saves the settings after each change."""

    def __init__(
        self,
        settings: Settings,
        keystore: KeyStore,
        bus: ChangeBus | None = None,
        *,
        client_factory: ClientFactory = AsyncStatus200Client,
        save: Callable[[Settings], object] = save_settings,
        verify_timeout: float = 15.0,
    ) -> None:
        self.settings = settings
        self.keystore = keystore
        self.bus = bus or ChangeBus()
        self._client_factory = client_factory
        self._save = save
        self._verify_timeout = verify_timeout

    # ------------------------------------------------------------------ reading

    @property
    def workspaces(self) -> list[Workspace]:
        return list(self.settings.workspaces)

    @property
    def active(self) -> Workspace | None:
        active_id = self.settings.active_workspace_id
        return self.settings.workspace(active_id) if active_id else None

    def connection(self) -> Connection:
        """The active workspace's key and URLs, environment overrides applied."""
        return resolve_connection(self.settings, self.keystore)

    def db_path(self, workspace_id: str | None = None) -> Path:
        """``data_dir/workspaces/<id>/cache.sqlite3`` of the given (default: active) workspace."""
        wid = workspace_id or self.settings.active_workspace_id
        if not wid:
            raise WorkspaceError("invalid", "There is no workspace yet. Add one with your API key.")
        return paths.workspace_db_path(wid)

    # ------------------------------------------------------------------ verifying

    async def verify_key(self, key: str) -> list[Any]:
        """Ask the profiles endpoint with ``key``; returns the profiles, or raises
        ``WorkspaceError`` in plain words (refused key, no network, server trouble)."""
        key = _clean_key(key)
        conn = resolve_connection(self.settings, None)
        try:
            client = self._client_factory(
                api_key=key,
                base_url=conn.base_url,
                site_url=conn.site_url,
                timeout=self._verify_timeout,
                max_retries=1,
            )
        except ValueError as exc:  # the server address (the key passed _clean_key)
            raise WorkspaceError("invalid", f"The server address is not usable: {exc}.") from exc
        try:
            profiles: list[Any] = await client.profiles.list()
        except Exception as exc:
            error = _words(exc)
            log.info("key check failed: %s (%s)", error.kind, type(exc).__name__)
            raise error from exc
        finally:
            await client.close()
        return profiles

    # ------------------------------------------------------------------ changing

    def _check_name(self, name: str, ignore_id: str | None = None) -> str:
        name = (name or "").strip()
        if not name:
            raise WorkspaceError("invalid", "Give the workspace a name.")
        for ws in self.settings.workspaces:
            if ws.id != ignore_id and ws.name.casefold() == name.casefold():
                raise WorkspaceError("invalid", f"There is already a workspace called {ws.name!r}.")
        return name

    def _commit(self, *changes: Change) -> None:
        self._save(self.settings)
        for change in changes:
            self.bus.publish(change)

    async def add(self, name: str, key: str, *, activate: bool | None = None) -> Workspace:
        """Verify ``key``, store it in the keyring and add the workspace. It becomes active when
        ``activate`` is True, or when it is the first one (``activate`` None)."""
        name = self._check_name(name)
        key = _clean_key(key)
        await self.verify_key(key)
        workspace = Workspace(id=uuid.uuid4().hex[:12], name=name)
        self.keystore.set(workspace.id, key)
        self.settings.workspaces = [*self.settings.workspaces, workspace]
        changes = [Change(events.WORKSPACES, (workspace.id,))]
        if activate or (activate is None and self.settings.active_workspace_id is None):
            self.settings.active_workspace_id = workspace.id
            changes.append(Change(events.WORKSPACE, (workspace.id,)))
        self._commit(*changes)
        log.info(
            "workspace %s added (key in %s)",
            workspace.id,
            "keyring" if self.keystore.available else "memory for this session",
        )
        return workspace

    def switch(self, workspace_id: str) -> Workspace:
        """Make ``workspace_id`` the active workspace (the UI then reopens its store)."""
        workspace = self.settings.workspace(workspace_id)
        if workspace is None:
            raise WorkspaceError("invalid", "That workspace no longer exists.")
        if self.settings.active_workspace_id != workspace_id:
            self.settings.active_workspace_id = workspace_id
            self._commit(Change(events.WORKSPACE, (workspace_id,)))
        return workspace

    def rename(self, workspace_id: str, name: str) -> Workspace:
        name = self._check_name(name, ignore_id=workspace_id)
        if self.settings.workspace(workspace_id) is None:
            raise WorkspaceError("invalid", "That workspace no longer exists.")
        renamed = Workspace(id=workspace_id, name=name)
        self.settings.workspaces = [
            renamed if ws.id == workspace_id else ws for ws in self.settings.workspaces
        ]
        self._commit(Change(events.WORKSPACES, (workspace_id,)))
        return renamed

    def remove(self, workspace_id: str, *, delete_data: bool = False) -> None:
        """Forget the workspace and its key. With ``delete_data`` also delete its cache
        directory; close its database first."""
        if self.settings.workspace(workspace_id) is None:
            return
        was_active = self.settings.active_workspace_id == workspace_id
        self.keystore.delete(workspace_id)
        # Changing the list re-validates the model, which moves "active" to the first remaining
        # workspace (or None) when the active one is removed.
        self.settings.workspaces = [w for w in self.settings.workspaces if w.id != workspace_id]
        changes = [Change(events.WORKSPACES, (workspace_id,))]
        if was_active:
            new_active = self.settings.active_workspace_id
            changes.append(Change(events.WORKSPACE, (new_active,) if new_active else ()))
        self._commit(*changes)
        if delete_data:
            shutil.rmtree(paths.data_dir() / "workspaces" / workspace_id, ignore_errors=True)

    async def set_key(self, workspace_id: str, key: str) -> None:
        """Give a workspace its key again (missing on this computer, or refused by the server):
        verified first, then kept. Pasting the key it has is only a check; a key that sees
        another account's profiles is refused as in ``rotate``."""
        key = _clean_key(key)
        if self.keystore.get(workspace_id) == key:
            await self.verify_key(key)
            return
        await self.rotate(workspace_id, key)

    async def rotate(
        self, workspace_id: str, new_key: str, *, allow_other_account: bool = False
    ) -> None:
        """Replace a workspace's key as the reference recommends: the new key is verified before
        the old one is dropped, so a bad paste never locks you out. Revoke the old key in the
        dashboard afterwards. Refuses a key that sees different profiles (another account)
        unless ``allow_other_account``."""
        if self.settings.workspace(workspace_id) is None:
            raise WorkspaceError("invalid", "That workspace no longer exists.")
        new_key = _clean_key(new_key)
        old_key = self.keystore.get(workspace_id)
        if old_key == new_key:
            raise WorkspaceError("invalid", "That is the key this workspace already uses.")
        new_profiles = await self.verify_key(new_key)
        if old_key and not allow_other_account:
            try:
                old_profiles = await self.verify_key(old_key)
            except WorkspaceError:
                old_profiles = None  # already revoked or unreachable: nothing to compare
            # "Same account" as the outbox decides it (docs/api-notes.md): the same profiles.
            if old_profiles is not None and profile_set(old_profiles) != profile_set(
                new_profiles
            ):
                raise WorkspaceError(
                    "other_account",
                    "The new key belongs to an account with different profiles. Add it as a new "
                    "workspace instead, or confirm that this workspace should change account.",
                )
        self.keystore.set(workspace_id, new_key)
        self.bus.publish(Change(events.WORKSPACE, (workspace_id,)))
        log.info("workspace %s key rotated", workspace_id)
