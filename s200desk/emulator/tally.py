"""Counts every public request by method, route, platform and the status answered.

Tests and benchmarks read it (``GET /__admin/requests``, ``EmulatorServer.request_count``) to
see how many requests a client really sent, e.g. creates that bounced off the cooldown (429)
next to those that went through. Injected faults count too: the tally wraps fault injection.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from typing import Any, NamedTuple

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .faults import PUBLIC_PREFIXES

# The one path parameter of the public API (a post id) is folded into its route.
_POST_ID = re.compile(r"^(/functions/v1/api-posts)/[^/]+$")


class RequestKey(NamedTuple):
    method: str
    route: str
    platform: str  # "" when the request named none or was refused before it was read
    status: int


class RequestTally:
    """A thread-safe Counter of ``RequestKey``s."""

    def __init__(self) -> None:
        self._counts: Counter[RequestKey] = Counter()
        self._lock = threading.Lock()

    def add(self, key: RequestKey) -> None:
        with self._lock:
            self._counts[key] += 1

    def count(
        self,
        method: str | None = None,
        route: str | None = None,
        platform: str | None = None,
        status: int | None = None,
    ) -> int:
        """How many requests matched every filter given."""
        with self._lock:
            items = list(self._counts.items())
        return sum(
            n for key, n in items
            if (method is None or key.method == method)
            and (route is None or key.route == route)
            and (platform is None or key.platform == platform)
            and (status is None or key.status == status)
        )  # fmt: skip

    def as_json(self) -> list[dict[str, Any]]:
        with self._lock:
            items = sorted(self._counts.items())
        return [{**key._asdict(), "count": n} for key, n in items]

    def clear(self) -> None:
        with self._lock:
            self._counts.clear()


def route_of(path: str) -> str:
    return _POST_ID.sub(r"\1/{post_id}", path)


class TallyMiddleware:
    """Outermost: sees every public request and the status that went back (even a fault's)."""

    def __init__(self, app: ASGIApp, tally: RequestTally) -> None:
        self.app = app
        self.tally = tally

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(PUBLIC_PREFIXES):
            await self.app(scope, receive, send)
            return
        counted = False

        def count(status: int) -> None:
            nonlocal counted
            counted = True
            state: dict[str, Any] = scope.get("state") or {}
            platform = state.get("platform")
            self.tally.add(RequestKey(
                scope["method"], route_of(scope["path"]),
                platform if isinstance(platform, str) else "", status,
            ))  # fmt: skip

        async def noted(message: Message) -> None:
            # Counted before the answer leaves: a client that has its answer always finds its
            # request in the tally (counted after, a test reading the tally at once could miss it).
            if message["type"] == "http.response.start" and not counted:
                count(int(message["status"]))
            await send(message)

        try:
            await self.app(scope, receive, noted)
        finally:
            if not counted:  # no answer started: the connection broke before one
                count(0)
