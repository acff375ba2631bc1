"""A post's platform options as labelled fields, in the words of the composer's forms.

The labels are the titles of each platform's pydantic option model (the composer's option forms
are generated from the same JSON schema), so the detail pane, the command line and the composer
name an option the same way. Values: enums in words, booleans as Yes/No, lists comma-joined.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any


def words(value: Any) -> str:
    """An API value in words: ``PUBLIC_TO_EVERYONE`` -> "Public to everyone"."""
    text = str(value)
    if text.isupper():
        text = text.replace("_", " ").lower()
    else:  # mentionedUsers -> Mentioned users
        text = "".join(" " + c.lower() if c.isupper() else c for c in text).replace("_", " ")
    return text.strip().capitalize()


@cache
def _schema(platform: str) -> dict[str, Any]:
    # Imported on first use: the detail pane is on the first frame, the API models are not.
    from s200desk.api.types.platform_options import OPTIONS_BY_PLATFORM

    for key, model in OPTIONS_BY_PLATFORM.items():
        if getattr(key, "value", key) == platform:
            return model.model_json_schema(by_alias=True)
    return {}


def _field(schema: dict[str, Any], key: str) -> dict[str, Any]:
    raw = dict(schema.get("properties", {}).get(key) or {})
    for option in raw.get("anyOf", []):
        if option.get("type") != "null":
            raw = {**option, **{k: v for k, v in raw.items() if k != "anyOf"}}
    ref = raw.get("$ref")
    if ref:
        raw = {**schema.get("$defs", {}).get(ref.rsplit("/", 1)[-1], {}), **raw}
    return raw


def option_label(platform: str, key: str) -> str:
    """The composer's label for option ``key`` (wire spelling) of ``platform``."""
    schema = _schema(platform)
    return str(_field(schema, key).get("title") or words(key))


def option_value(platform: str, key: str, value: Any) -> str:
    field = _field(_schema(platform), key)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if "enum" in field:
        return words(value)
    return str(value)


def labelled_options(platform: str, options: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(label, value) of each option set, in the order of the composer's form."""
    schema = _schema(platform)
    order = list(schema.get("properties", {}))
    keys = sorted(options, key=lambda k: (order.index(k) if k in order else len(order), k))
    return [
        (option_label(platform, k), option_value(platform, k, options[k]))
        for k in keys
        if options[k] is not None
    ]
