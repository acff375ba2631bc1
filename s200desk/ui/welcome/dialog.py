"""WelcomeDialog: paste a key, check it, keep it. Also used to re-enter or rotate a key.

Opened with ``open()`` (never ``exec()``: the app runs inside an asyncio loop). What "check and
keep" means is the caller's ``action(name, key)``, a ``WorkspaceManager`` call that verifies the
key against the profiles endpoint and stores it; it runs as a kept task, and a refusal shows its
words in the dialog. ``key_accepted(name, key)`` fires once the action succeeded, then the dialog
accepts.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from s200desk.services.user_words import UserFacingError, describe_error
from s200desk.ui.icons import app_icon
from s200desk.ui.qt import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from s200desk.ui.spoken import announce, speak_labels
from s200desk.ui.tasks import TaskKeeper
from s200desk.ui.theme import set_tone

log = logging.getLogger(__name__)

# (workspace name, key) -> what to say on success; raises WorkspaceError in the user's words.
KeyAction = Callable[[str, str], Awaitable[str]]


class WelcomeDialog(QDialog):
    key_accepted = Signal(str, str)  # workspace name, key

    def __init__(
        self,
        action: KeyAction,
        tasks: TaskKeeper,
        *,
        title: str = "Welcome to s200desk",
        intro: str = (
            "Paste an API key from API Management in your Status 200 dashboard. "
            "s200desk checks it, then keeps it in your system keyring."
        ),
        workspace_name: str = "My workspace",
        ask_name: bool = True,
        keyring_problem: str | None = None,
        cancel_text: str = "Cancel",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("welcomeDialog")
        self.setAccessibleName(title)
        self.setWindowTitle(title)
        self.setWindowIcon(app_icon())
        self.setMinimumWidth(520)
        self._action = action
        self._tasks = tasks
        self._checking = False

        heading = QLabel(title, self)
        heading.setObjectName("pageTitle")
        heading.setAccessibleName("Heading")
        text = QLabel(intro, self)
        text.setObjectName("welcomeIntro")
        text.setAccessibleName("Introduction")
        text.setWordWrap(True)

        self.name_edit = QLineEdit(workspace_name, self)
        self.name_edit.setObjectName("workspaceNameEdit")
        self.name_edit.setAccessibleName("Workspace name")
        self.key_edit = QLineEdit(self)
        self.key_edit.setObjectName("apiKeyEdit")
        self.key_edit.setAccessibleName("API key")
        self.key_edit.setPlaceholderText("rl_…")
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_edit.returnPressed.connect(self._on_continue)

        form = QFormLayout()
        form.setHorizontalSpacing(12)
        if ask_name:
            form.addRow("Workspace name:", self.name_edit)
        else:
            self.name_edit.hide()
        form.addRow("API key:", self.key_edit)

        self.message = QLabel(self)
        self.message.setObjectName("welcomeMessage")
        self.message.setAccessibleName("Key check result")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.keyring_note = QLabel(keyring_problem or "", self)
        self.keyring_note.setObjectName("keyringNote")
        self.keyring_note.setAccessibleName("Keyring notice")
        self.keyring_note.setWordWrap(True)
        self.keyring_note.setVisible(bool(keyring_problem))

        self.continue_button = QPushButton("Check key and continue", self)
        self.continue_button.setObjectName("primaryButton")
        self.continue_button.setAccessibleName("Check key and continue")
        self.continue_button.setDefault(True)
        self.continue_button.clicked.connect(self._on_continue)
        # On a first run there is nothing to go back to: the button says it closes the app.
        self.quit_button = QPushButton(cancel_text, self)
        self.quit_button.setObjectName("welcomeCancel")
        self.quit_button.setAccessibleName(cancel_text)
        self.quit_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.quit_button)
        buttons.addWidget(self.continue_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 22, 24, 18)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.keyring_note)
        layout.addLayout(buttons)
        speak_labels(self)  # "Key check result: The key was refused …", not the name alone

    @property
    def checking(self) -> bool:
        return self._checking

    def _on_continue(self) -> None:
        if self._checking:
            return
        key = self.key_edit.text().strip()
        if not key:
            self._show("Paste your API key first.", error=True)
            return
        self._checking = True
        self.continue_button.setEnabled(False)
        self._show("Checking the key…", error=False)
        self._tasks.start(self._check(key), name="verify-key")

    async def _check(self, key: str) -> None:
        name = self.name_edit.text().strip() or "My workspace"
        try:
            done = await self._action(name, key)
        except Exception as exc:  # said in the dialog, which stays open for another try
            if not isinstance(exc, UserFacingError):
                log.warning("key check failed", exc_info=exc)
            self._show(describe_error(exc), error=True)
            return
        finally:
            self._checking = False
            self.continue_button.setEnabled(True)
        self._show(done, error=False)
        self.key_accepted.emit(name, key)
        self.accept()

    def _show(self, text: str, error: bool) -> None:
        self.message.setText(text)
        set_tone(self.message, "danger" if error else None)
        announce(self, text)
