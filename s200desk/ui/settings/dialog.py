"""SettingsDialog: the Settings model as a form; validated with the model before it closes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pydantic import ValidationError

from s200desk.config import Settings
from s200desk.ui.qt import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    Signal,
)
from s200desk.ui.settings.schema_form import SchemaForm
from s200desk.ui.settings.time_zone import TimeZoneChooser
from s200desk.ui.theme import set_tone

DEMO_NOTE = (
    "The demo talks to its built-in emulator on this computer (the addresses above), not to "
    "Status 200. Your own settings keep their addresses, and nothing you change here outlives "
    "the demo."
)


@dataclass(frozen=True)
class LiveConnection:
    """Where the open workspace really connects, when that is not what the settings say."""

    base_url: str
    site_url: str
    note: str = DEMO_NOTE


class SettingsDialog(QDialog):
    """Open with ``open()``; ``settings_accepted(Settings)`` carries the validated result.

    ``live``: the addresses in use (the demo's emulator) shown read-only in place of the
    settings' own, which are kept as they are when saving."""

    settings_accepted = Signal(object)

    def __init__(
        self,
        settings: Settings,
        parent: QWidget | None = None,
        *,
        live: LiveConnection | None = None,
        media_hosting: Callable[[], object] | None = None,
    ) -> None:
        """``media_hosting``: opens the workspace's media host settings (a "Media hosting…"
        button, which the media's messages point to as Settings › Media hosting)."""
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setAccessibleName("Settings")
        self.setWindowTitle("Settings")
        self.setMinimumWidth(520)
        self._settings = settings
        self.form = SchemaForm(
            Settings,
            settings.model_dump(mode="json"),
            overrides={"time_zone": TimeZoneChooser},
            parent=self,
        )
        self._fixed: set[str] = set()
        self.live_note = QLabel(self)
        self.live_note.setObjectName("settingsLiveNote")
        self.live_note.setWordWrap(True)
        set_tone(self.live_note, "muted")
        self.live_note.hide()
        if live is not None:
            self._show_live(live)
        self.error = QLabel(self)
        self.error.setObjectName("settingsError")
        self.error.setAccessibleName("Settings error")
        self.error.setWordWrap(True)
        set_tone(self.error, "danger")
        self.error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.setObjectName("settingsButtons")
        buttons.setAccessibleName("Settings buttons")
        buttons.accepted.connect(self._on_save)
        buttons.rejected.connect(self.reject)
        self.media_hosting_button: QPushButton | None = None
        if media_hosting is not None:
            button = buttons.addButton("Media hosting…", QDialogButtonBox.ButtonRole.ActionRole)
            button.setObjectName("mediaHostingButton")
            button.setToolTip("Where local files get the public web address the API needs")
            button.clicked.connect(lambda: media_hosting())
            self.media_hosting_button = button
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 20, 20, 16)
        layout.setSpacing(12)
        layout.addWidget(self.form)
        layout.addWidget(self.live_note)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _show_live(self, live: LiveConnection) -> None:
        """The addresses in use, read-only, and why they are not the settings' own."""
        for name, url in (("base_url", live.base_url), ("site_url", live.site_url)):
            editor = self.form.editors.get(name)
            if not isinstance(editor, QLineEdit):
                continue
            editor.setText(url)
            editor.setCursorPosition(0)
            editor.setReadOnly(True)
            editor.setToolTip(live.note)
            editor.setAccessibleDescription(live.note)
            self._fixed.add(name)
        plan = self.form.editors.get("plan")
        if plan is not None:
            plan.setFocus()  # the first field one can change
        self.live_note.setText(live.note)
        self.live_note.setAccessibleName(live.note)
        self.live_note.show()

    def _on_save(self) -> None:
        edited = {k: v for k, v in self.form.values().items() if k not in self._fixed}
        data = {**self._settings.model_dump(mode="json"), **edited}
        try:
            result = Settings.model_validate(data)
        except ValidationError as exc:
            lines = []
            for err in exc.errors():
                field = ".".join(str(p) for p in err.get("loc", ()))
                title = (
                    Settings.model_fields[field].title if field in Settings.model_fields else field
                )
                lines.append(f"{title}: {err.get('msg', 'invalid')}")
            self.error.setText("\n".join(lines))
            self.error.show()
            return
        self.settings_accepted.emit(result)
        self.accept()
