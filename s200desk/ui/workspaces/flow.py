"""WorkspaceFlow: which workspace the window shows, and every dialog that asks for a key.

What happens to workspaces and keys is ``services.workspaces.WorkspaceManager``'s: it verifies a
key before it is kept, keeps it in the KeyStore (the OS keyring, or this session only when no
keyring works, which the user is told in plain words) and saves the settings. This file only asks
(the key dialogs) and tells the controller which session to open. ``S200_API_KEY``/
``S200_BASE_URL``/``S200_SITE_URL`` override.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from s200desk import paths
from s200desk.config import Settings, Workspace, resolve_connection, save_settings
from s200desk.settings_peek import opening_workspace
from s200desk.ui.asyncqt import wait_signal
from s200desk.ui.session import SessionInfo
from s200desk.ui.welcome.dialog import WelcomeDialog

if TYPE_CHECKING:
    from s200desk.services.workspaces import WorkspaceManager

log = logging.getLogger(__name__)

KEY_ACCEPTED = "Key accepted."


class WorkspaceFlow:
    """Asks for keys and hands them to the ``WorkspaceManager``; tells the controller to switch."""

    def __init__(self, controller: Any, keystore: Any) -> None:
        self.controller = controller
        self.keystore = keystore
        controller.key_needed.connect(self.ask_key_again)
        controller.workspaces_requested.connect(self.open_manager)
        self._asking = False

    @property
    def settings(self) -> Settings:
        settings: Settings = self.controller.settings
        return settings

    def manager(self) -> WorkspaceManager:
        """The manager of the controller's settings (built when asked: it imports the API
        client, which the window's start-up does not wait for)."""
        from s200desk.services.workspaces import WorkspaceManager

        return WorkspaceManager(self.settings, self.keystore, save=self._save)

    @staticmethod
    def _save(settings: Settings) -> None:
        try:
            save_settings(settings)
        except OSError:
            log.warning("could not save settings", exc_info=True)

    # -- asking ----------------------------------------------------------------------------

    def _dialog(self, action: Callable[[str, str], Awaitable[str]], **kwargs: Any) -> WelcomeDialog:
        problem = (
            None if self.keystore is None or self.keystore.available else (self.keystore.problem)
        )
        return WelcomeDialog(action, self.controller.tasks, keyring_problem=problem, **kwargs)

    async def _ask_for_key(
        self, action: Callable[[str, str], Awaitable[str]], **kwargs: Any
    ) -> tuple[str, str] | None:
        """Show the key dialog (open(), never exec(): we run inside the event loop) over the
        window and wait: the (name, key) that ``action`` kept, or None when the user cancelled."""
        dialog = self._dialog(action, **kwargs)
        dialog.setParent(self.controller.window, dialog.windowFlags())  # over the window
        accepted: list[tuple[str, str]] = []
        dialog.key_accepted.connect(lambda name, key: accepted.append((name, key)))
        dialog.open()
        await wait_signal(dialog.finished)
        dialog.deleteLater()
        return accepted[0] if accepted else None

    # -- the session to open ---------------------------------------------------------------

    def info_for(self, workspace: Workspace, key: str | None = None) -> SessionInfo | None:
        conn = resolve_connection(
            self.settings.model_copy(update={"active_workspace_id": workspace.id}), self.keystore
        )
        api_key = key or conn.api_key
        if not api_key:
            return None
        return SessionInfo(
            workspace_id=workspace.id,
            workspace_name=workspace.name,
            api_key=api_key,
            base_url=conn.base_url,
            site_url=conn.site_url,
            db_path=paths.workspace_db_path(workspace.id),
        )

    async def initial_session(self) -> SessionInfo | None:
        """The active workspace with its key; the welcome dialog first when there is no key."""
        settings = self.settings
        conn = resolve_connection(settings, self.keystore)
        if conn.source == "env" and conn.api_key:
            # Without a workspace the key gets its own, bound to it and its server. Opening a
            # workspace with it is safe too: the outbox sends only what this key queued, or what
            # a key of the same account did (services/outbox/binding.py).
            listed = [(w.id, w.name) for w in settings.workspaces]
            opened = opening_workspace(listed, settings.active_workspace_id, conn.api_key,
                                       conn.base_url)  # fmt: skip
            assert opened is not None  # a key always opens a workspace
            ws_id, ws_name = opened
            return SessionInfo(
                ws_id,
                ws_name,
                conn.api_key,
                conn.base_url,
                conn.site_url,
                paths.workspace_db_path(ws_id),
                key_from_env=True,
            )
        active = settings.workspace(settings.active_workspace_id or "")
        if active is not None and conn.api_key:
            return self.info_for(active, conn.api_key)
        info = await self.welcome(active)
        if info is None and active is not None:  # cancelled: its cache, read-only
            conn = resolve_connection(settings, None)
            return SessionInfo(active.id, active.name, "", conn.base_url, conn.site_url,
                               paths.workspace_db_path(active.id), read_only=True)
        return info

    async def welcome(self, workspace: Workspace | None) -> SessionInfo | None:
        """First run (or a workspace whose key is gone): ask, check, keep."""
        kept: list[Workspace] = []

        async def keep(name: str, key: str) -> str:
            manager = self.manager()
            if workspace is None:
                kept.append(await manager.add(name, key, activate=True))
            else:
                await manager.set_key(workspace.id, key)
                kept.append(manager.switch(workspace.id))
            return KEY_ACCEPTED

        accepted = await self._ask_for_key(
            keep,
            workspace_name=workspace.name if workspace else "My workspace",
            ask_name=workspace is None,
            # No workspace yet: closing this dialog ends the app (app_shell), so say so.
            cancel_text="Quit" if workspace is None else "Cancel",
        )
        if accepted is None or not kept:
            return None
        self._tell_keyring_problem()
        return self.info_for(kept[0], accepted[1])

    def _tell_keyring_problem(self) -> None:
        if self.keystore is not None and not self.keystore.available and self.keystore.problem:
            self.controller.window.show_notice(self.keystore.problem)

    # -- 401: ask again --------------------------------------------------------------------

    def ask_key_again(self) -> None:
        session = self.controller.session
        if session is None or session.info.demo or self._asking:
            return
        self._asking = True
        self.controller.tasks.start(self._ask_key_again(session.info), name="ask-key")

    async def _ask_key_again(self, info: SessionInfo) -> None:
        try:
            await self._ask_key_again_once(info)
        finally:
            self._asking = False

    async def _ask_key_again_once(self, info: SessionInfo) -> None:
        refused = (
            f"The key of “{info.workspace_name}” was refused by the server (401): it may "
            "have been revoked or rotated. Paste a current key from API Management."
        )
        missing = (
            f"“{info.workspace_name}” has no API key on this computer. Paste a key from API "
            "Management to sync and send again."
        )

        async def keep(_name: str, key: str) -> str:
            manager = self.manager()
            if info.key_from_env:  # a key from S200_API_KEY is not the workspace's to replace
                await manager.verify_key(key)
            else:
                await manager.set_key(info.workspace_id, key)
            return KEY_ACCEPTED

        accepted = await self._ask_for_key(
            keep,
            title="Enter your API key" if info.read_only else "Enter your API key again",
            intro=missing if info.read_only else refused,
            workspace_name=info.workspace_name,
            ask_name=False,
        )
        if accepted is None:
            return
        from dataclasses import replace

        await self.controller.switch(replace(info, api_key=accepted[1], read_only=False))

    # -- switching, adding, rotating, removing ---------------------------------------------

    def open_manager(self) -> None:
        from s200desk.ui.workspaces.dialog import WorkspacesDialog

        session = self.controller.session
        current = session.info.workspace_id if session else None
        dialog = WorkspacesDialog(self.settings.workspaces, current, self.controller.window)
        dialog.switch_requested.connect(
            lambda ws_id: self.controller.tasks.start(self.switch_to(ws_id), name="switch")
        )
        dialog.add_requested.connect(
            lambda: self.controller.tasks.start(self.add(), name="add-workspace")
        )
        dialog.rotate_requested.connect(
            lambda ws_id: self.controller.tasks.start(self.rotate(ws_id), name="rotate-key")
        )
        dialog.remove_requested.connect(self.remove)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    async def switch_to(self, workspace_id: str) -> bool:
        ws = self.settings.workspace(workspace_id)
        if ws is None:
            return False
        info = self.info_for(ws)
        if info is None:
            info = await self.welcome(ws)
            if info is None:
                return False
        self.manager().switch(ws.id)
        await self.controller.switch(info)
        return True

    async def add(self) -> bool:
        added: list[Workspace] = []

        async def keep(name: str, key: str) -> str:
            added.append(await self.manager().add(name, key, activate=True))
            return KEY_ACCEPTED

        accepted = await self._ask_for_key(
            keep,
            title="Add a workspace",
            intro="Give the workspace a name and paste its API key.",
            workspace_name="New workspace",
        )
        if accepted is None or not added:
            return False
        info = self.info_for(added[0], accepted[1])
        if info is not None:
            await self.controller.switch(info)
        return True

    async def rotate(self, workspace_id: str) -> bool:
        """The reference's rotation: the new key is verified before it replaces the old one."""
        ws = self.settings.workspace(workspace_id)
        if ws is None:
            return False

        async def keep(_name: str, key: str) -> str:
            await self.manager().rotate(ws.id, key)
            return KEY_ACCEPTED

        accepted = await self._ask_for_key(
            keep,
            title=f"Rotate the key of “{ws.name}”",
            intro=(
                "Generate a new key under API Management, paste it here. s200desk checks it "
                "before replacing the old one; then revoke the old key in the dashboard."
            ),
            workspace_name=ws.name,
            ask_name=False,
        )
        if accepted is None:
            return False
        self.controller.window.show_notice(
            f"The new key of “{ws.name}” works and is saved. Revoke the old key in your "
            "Status 200 dashboard (API Management)."
        )
        session = self.controller.session
        if session is not None and session.info.workspace_id == ws.id:
            info = self.info_for(ws, accepted[1])
            if info is not None:
                await self.controller.switch(info)
        return True

    def remove(self, workspace_id: str) -> None:
        session = self.controller.session
        if session is not None and session.info.workspace_id == workspace_id:
            self.controller.window.show_notice(
                "Switch to another workspace before removing this one."
            )
            return
        self.manager().remove(workspace_id)
