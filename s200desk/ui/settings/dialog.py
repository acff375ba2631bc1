"""SettingsDialog: the Settings model as a form; validated with the model before it closes."""

from __future__ import annotations

from pydantic import ValidationError

from s200desk.config import Settings
from s200desk.ui.qt import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget, Signal
from s200desk.ui.settings.schema_form import SchemaForm
from s200desk.ui.settings.time_zone import TimeZoneChooser
from s200desk.ui.theme import set_tone


class SettingsDialog(QDialog):
    """Open with ``open()``; ``settings_accepted(Settings)`` carries the validated result."""

    settings_accepted = Signal(object)

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 20, 20, 16)
        layout.setSpacing(12)
        layout.addWidget(self.form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _on_save(self) -> None:
        data = {**self._settings.model_dump(mode="json"), **self.form.values()}
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
