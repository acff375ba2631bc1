"""SchemaForm: a QFormLayout built from a pydantic model's JSON schema.

enum -> combo box, boolean -> check box, integer -> spin box, number -> double spin box,
string -> line edit; ``readOnly`` fields are left out; per-field overrides (a time zone chooser)
replace the default widget. Values come back as a plain dict for ``model_validate``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from s200desk.ui.qt import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QWidget,
)

WidgetFactory = Callable[[QWidget], QWidget]


def _resolve(schema: dict[str, Any], prop: dict[str, Any]) -> dict[str, Any]:
    """Follow ``$ref`` (and a single-ref ``allOf``) into ``$defs``, keeping the field's own keys."""
    ref = prop.get("$ref")
    if ref is None and len(prop.get("allOf", [])) == 1:
        ref = prop["allOf"][0].get("$ref")
    if ref:
        target = schema.get("$defs", {}).get(ref.rsplit("/", 1)[-1], {})
        merged = {**target, **{k: v for k, v in prop.items() if k not in {"$ref", "allOf"}}}
        return merged
    return prop


def _label(value: Any) -> str:
    return str(value).replace("_", " ").capitalize()


class SchemaForm(QWidget):
    """Fields of ``model_cls`` as editors, filled from ``values``."""

    def __init__(
        self,
        model_cls: type[BaseModel],
        values: dict[str, Any],
        overrides: dict[str, WidgetFactory] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settingsForm")
        self.setAccessibleName("Settings form")
        self.schema = model_cls.model_json_schema()
        self.editors: dict[str, QWidget] = {}
        overrides = overrides or {}
        layout = QFormLayout(self)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        layout.setHorizontalSpacing(16)
        layout.setVerticalSpacing(10)
        for name, raw in self.schema.get("properties", {}).items():
            prop = _resolve(self.schema, raw)
            if prop.get("readOnly"):
                continue
            editor = overrides[name](self) if name in overrides else self._editor_for(prop)
            if editor is None:
                continue
            title = prop.get("title") or _label(name)
            editor.setObjectName(f"setting_{name}")
            editor.setAccessibleName(title)
            if prop.get("description"):
                editor.setToolTip(prop["description"])
                editor.setAccessibleDescription(prop["description"])
            self.editors[name] = editor
            self._set_value(editor, values.get(name, prop.get("default")))
            layout.addRow(f"{title}:", editor)

    def _editor_for(self, prop: dict[str, Any]) -> QWidget | None:
        kind = prop.get("type")
        if "enum" in prop:
            combo = QComboBox(self)
            for value in prop["enum"]:
                combo.addItem(_label(value), value)
            return combo
        if kind == "boolean":
            return QCheckBox(self)
        if kind == "integer":
            spin = QSpinBox(self)
            spin.setRange(int(prop.get("minimum", -(2**31))), int(prop.get("maximum", 2**31 - 1)))
            return spin
        if kind == "number":
            dspin = QDoubleSpinBox(self)
            dspin.setRange(float(prop.get("minimum", -1e12)), float(prop.get("maximum", 1e12)))
            return dspin
        if kind == "string":
            return QLineEdit(self)
        return None  # arrays, objects and unions have their own dialogs

    @staticmethod
    def _set_value(editor: QWidget, value: Any) -> None:
        value = getattr(value, "value", value)
        if isinstance(editor, QComboBox):
            i = editor.findData(value)
            if i < 0 and editor.isEditable() and value is not None:
                editor.setEditText(str(value))
            elif i >= 0:
                editor.setCurrentIndex(i)
        elif isinstance(editor, QCheckBox):
            editor.setChecked(bool(value))
        elif isinstance(editor, QSpinBox):
            editor.setValue(int(value or 0))
        elif isinstance(editor, QDoubleSpinBox):
            editor.setValue(float(value or 0))
        elif isinstance(editor, QLineEdit):
            editor.setText("" if value is None else str(value))
            editor.setCursorPosition(0)  # a long URL shows how it begins, not "ps://app.…/v1"

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, editor in self.editors.items():
            if isinstance(editor, QComboBox):
                data = editor.currentData()
                text = editor.currentText().strip()
                out[name] = (
                    text
                    if editor.isEditable()
                    and (data is None or editor.itemText(editor.currentIndex()) != text)
                    else data
                )
            elif isinstance(editor, QCheckBox):
                out[name] = editor.isChecked()
            elif isinstance(editor, QSpinBox | QDoubleSpinBox):
                out[name] = editor.value()
            elif isinstance(editor, QLineEdit):
                out[name] = editor.text().strip()
        return out
