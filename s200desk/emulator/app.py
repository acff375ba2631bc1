"""The ASGI application: routes, JSON errors, fault injection, X-RateLimit headers, a tally."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from . import routes_admin, routes_api, routes_media_host
from .engine import Emulator
from .errors import ApiError, error_response
from .faults import PUBLIC_PREFIXES, FaultMiddleware
from .local_guard import LocalOnly
from .rules import rate_limit_headers
from .tally import TallyMiddleware

log = logging.getLogger(__name__)


async def _api_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return exc.response()


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
    return error_response(exc.status_code, code, str(exc.detail))


async def _crash(request: Request, exc: Exception) -> JSONResponse:
    log.exception("emulator bug while handling %s %s", request.method, request.url.path)
    return error_response(500, "internal_error", f"Internal server error ({type(exc).__name__})")


class RateLimitHeaders:
    """Runs due work first, then stamps X-RateLimit-* on every public response."""

    def __init__(self, app: ASGIApp, emu: Emulator) -> None:
        self.app = app
        self.emu = emu

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(PUBLIC_PREFIXES):
            await self.app(scope, receive, send)
            return
        self.emu.publish_due()
        state: dict[str, Any] = scope.setdefault("state", {})

        async def stamped(message: Message) -> None:
            if message["type"] == "http.response.start":
                try:
                    extra = rate_limit_headers(
                        self.emu, state.get("account_id"), state.get("platform")
                    )
                except Exception:  # never let the headers break a response
                    log.exception("could not compute rate-limit headers")
                    extra = {}
                headers = [
                    (k, v) for k, v in message.get("headers", [])
                    if not k.lower().startswith(b"x-ratelimit-")
                ]
                headers += [(k.lower().encode(), v.encode()) for k, v in extra.items()]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, stamped)


def build_app(emu: Emulator, media_dir: Path) -> ASGIApp:
    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        app.state.http = None  # made on the first download: building its TLS context is slow
        yield
        if app.state.http is not None:
            await app.state.http.aclose()

    starlette = Starlette(
        routes=[*routes_api.ROUTES, *routes_admin.ROUTES, *routes_media_host.ROUTES],
        exception_handlers={
            ApiError: _api_error,
            HTTPException: _http_error,
            Exception: _crash,
        },
        lifespan=lifespan,
    )
    starlette.state.emu = emu
    starlette.state.media_dir = media_dir
    faulty = FaultMiddleware(starlette, emu.faults, emu.dice)
    return LocalOnly(TallyMiddleware(RateLimitHeaders(faulty, emu), emu.tally))
