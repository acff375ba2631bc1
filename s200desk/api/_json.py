"""Reading a response body as JSON without letting a hostile body crash the caller.

``json.loads`` recurses once per level, so a body of 200,000 ``[`` raises ``RecursionError``, which
is no ``ValueError`` and slips past every "not JSON" handler. A body a little shallower than the
interpreter's limit decodes, then fails the same way wherever it is walked again (pydantic, the
store's own ``json.dumps``). The API's answers nest a handful of levels, so anything deeper than
``MAX_DEPTH`` is refused here, once, as not being an answer at all.
"""

from __future__ import annotations

import json
from typing import Any

MAX_DEPTH = 64


class TooDeeplyNested(ValueError):
    """The body is JSON-ish but nested deeper than any answer of the API."""


def decode_json(content: bytes) -> Any:
    """The decoded body; ``ValueError`` when it is not JSON or nested deeper than ``MAX_DEPTH``."""
    try:
        data = json.loads(content)
    except RecursionError:
        raise TooDeeplyNested(f"nested deeper than {MAX_DEPTH} levels") from None
    if nesting_exceeds(data, MAX_DEPTH):
        raise TooDeeplyNested(f"nested deeper than {MAX_DEPTH} levels")
    return data


def nesting_exceeds(value: Any, limit: int) -> bool:
    """Whether lists/objects inside ``value`` go more than ``limit`` levels deep (no recursion)."""
    stack: list[tuple[Any, int]] = [(value, 1)] if isinstance(value, dict | list) else []
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item
        if depth > limit:
            return True
        stack.extend((c, depth + 1) for c in children if isinstance(c, dict | list))
    return False
