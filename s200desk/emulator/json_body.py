"""Request bodies as JSON: anything unreadable, however it fails, is the client's 400."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request

from .errors import ApiError

# The reference's bodies nest five levels at most; far deeper ones would fail later, wherever the
# body is walked again (storing it, answering with it), as a 500.
MAX_DEPTH = 64


async def json_body(request: Request, message: str = "Request body must be JSON") -> Any:
    """The decoded body; ApiError 400 ``invalid_json`` for bad JSON or absurd nesting."""
    raw = await request.body()
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as exc:  # RecursionError: thousands of nested brackets
        raise ApiError(400, "invalid_json", message) from exc
    if _deeper_than(data, MAX_DEPTH):
        raise ApiError(400, "invalid_json", f"{message} (nested at most {MAX_DEPTH} levels)")
    return data


def _deeper_than(value: Any, limit: int) -> bool:
    stack = [(value, 1)] if isinstance(value, dict | list) else []
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        children = item.values() if isinstance(item, dict) else item
        stack.extend((c, depth + 1) for c in children if isinstance(c, dict | list))
    return False
