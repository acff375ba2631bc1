"""Bearer `rl_` API keys."""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.requests import Request

from .errors import ApiError

if TYPE_CHECKING:
    from .engine import Emulator


def authenticate(request: Request, emu: Emulator) -> str:
    """The account the request's key belongs to; 401 if missing, malformed or revoked."""
    header = request.headers.get("authorization", "")
    scheme, _, key = header.partition(" ")
    key = key.strip()
    if not header:
        raise ApiError(401, "missing_api_key", "Missing API key: send Authorization: Bearer rl_…")
    if scheme.lower() != "bearer" or not key.startswith("rl_"):
        raise ApiError(401, "invalid_api_key", "Invalid API key: expected Bearer rl_…")
    account_id = emu.state.account_for_key(key)
    if account_id is None:
        raise ApiError(401, "invalid_api_key", "Invalid or revoked API key")
    request.state.account_id = account_id
    return account_id
