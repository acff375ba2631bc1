"""OptionsForm: one platform's option object as a form GENERATED from its pydantic JSON schema.

No hand-made widget per field: enum -> combo box, boolean -> check box, integer -> spin box,
string -> line edit, array of strings -> comma-separated line edit. Required fields are marked
with an asterisk; each field has its own error line, and the form one for whole-object rules
(Instagram's "shareToFeed only with reels"). Values come back in the wire's camelCase keys,
unset fields left out, ready for ``PostSpec.options``.

A check box has two states for three values (yes, no, not set): a fresh unticked box is "not
set", but a box filled with a value (a duplicated, edited or reopened post) answers "no" when
unticked — YouTube's ``madeForKids: false`` is a declaration, not an absence.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from s200desk.services.validation import check_options
from s200desk.ui.composer.field_error import FieldError
from s200desk.ui.qt import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    Signal,
)

NOT_SET = "(not set)"
CHOOSE = "Choose…"


def _unwrap(schema: dict[str, Any], prop: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """The field's own schema (``$ref`` followed, ``anyOf [X, null]`` opened) and nullability."""
    nullable = False
    inner = dict(prop)
    options = inner.get("anyOf")
    if options:
        rest = [o for o in options if o.get("type") != "null"]
        nullable = len(rest) < len(options)
        if len(rest) == 1:
            inner = {**{k: v for k, v in inner.items() if k != "anyOf"}, **rest[0]}
    ref = inner.get("$ref")
    if ref:
        target = schema.get("$defs", {}).get(ref.rsplit("/", 1)[-1], {})
        inner = {**target, **{k: v for k, v in inner.items() if k != "$ref"}}
    return inner, nullable


def _words(value: Any) -> str:
    text = str(value)
    if text.isupper():  # PUBLIC_TO_EVERYONE -> Public to everyone
        text = text.replace("_", " ").lower()
    else:  # mentionedUsers -> Mentioned users
        text = "".join(" " + c.lower() if c.isupper() else c for c in text).replace("_", " ")
    return text.strip().capitalize()


