"""The settings dialog comes from the Settings schema; a refused key asks for a new one."""

from __future__ import annotations

from typing import Any

import httpx
from ui_support import until

from s200desk.config import Settings
from s200desk.ui.qt import QCheckBox, QComboBox, QLineEdit, QSpinBox


def test_settings_dialog_is_generated_from_the_schema(qtbot: Any) -> None:
    from s200desk.ui.settings.dialog import SettingsDialog
    from s200desk.ui.settings.time_zone import TimeZoneChooser

    dialog = SettingsDialog(Settings(time_zone="Europe/Berlin", sync_interval_minutes=7))
    qtbot.addWidget(dialog)
    editors = dialog.form.editors
    assert isinstance(editors["plan"], QComboBox)
    assert isinstance(editors["theme"], QComboBox)
    assert isinstance(editors["first_day_of_week"], QComboBox)
    assert isinstance(editors["sync_interval_minutes"], QSpinBox)
    assert editors["sync_interval_minutes"].value() == 7
    assert editors["sync_interval_minutes"].maximum() == 1440
    assert isinstance(editors["base_url"], QLineEdit)
    dialog.show()
    qtbot.waitExposed(dialog)
    url = editors["base_url"]
    assert url.text().startswith("https://") and url.cursorPosition() == 0  # shown from "https"
    assert isinstance(editors["time_zone"], TimeZoneChooser)
    assert editors["time_zone"].currentData() == "Europe/Berlin"
    # Read-only bookkeeping is not offered for editing.
    for hidden in ("schema_version", "workspaces", "active_workspace_id"):
        assert hidden not in editors

    got: list[Settings] = []
    dialog.settings_accepted.connect(got.append)
    plan = editors["plan"]
    assert isinstance(plan, QComboBox)
    plan.setCurrentIndex(plan.findData("expert"))
    tz = editors["time_zone"]
    tz.setCurrentIndex(tz.findData("America/New_York"))
    dialog._on_save()
    assert got and got[0].plan.value == "expert" and got[0].time_zone == "America/New_York"

    # A bad value keeps the dialog open with the reason.
    base = editors["base_url"]
    assert isinstance(base, QLineEdit)
    base.setText("http://example.com/functions/v1")
    dialog._on_save()
    assert len(got) == 1
    assert "https" in dialog.error.text()


def test_schema_form_maps_booleans_to_check_boxes(qtbot: Any) -> None:
    from pydantic import BaseModel

    from s200desk.ui.settings.schema_form import SchemaForm

    class Options(BaseModel):
        notify: bool = True
        retries: int = 3

    form = SchemaForm(Options, {"notify": False})
    qtbot.addWidget(form)
    assert isinstance(form.editors["notify"], QCheckBox)
    assert form.values() == {"notify": False, "retries": 3}


def test_a_refused_key_shows_the_key_banner(shell: Any, demo_emulator: Any, arun: Any) -> None:
    refused: list[bool] = []
    shell.controller.key_needed.connect(lambda: refused.append(True))
    # Revoke the key the window uses, then refresh: the server answers 401.
    response = httpx.delete(f"{demo_emulator.site_url}/__admin/keys/{demo_emulator.api_key}")
    assert response.status_code == 200
    shell.window.refresh_action.trigger()
    banner = shell.window.auth_banner
    arun(until(banner.isVisible, what="the key banner"))
    assert "401" in banner.text()
    assert refused
    assert shell.controller.posts_model.rowCount() > 0  # the cached posts stay


def test_an_uncaught_error_is_logged_and_told_calmly(qtbot: Any, caplog: Any) -> None:
    import sys

    from s200desk.ui import errors
    from s200desk.ui.qt import QApplication, QMessageBox

    errors._last_shown = 0.0
    errors.install_excepthook()
    try:
        raise ValueError("boom in a slot")
    except ValueError:
        sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = sys.__excepthook__
    boxes = [w for w in QApplication.allWidgets()
             if isinstance(w, QMessageBox) and w.objectName() == "calmErrorBox"]  # fmt: skip
    assert boxes and boxes[0].isVisible()
    assert "Traceback" not in boxes[0].text() and "boom" not in boxes[0].text()
    assert "log file" in boxes[0].text()
    assert boxes[0].text().startswith("Something went wrong inside s200desk.")
    assert any("boom in a slot" in (r.exc_text or "") or r.exc_info for r in caplog.records)
    for box in boxes:
        box.close()


def test_a_full_disk_is_told_in_words(qtbot: Any) -> None:
    import errno
    import os

    from s200desk.ui import errors
    from s200desk.ui.qt import QApplication, QMessageBox

    errors._last_shown = 0.0
    full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "/data/settings.json")
    errors.report_failure("could not save settings", full)
    boxes = [w for w in QApplication.allWidgets() if isinstance(w, QMessageBox)
             and w.objectName() == "calmErrorBox" and w.isVisible()]  # fmt: skip
    assert boxes and boxes[-1].text().startswith("The disk is full. Free some space and try again.")
    assert "Errno" not in boxes[-1].text()
    for box in boxes:
        box.close()


def test_new_server_addresses_reopen_the_workspace(shell: Any, arun: Any) -> None:
    controller = shell.controller
    dead = "http://127.0.0.1:9"  # nothing listens: the new address is offline at once
    changed = controller.settings.model_copy(
        update={"base_url": f"{dead}/functions/v1", "site_url": dead}
    )
    rows = controller.posts_model.rowCount()
    controller.apply_settings(changed)
    arun(until(lambda: controller.session is not None
               and controller.session.info.base_url == f"{dead}/functions/v1"
               and shell.window.offline_banner.isVisible(), timeout=30,
               what="the workspace reopened on the new address"))  # fmt: skip
    assert controller.posts_model.rowCount() == rows  # same workspace, same cache


def test_each_kind_of_notification_has_its_check_box(qtbot: Any) -> None:
    from s200desk.ui.settings.dialog import SettingsDialog

    dialog = SettingsDialog(Settings(time_zone="Europe/Berlin", notify_on_published=False))
    qtbot.addWidget(dialog)
    editors = dialog.form.editors
    kinds = ("notify_on_failure", "notify_on_queued", "notify_on_published")
    boxes = {k: editors[k] for k in kinds}
    assert all(isinstance(b, QCheckBox) for b in boxes.values())
    assert [b.isChecked() for b in boxes.values()] == [True, True, False]
    got: list[Settings] = []
    dialog.settings_accepted.connect(got.append)
    boxes["notify_on_queued"].setChecked(False)
    dialog._on_save()
    assert got and not got[0].notify_on_queued and got[0].notify_on_failure
