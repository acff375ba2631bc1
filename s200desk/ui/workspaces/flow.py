"""WorkspaceFlow: which workspace the window shows, and every dialog that asks for a key.

Keys go to the KeyStore (the OS keyring, or this session only when no keyring works, which the
user is told in plain words). ``S200_API_KEY``/``S200_BASE_URL``/``S200_SITE_URL`` override.
"""

from __future__ import annotations

import logging
import secrets
from typing import Any

from s200desk import paths
from s200desk.config import Settings, Workspace, resolve_connection, save_settings
from s200desk.settings_peek import opening_workspace
from s200desk.ui.asyncqt import wait_signal
from s200desk.ui.session import SessionInfo
from s200desk.ui.welcome.dialog import WelcomeDialog
from s200desk.ui.welcome.verify import KeyCheck, verify_key

log = logging.getLogger(__name__)


def new_workspace_id() -> str:
    return f"ws-{secrets.token_hex(4)}"


class WorkspaceFlow:
    """Owns ``settings.workspaces`` changes and the key dialogs; tells the controller to switch."""

    def __init__(self, controller: Any, keystore: Any) -> None:
        self.controller = controller
        self.keystore = keystore
        controller.on_key_needed = self.ask_key_again
        controller.on_workspaces = self.open_manager
        self._asking = False

    @property
    def settings(self) -> Settings:
        settings: Settings = self.controller.settings
        return settings

    def _save(self, settings: Settings) -> None:
        self.controller.settings = settings
        try:
            save_settings(settings)
        except OSError:
            log.warning("could not save settings", exc_info=True)

    # -- verifying -------------------------------------------------------------------------

    async def _verify(self, key: str) -> KeyCheck:
        conn = resolve_connection(self.settings, None)
        return await verify_key(key, conn.base_url, conn.site_url)

    def _dialog(self, **kwargs: Any) -> WelcomeDialog:
        problem = (
            None if self.keystore is None or self.keystore.available else (self.keystore.problem)
        )
        return WelcomeDialog(self._verify, self.controller.tasks, keyring_problem=problem, **kwargs)

    async def _ask_for_key(self, **kwargs: Any) -> tuple[str, str] | None:
        """Show the key dialog (open(), never exec(): we run inside the event loop) and wait:
        the (name, key) it verified, or None when the user cancelled."""
        dialog = self._dialog(**kwargs)
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
        accepted = await self._ask_for_key(
            workspace_name=workspace.name if workspace else "My workspace",
            ask_name=workspace is None,
        )
        if accepted is None:
            return None
        name, key = accepted
        ws = workspace or Workspace(id=new_workspace_id(), name=name)
        self.keystore.set(ws.id, key)
        workspaces = [w for w in self.settings.workspaces if w.id != ws.id] + [ws]
        self._save(
            self.settings.model_copy(
                update={"workspaces": workspaces, "active_workspace_id": ws.id}
            )
        )
        self._tell_keyring_problem()
        return self.info_for(ws, key)

    def _tell_keyring_problem(self) -> None:
        if self.keystore is not None and not self.keystore.available and self.keystore.problem:
            self.controller.window.notice_banner.show_message(self.keystore.problem)

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
        accepted = await self._ask_for_key(
            title="Enter your API key" if info.read_only else "Enter your API key again",
            intro=missing if info.read_only else refused,
            workspace_name=info.workspace_name,
            ask_name=False,
        )
        if accepted is None:
            return
        _name, key = accepted
        if not info.key_from_env:  # a key from S200_API_KEY is not the workspace's to replace
            self.keystore.set(info.workspace_id, key)
        from dataclasses import replace

        await self.controller.switch(replace(info, api_key=key, read_only=False))

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
        self._save(self.settings.model_copy(update={"active_workspace_id": ws.id}))
        await self.controller.switch(info)
        return True

    async def add(self) -> bool:
        accepted = await self._ask_for_key(
            title="Add a workspace",
            intro="Give the workspace a name and paste its API key.",
            workspace_name="New workspace",
        )
        if accepted is None:
            return False
        name, key = accepted
        ws = Workspace(id=new_workspace_id(), name=name)
        self.keystore.set(ws.id, key)
        self._save(
            self.settings.model_copy(
                update={"workspaces": [*self.settings.workspaces, ws], "active_workspace_id": ws.id}
            )
        )
        info = self.info_for(ws, key)
        if info is not None:
            await self.controller.switch(info)
        return True

    async def rotate(self, workspace_id: str) -> bool:
        """The reference's rotation: add the new key, verify it, then drop the old one."""
        ws = self.settings.workspace(workspace_id)
        if ws is None:
            return False
        accepted = await self._ask_for_key(
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
        _name, key = accepted
        self.keystore.set(ws.id, key)  # verified: the new key replaces the old one
        self.controller.window.notice_banner.show_message(
            f"The new key of “{ws.name}” works and is saved. Revoke the old key in your "
            "Status 200 dashboard (API Management)."
        )
        session = self.controller.session
        if session is not None and session.info.workspace_id == ws.id:
            info = self.info_for(ws, key)
            if info is not None:
                await self.controller.switch(info)
        return True

    def remove(self, workspace_id: str) -> None:
        session = self.controller.session
        if session is not None and session.info.workspace_id == workspace_id:
            self.controller.window.notice_banner.show_message(
                "Switch to another workspace before removing this one."
            )
            return
        self.keystore.delete(workspace_id)
        self._save(
            self.settings.model_copy(
                update={"workspaces": [w for w in self.settings.workspaces if w.id != workspace_id]}
            )
        )
