"""Workspaces: switch without restart, rotate a key (new one verified first), 401 asks again."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from memory_keyring import MemoryKeyring
from ui_support import empty_frame, until

from s200desk.config import Settings, Workspace


def _dialog() -> Any:
    from s200desk.ui.qt import QApplication
    from s200desk.ui.welcome.dialog import WelcomeDialog

    found = [w for w in QApplication.topLevelWidgets()
             if isinstance(w, WelcomeDialog) and w.isVisible()]  # fmt: skip
    if not found:
        from s200desk.ui.qt import QWidget

        for top in QApplication.topLevelWidgets():
            found += [w for w in top.findChildren(QWidget) if isinstance(w, WelcomeDialog)
                      and w.isVisible()]  # fmt: skip
    return found[0] if found else None


@pytest.fixture
def flow(arun: Any, qtbot: Any, demo_emulator: Any, monkeypatch: Any) -> Any:
    from s200desk.secrets import KeyStore
    from s200desk.ui.controller import Controller
    from s200desk.ui.tasks import TaskKeeper
    from s200desk.ui.workspaces.flow import WorkspaceFlow

    monkeypatch.setenv("S200_BASE_URL", demo_emulator.base_url)
    monkeypatch.setenv("S200_SITE_URL", demo_emulator.site_url)
    backend = MemoryKeyring()
    keystore = KeyStore(backend)
    keystore.set("ws-main", demo_emulator.api_key)
    keystore.set("ws-other", demo_emulator.other_api_key)
    settings = Settings(
        workspaces=[Workspace(id="ws-main", name="Lumen"), Workspace(id="ws-other", name="Harbor")],
        active_workspace_id="ws-main",
    )
    failures: list[Any] = []
    controller = Controller(settings, TaskKeeper(lambda n, e: failures.append((n, e))),
                            keystore=keystore, first_frame=empty_frame())  # fmt: skip
    qtbot.addWidget(controller.window)
    wf = WorkspaceFlow(controller, keystore)
    wf.backend = backend
    info = arun(wf.initial_session())
    controller.window.show()
    arun(controller.start(info))
    arun(until(lambda: controller.data_shown_emitted, what="first workspace synced"))
    yield wf
    arun(controller.aclose())
    assert not failures, failures


def test_switching_workspaces_without_restart(flow: Any, arun: Any, demo_emulator: Any) -> None:
    controller = flow.controller
    lumen_rows = controller.posts_model.rowCount()
    assert controller.window.windowTitle() == "Lumen — s200desk"
    assert arun(flow.switch_to("ws-other"))
    assert controller.window.windowTitle() == "Harbor — s200desk"
    arun(until(lambda: controller.session is not None and controller.session.online
               and controller.posts_model.rowCount() not in (0, lumen_rows),
               what="the other account's posts"))  # fmt: skip
    assert controller.session.info.api_key == demo_emulator.other_api_key
    assert controller.settings.active_workspace_id == "ws-other"


def test_rotating_a_key_verifies_the_new_one_first(
    flow: Any, arun: Any, demo_emulator: Any
) -> None:
    new_key = httpx.post(f"{demo_emulator.site_url}/__admin/keys").json()["api_key"]

    async def scenario() -> bool:
        rotate = asyncio.ensure_future(flow.rotate("ws-main"))
        await until(lambda: _dialog() is not None, what="the rotate dialog")
        dialog = _dialog()
        dialog.key_edit.setText("rl_revoked_or_wrong")
        dialog.continue_button.click()
        await until(lambda: "401" in dialog.message.text(), what="the refusal")
        assert flow.keystore.get("ws-main") == demo_emulator.api_key  # old key kept meanwhile
        dialog.key_edit.setText(new_key)
        dialog.continue_button.click()
        return await asyncio.wait_for(rotate, 15)

    assert arun(scenario())
    assert flow.keystore.get("ws-main") == new_key
    assert flow.controller.session.info.api_key == new_key
    assert "Revoke the old key" in flow.controller.window.notice_banner.text()


def test_a_revoked_key_opens_the_key_dialog(flow: Any, arun: Any, demo_emulator: Any) -> None:
    controller = flow.controller
    httpx.delete(f"{demo_emulator.site_url}/__admin/keys/{demo_emulator.api_key}")
    new_key = httpx.post(f"{demo_emulator.site_url}/__admin/keys").json()["api_key"]
    controller.request_sync()
    arun(until(lambda: _dialog() is not None, what="the key dialog after a 401"))
    assert controller.window.auth_banner.isVisible()
    dialog = _dialog()
    dialog.key_edit.setText(new_key)
    dialog.continue_button.click()
    def using_new_key() -> bool:
        session = controller.session
        return (session is not None and session.info.api_key == new_key and bool(session.online)
                and not controller.window.auth_banner.isVisible())  # fmt: skip

    arun(until(using_new_key, what="the new key in use"))
    assert flow.keystore.get("ws-main") == new_key


def test_a_taken_name_is_refused_in_the_dialog_and_nothing_is_kept(
    flow: Any, arun: Any, demo_emulator: Any
) -> None:
    # The dialog runs WorkspaceManager.add: its rule (names are unique, case aside) speaks in the
    # dialog, which stays open; no key reaches the keyring and the list is unchanged.
    async def scenario() -> bool:
        adding = asyncio.ensure_future(flow.add())
        await until(lambda: _dialog() is not None, what="the add dialog")
        dialog = _dialog()
        dialog.name_edit.setText("lumen")  # "Lumen" exists
        dialog.key_edit.setText(demo_emulator.other_api_key)
        dialog.continue_button.click()
        await until(lambda: not dialog.checking and "already" in dialog.message.text(),
                    what="the refusal")  # fmt: skip
        assert dialog.message.text() == "There is already a workspace called 'Lumen'."
        assert dialog.isVisible()
        dialog.reject()
        return await asyncio.wait_for(adding, 10)

    assert arun(scenario()) is False
    assert [w.name for w in flow.settings.workspaces] == ["Lumen", "Harbor"]
    assert set(flow.backend.data) == {("s200desk", "ws-main"), ("s200desk", "ws-other")}
