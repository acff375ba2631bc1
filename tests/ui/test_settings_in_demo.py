"""In the demo, Settings shows where the app really connects (the emulator on this computer),
and saving never puts that loopback address into the settings."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ui_support import make_shell, until

from s200desk.config import DEFAULT_SITE_URL, Settings
from s200desk.settings_peek import DEFAULT_BASE_URL
from s200desk.ui.qt import QLineEdit, Qt


def test_demo_settings_show_the_emulator_and_keep_the_real_addresses(
    arun: Any, qtbot: Any, demo_emulator: Any
) -> None:
    shell = make_shell(demo_emulator)
    controller = shell.controller
    controller.demo = True
    controller.settings = Settings(plan="agency", time_zone="Europe/Berlin")  # production URLs
    qtbot.addWidget(shell.window)
    shell.window.show()
    info = replace(controller.test_info, demo=True)
    arun(controller.start(info))
    arun(until(lambda: controller.data_shown_emitted, what="synced posts on screen"))
    try:
        controller.open_settings()
        dialog = controller.settings_dialog
        assert dialog is not None
        qtbot.waitExposed(dialog)
        base, site = dialog.form.editors["base_url"], dialog.form.editors["site_url"]
        assert isinstance(base, QLineEdit) and isinstance(site, QLineEdit)
        # What the demo talks to, not what it would talk to outside the demo.
        assert base.text() == demo_emulator.base_url
        assert site.text() == demo_emulator.site_url
        assert base.isReadOnly() and site.isReadOnly()
        assert dialog.live_note.isVisible()
        assert "emulator" in dialog.live_note.text()
        assert dialog.media_hosting_button is None  # the demo's emulator hosts files

        got: list[Settings] = []
        dialog.settings_accepted.connect(got.append)
        dialog.form.editors["sync_interval_minutes"].setValue(9)
        dialog._on_save()
        assert got, dialog.error.text()
        assert got[0].sync_interval_minutes == 9
        assert got[0].base_url == DEFAULT_BASE_URL  # the loopback address is not saved
        assert got[0].site_url == DEFAULT_SITE_URL
        assert controller.settings.base_url == DEFAULT_BASE_URL
    finally:
        arun(controller.aclose())
    assert not shell.failures, shell.failures


def test_outside_the_demo_the_addresses_are_the_settings_own(qtbot: Any) -> None:
    from s200desk.ui.settings.dialog import SettingsDialog

    dialog = SettingsDialog(Settings(time_zone="Europe/Berlin"))
    qtbot.addWidget(dialog)
    dialog.show()
    base = dialog.form.editors["base_url"]
    assert isinstance(base, QLineEdit)
    assert base.text() == DEFAULT_BASE_URL and not base.isReadOnly()
    assert not dialog.live_note.isVisible()


def test_settings_lead_to_media_hosting_outside_the_demo(shell: Any, qtbot: Any) -> None:
    """Local files need a media host, and the app says to set one "in Settings › Media
    hosting": Settings has the button that opens it, for the open workspace."""
    from s200desk.secrets import KeyStore
    from s200desk.ui.media.host_dialog import MediaHostDialog
    from tests.memory_keyring import MemoryKeyring

    controller = shell.controller
    controller.keystore = KeyStore(MemoryKeyring())
    controller.open_settings()
    dialog = controller.settings_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    button = dialog.media_hosting_button
    assert button is not None and button.isVisible() and button.text() == "Media hosting…"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    host = controller.media_hosting_dialog
    assert isinstance(host, MediaHostDialog) and host.isVisible()
    assert host.workspace_id == controller.session.info.workspace_id
    host.close()
    dialog.close()