class OptionsForm(QWidget):
    """The editors of ``model_cls``'s fields; ``values()`` gives the option object."""

    changed = Signal()

    def __init__(
        self, platform: str, model_cls: type[BaseModel], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.platform = platform
        self.setObjectName(f"options_{platform}")
        self.setAccessibleName(f"{platform} options")
        self.schema = model_cls.model_json_schema(by_alias=True)
        self.editors: dict[str, QWidget] = {}
        self.errors: dict[str, FieldError] = {}
        self.required: set[str] = set(self.schema.get("required", []))
        self.kinds: dict[str, str] = {}
        self.titles: dict[str, str] = {}
        self._answered: set[str] = set()  # boxes filled with a yes or a no
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(6)
        column.addLayout(form)
        self.form_error = FieldError(f"error_{platform}_options", self)
        column.addWidget(self.form_error)
        for key, raw in self.schema.get("properties", {}).items():
            prop, nullable = _unwrap(self.schema, raw)
            editor = self._editor_for(key, prop, nullable or key not in self.required)
            if editor is None:
                continue
            title = str(prop.get("title") or raw.get("title") or _words(key))
            required = key in self.required
            editor.setObjectName(f"option_{platform}_{key}")
            editor.setAccessibleName(title + (" (required)" if required else ""))
            description = str(raw.get("description") or prop.get("description") or "")
            if description:
                editor.setToolTip(description)
                editor.setAccessibleDescription(description)
            label = QLabel(f"{title} *" if required else title, self)
            label.setObjectName(f"optionLabel_{platform}_{key}")
            label.setAccessibleName(title)
            if required:
                label.setToolTip("Required")
                label.setStyleSheet("font-weight: 600;")
            error = FieldError(f"error_{platform}_{key}", self)
            cell = QWidget(self)
            cell_layout = QVBoxLayout(cell)
            cell_layout.setContentsMargins(0, 0, 0, 0)
            cell_layout.setSpacing(2)
            cell_layout.addWidget(editor)
            cell_layout.addWidget(error)
            form.addRow(label, cell)
            label.setBuddy(editor)  # read with the field, not the cell around it
            self.editors[key] = editor
            self.errors[key] = error
            self.titles[key] = title

    def _editor_for(self, key: str, prop: dict[str, Any], optional: bool) -> QWidget | None:
        kind = prop.get("type")
        if "enum" in prop:
            combo = QComboBox(self)
            combo.addItem(NOT_SET if optional else CHOOSE, None)
            for value in prop["enum"]:
                combo.addItem(_words(value), value)
            combo.currentIndexChanged.connect(self.changed)
            self.kinds[key] = "enum"
            return combo
        if kind == "boolean":
            box = QCheckBox(self)
            box.toggled.connect(self.changed)
            self.kinds[key] = "boolean"
            return box
        if kind == "integer":
            spin = QSpinBox(self)
            spin.setRange(int(prop.get("minimum", 0)), int(prop.get("maximum", 2**31 - 1)))
            spin.valueChanged.connect(self.changed)
            self.kinds[key] = "integer"
            return spin
        if kind == "string":
            line = QLineEdit(self)
            if prop.get("format") == "uri":
                line.setPlaceholderText("https://…")
            line.textChanged.connect(self.changed)
            self.kinds[key] = "string"
            return line
        if kind == "array" and prop.get("items", {}).get("type") == "string":
            line = QLineEdit(self)
            line.setPlaceholderText("comma, separated, words")
            line.textChanged.connect(self.changed)
            self.kinds[key] = "list"
            return line
        return None  # objects and unions of several types: none in the option models

    # -- values ----------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """The option object: camelCase keys, unset fields left out."""
        out: dict[str, Any] = {}
        for key, editor in self.editors.items():
            kind = self.kinds[key]
            value: Any = None
            if isinstance(editor, QComboBox):
                value = editor.currentData()
            elif isinstance(editor, QCheckBox):
                value = True if editor.isChecked() else None
            elif isinstance(editor, QSpinBox):
                value = editor.value()
            elif isinstance(editor, QLineEdit):
                text = editor.text().strip()
                if kind == "list":
                    value = [w.strip() for w in text.split(",") if w.strip()] or None
                else:
                    value = text or None
            if value is not None:
                out[key] = value
        for key in sorted(self._answered - out.keys()):
            if self._no_is_fine(out, key):
                out[key] = False
        return out

    def _no_is_fine(self, values: dict[str, Any], key: str) -> bool:
        """A kept "no" goes out unless it is what makes the options wrong (Instagram's
        shareToFeed on a post changed from a Reel to a carousel: the box is unticked)."""
        try:
            before = {(p.field, p.message) for p in check_options(self.platform, values)}
            after = {(p.field, p.message) for p in check_options(self.platform,
                                                                  {**values, key: False})}
        except ValueError:  # not one of the seven platforms: nothing to judge by
            return True
        return after <= before

    def set_values(self, values: dict[str, Any]) -> None:
        self._answered = {k for k, e in self.editors.items()
                          if isinstance(e, QCheckBox) and isinstance(values.get(k), bool)}
        for key, editor in self.editors.items():
            value = values.get(key)
            editor.blockSignals(True)
            try:
                if isinstance(editor, QComboBox):
                    i = editor.findData(value)
                    editor.setCurrentIndex(max(i, 0))
                elif isinstance(editor, QCheckBox):
                    editor.setChecked(bool(value))
                elif isinstance(editor, QSpinBox):
                    editor.setValue(int(value or 0))
                elif isinstance(editor, QLineEdit):
                    if isinstance(value, list):
                        editor.setText(", ".join(str(v) for v in value))
                    else:
                        editor.setText("" if value is None else str(value))
            finally:
                editor.blockSignals(False)

    def show_problems(self, by_key: dict[str, list[str]]) -> None:
        """Messages per option key ("" for the whole object) at their fields."""
        for key, error in self.errors.items():
            # services.validation names the wire key ("pinterest needs boardId"); say the label.
            missing = f"{self.platform} needs {key}"
            messages = [
                f"Required: {self.titles[key].lower()}" if m == missing else m
                for m in by_key.get(key, [])
            ]
            error.set_messages(messages)
        self.form_error.set_messages(by_key.get("", []))
