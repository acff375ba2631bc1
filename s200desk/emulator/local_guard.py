"""Only this computer's own programs may drive the admin and media routes.

They have no key, so a web page the user happens to have open must not reach them: not by DNS
rebinding (its requests then carry its own name in ``Host``), not by a cross-site form or fetch
(which carries an ``Origin`` and, for a form, a text/plain or urlencoded body). Bodies are capped
so no request can fill the memory or the disk. The emulator decides "this computer" on its own,
from the literal (127.0.0.0/8, ::1, localhost), without importing the app.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import error_response

ADMIN_PREFIX = "/__admin"
MEDIA_PREFIX = "/__media"
ADMIN_MAX_BODY = 64 * 1024  # admin bodies are a few fields of JSON


def is_loopback_name(host: str | None) -> bool:
    """``localhost`` or an IP literal in 127.0.0.0/8 or ::1; never a name that starts with 127."""
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _host_of(value: str, *, is_url: bool) -> str | None:
    try:
        return urlsplit(value if is_url else f"//{value}").hostname
    except ValueError:
        return None


def _is_json(content_type: str) -> bool:
    return content_type.split(";", 1)[0].strip().lower() == "application/json"


class LocalOnly:
    """Guards `/__admin` and `/__media`; every other path passes untouched."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        admin = path == ADMIN_PREFIX or path.startswith(ADMIN_PREFIX + "/")
        media = path == MEDIA_PREFIX or path.startswith(MEDIA_PREFIX + "/")
        if not (admin or media):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        if not is_loopback_name(_host_of(headers.get("host", ""), is_url=False)):
            await error_response(
                403, "forbidden_host",
                "This route answers only requests addressed to 127.0.0.1 or localhost",
            )(scope, receive, send)  # fmt: skip
            return
        origin = headers.get("origin")
        if origin is not None and not is_loopback_name(_host_of(origin, is_url=True)):
            await error_response(
                403, "forbidden_origin", "This route does not answer requests from web pages"
            )(scope, receive, send)
            return
        if admin:
            await self._admin(scope, receive, send, headers)
        else:
            await self.app(scope, receive, send)

    async def _admin(self, scope: Scope, receive: Receive, send: Send, headers: Headers) -> None:
        content_type = headers.get("content-type")
        if content_type is not None and not _is_json(content_type):
            await error_response(
                415, "unsupported_media_type", "Admin request bodies must be application/json"
            )(scope, receive, send)
            return
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > ADMIN_MAX_BODY:
            await _too_large(scope, receive, send)
            return
        body = bytearray()
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > ADMIN_MAX_BODY:
                await _too_large(scope, receive, send)
                return
        if body and content_type is None:
            await error_response(
                415, "unsupported_media_type", "Admin request bodies must be application/json"
            )(scope, receive, send)
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": bytes(body), "more_body": False}

        await self.app(scope, replay, send)


async def _too_large(scope: Scope, receive: Receive, send: Send) -> None:
    await error_response(
        413, "payload_too_large", f"Admin request bodies are at most {ADMIN_MAX_BODY // 1024} KB"
    )(scope, receive, send)
