"""PlatformTab: one platform's own caption (optional), its generated option form, its problems."""

from __future__ import annotations

from s200desk.api.types import OPTIONS_BY_PLATFORM, Platform
from s200desk.ui.composer.checks import FieldProblem, platform_name
from s200desk.ui.composer.field_error import FieldError
from s200desk.ui.composer.media_panel import MediaPanel
from s200desk.ui.composer.options_form import OptionsForm
from s200desk.ui.composer.state import MediaItem
from s200desk.ui.fonts import caption_font
from s200desk.ui.qt import (
    QCheckBox,
    QtWidgets,
    QVBoxLayout,
    QWidget,
    Signal,
)


class PlatformTab(QWidget):
    changed = Signal()

    def __init__(self, platform: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.platform = platform
        self.setObjectName(f"platformTab_{platform}")
        self.setAccessibleName(f"{platform_name(platform)} settings")
        column = QVBoxLayout(self)
        column.setContentsMargins(8, 8, 8, 8)
        column.setSpacing(6)
        self.override_box = QCheckBox(f"Use a different caption on {platform_name(platform)}", self)
        self.override_box.setObjectName(f"overrideBox_{platform}")
        self.override_box.setAccessibleName(self.override_box.text())
        self.override_box.toggled.connect(self._on_override_toggled)
        column.addWidget(self.override_box)
        self.override_edit = QtWidgets.QPlainTextEdit(self)
        self.override_edit.setObjectName(f"overrideCaption_{platform}")
        self.override_edit.setAccessibleName(f"{platform_name(platform)} caption")
        self.override_edit.setTabChangesFocus(True)  # Tab leaves the field, as in the caption
        self.override_edit.setFont(caption_font(self.override_edit.font()))
        self.override_edit.setMaximumHeight(80)
        self.override_edit.textChanged.connect(self.changed)
        self.override_edit.hide()
        column.addWidget(self.override_edit)
        self.caption_error = FieldError(f"error_{platform}_caption", self)
        column.addWidget(self.caption_error)
        model = OPTIONS_BY_PLATFORM.get(Platform(platform)) if platform in set(Platform) else None
        self.form: OptionsForm | None = None
        if model is not None:
            self.form = OptionsForm(platform, model, self)
            self.form.changed.connect(self.changed)
            column.addWidget(self.form)
        self.media_box = QCheckBox(f"Use different media on {platform_name(platform)}", self)
        self.media_box.setObjectName(f"mediaOverrideBox_{platform}")
        self.media_box.setAccessibleName(self.media_box.text())
        self.media_box.toggled.connect(self._on_media_toggled)
        column.addWidget(self.media_box)
        self.media_panel = MediaPanel(self)
        self.media_panel.setObjectName(f"mediaOverride_{platform}")
        self.media_panel.setAccessibleName(f"{platform_name(platform)} media")
        self.media_panel.error.hide()
        self.media_panel.changed.connect(self.changed)
        self.media_panel.hide()
        self.drop_zone: QWidget | None = None  # given by the form when media can be uploaded
        column.addWidget(self.media_panel)
        self.media_error = FieldError(f"error_{platform}_media", self)
        column.addWidget(self.media_error)
        column.addStretch(1)

    def _on_media_toggled(self, on: bool) -> None:
        self.media_panel.setVisible(on)
        self.changed.emit()

    def media_override(self) -> list[MediaItem] | None:
        return list(self.media_panel.items) if self.media_box.isChecked() else None

    def set_media_override(self, items: list[MediaItem] | None) -> None:
        self.media_box.blockSignals(True)
        try:
            self.media_box.setChecked(items is not None)
            self.media_panel.setVisible(items is not None)
            self.media_panel.set_items(items or [])
        finally:
            self.media_box.blockSignals(False)

    def _on_override_toggled(self, on: bool) -> None:
        self.override_edit.setVisible(on)
        self.changed.emit()

    def override(self) -> str | None:
        return self.override_edit.toPlainText() if self.override_box.isChecked() else None

    def set_override(self, text: str | None, fallback: str) -> None:
        self.override_box.blockSignals(True)
        self.override_edit.blockSignals(True)
        try:
            self.override_box.setChecked(text is not None)
            self.override_edit.setVisible(text is not None)
            self.override_edit.setPlainText(text if text is not None else fallback)
        finally:
            self.override_box.blockSignals(False)
            self.override_edit.blockSignals(False)

    def show_problems(self, problems: list[FieldProblem]) -> int:
        """Place this platform's problems at their fields; returns how many there are."""
        p = self.platform
        self.caption_error.set_messages([x.message for x in problems if x.field == f"{p}.caption"])
        self.media_error.set_messages([x.message for x in problems if x.field == f"{p}.media"])
        if self.form is not None:
            by_key: dict[str, list[str]] = {}
            prefix = f"{p}.options"
            for x in problems:
                if x.field == prefix:
                    by_key.setdefault("", []).append(x.message)
                elif x.field.startswith(prefix + "."):
                    key = x.field[len(prefix) + 1 :].split(".")[0]
                    by_key.setdefault(key if key in self.form.editors else "", []).append(x.message)
            self.form.show_problems(by_key)
        return sum(1 for x in problems if x.field.startswith(f"{p}."))


def counter_text(platform: str, used: int, limit: int | None) -> tuple[str, bool]:
    """ "TikTok 37/4000" and whether it is over."""
    if limit is None:
        return f"{platform_name(platform)} {used}", False
    return f"{platform_name(platform)} {used}/{limit}", used > limit
