"""With only a plaintext keyring file, the welcome dialog and the window say the key is kept for
this session only, and the file never receives it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from plaintext_keyring import PlaintextFileKeyring
from ui_support import answer_welcome, empty_frame


def test_a_plaintext_keyring_is_refused_in_plain_words(
    arun: Any, qtbot: Any, emulator: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    from s200desk.config import Settings
    from s200desk.secrets import ENV_ALLOW_INSECURE, KeyStore
    from s200desk.ui.controller import Controller
    from s200desk.ui.tasks import TaskKeeper
    from s200desk.ui.workspaces.flow import WorkspaceFlow

    monkeypatch.delenv(ENV_ALLOW_INSECURE, raising=False)
    monkeypatch.setenv("S200_BASE_URL", emulator.base_url)
    monkeypatch.setenv("S200_SITE_URL", emulator.site_url)
    plaintext = PlaintextFileKeyring(tmp_path)
    keystore = KeyStore(plaintext)
    controller = Controller(Settings(), TaskKeeper(), keystore=keystore, first_frame=empty_frame())
    qtbot.addWidget(controller.window)
    flow = WorkspaceFlow(controller, keystore)

    info, note_shown, note = arun(answer_welcome(flow, emulator.api_key))
    assert note_shown
    assert "without real protection" in note
    assert keystore.get(info.workspace_id) == emulator.api_key  # this session only
    banner = controller.window.notice_banner.text()
    assert "without real protection" in banner and "only until you quit" in banner
    assert not plaintext.file_path.exists()
    assert not any(emulator.api_key in p.read_text(errors="ignore")
                   for p in tmp_path.rglob("*") if p.is_file())  # fmt: skip
    arun(controller.aclose())
