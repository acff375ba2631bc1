"""Admin endpoints for tests and demos under `/__admin/` (no auth, never faulted)."""

from __future__ import annotations

import math
import secrets
from datetime import datetime, timedelta
from typing import Any

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from .catalog import PLAN_CAPS, PLATFORMS
from .clock import advance_clock
from .engine import Emulator
from .errors import ApiError
from .history import grid, published_post, readings_at
from .json_body import json_body
from .posts import post_json
from .seed import bulk_posts as seed_bulk_posts
from .timefmt import iso, parse_timestamp
from .webhooks import EVENT_TYPES, delivery_json


def _emu(request: Request) -> Emulator:
    emu: Emulator = request.app.state.emu
    return emu


async def _body(request: Request) -> dict[str, Any]:
    body = await json_body(request, "Request body must be a JSON object")
    if not isinstance(body, dict):
        raise ApiError(400, "invalid_json", "Request body must be a JSON object")
    return body


async def faults(request: Request) -> JSONResponse:
    emu = _emu(request)
    if request.method == "POST":
        try:
            emu.faults.update(**await _body(request))
        except (ValueError, TypeError) as exc:
            raise ApiError(400, "invalid_faults", str(exc)) from exc
    return JSONResponse(emu.faults.as_json())


async def requests_seen(request: Request) -> JSONResponse:
    """Public requests so far by method, route, platform and status; DELETE starts afresh."""
    tally = _emu(request).tally
    if request.method == "DELETE":
        tally.clear()
    return JSONResponse({"requests": tally.as_json()})


async def clock(request: Request) -> JSONResponse:
    return JSONResponse({"now": iso(_emu(request).now())})


async def clock_advance(request: Request) -> JSONResponse:
    emu = _emu(request)
    body = await _body(request)
    try:
        seconds = float(body.get("seconds", 0))
    except (TypeError, ValueError) as exc:
        raise ApiError(400, "invalid_seconds", "seconds must be a number") from exc
    try:
        advance_clock(emu.clock, timedelta(seconds=seconds))
    except TypeError as exc:
        raise ApiError(400, "clock_fixed", str(exc)) from exc
    await anyio.to_thread.run_sync(emu.run_due)  # webhook deliveries block: keep them off the loop
    return JSONResponse({"now": iso(emu.now())})


async def clock_set(request: Request) -> JSONResponse:
    emu = _emu(request)
    body = await _body(request)
    setter = getattr(emu.clock, "set", None)
    if setter is None:
        raise ApiError(400, "clock_fixed", "this clock cannot be set")
    try:
        setter(parse_timestamp(body.get("now", "")))
    except (TypeError, ValueError) as exc:
        raise ApiError(400, "invalid_time", "now must be an ISO 8601 timestamp") from exc
    await anyio.to_thread.run_sync(emu.run_due)
    return JSONResponse({"now": iso(emu.now())})


async def all_posts(request: Request) -> JSONResponse:
    emu = _emu(request)
    rows, total = emu.state.list_posts(None, None, None, 1_000_000, 0)
    return JSONResponse({
        "posts": [{**post_json(r, detailed=True), "owner": r["account_id"], "via": r["via"]}
                  for r in rows],
        "total": total,
    })


async def new_key(request: Request) -> JSONResponse:
    emu = _emu(request)
    key = "rl_" + secrets.token_hex(16)
    emu.state.add_key(key, emu.primary_account)
    return JSONResponse({"api_key": key}, status_code=201)


async def revoke_key(request: Request) -> JSONResponse:
    if not _emu(request).state.revoke_key(request.path_params["key"]):
        raise ApiError(404, "not_found", "No such active key")
    return JSONResponse({"success": True})


async def webhooks(request: Request) -> JSONResponse:
    emu = _emu(request)
    if request.method == "GET":
        return JSONResponse({"webhooks": [
            {k: v for k, v in h.items() if k != "secret"} for h in emu.state.webhooks()
        ]})
    body = await _body(request)
    url, secret = body.get("url"), body.get("secret", "")
    events = body.get("events") or list(EVENT_TYPES)
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        raise ApiError(400, "invalid_url", "url must be an http(s) URL")
    if not isinstance(secret, str):
        raise ApiError(400, "invalid_secret", "secret must be a string")
    if not isinstance(events, list) or any(e not in EVENT_TYPES for e in events):
        raise ApiError(400, "invalid_events", f"events must be a list of {', '.join(EVENT_TYPES)}")
    account_id = None
    if body.get("api_key"):
        account_id = emu.state.account_for_key(str(body["api_key"]))
        if account_id is None:
            raise ApiError(400, "invalid_api_key", "api_key is not an active key")
    webhook_id = emu.webhooks.add_endpoint(url, secret, events, account_id)
    return JSONResponse({"id": webhook_id, "url": url, "events": events}, status_code=201)


async def deliveries(request: Request) -> JSONResponse:
    return JSONResponse(
        {"deliveries": [delivery_json(d) for d in _emu(request).state.deliveries()]}
    )


def _find_profile(emu: Emulator, body: dict[str, Any]) -> tuple[str, str, str]:
    handle, platform = body.get("account_id"), body.get("platform")
    if not isinstance(handle, str) or platform not in PLATFORMS:
        raise ApiError(400, "missing_fields", "account_id and a valid platform are required")
    account_id = emu.state.account_for_key(str(body["api_key"])) if body.get("api_key") else None
    if account_id is None:
        primary = emu.state.profile(emu.primary_account, handle, str(platform))
        found = primary or emu.state.profile_anywhere(handle, str(platform))
        if found is None:
            raise ApiError(404, "not_found", f"No profile {handle} on {platform}")
        account_id = found["account_id"]
    return account_id, handle, str(platform)


async def disconnect_profile(request: Request) -> JSONResponse:
    emu = _emu(request)
    body = await _body(request)
    account_id, handle, platform = _find_profile(emu, body)
    reason = str(body.get("reason") or "token_expired")
    name = PLATFORMS[platform].name
    message = str(body.get("message") or f"{name} access token has expired. Please reconnect.")
    if not emu.state.set_profile_status(account_id, handle, platform, "disconnected"):
        raise ApiError(404, "not_found", f"No profile {handle} on {platform}")
    emu.webhooks.emit("profile.disconnected", account_id, {
        "account_id": handle, "platform": platform, "reason": reason, "message": message,
    })
    return JSONResponse({"success": True})


async def reconnect_profile(request: Request) -> JSONResponse:
    emu = _emu(request)
    account_id, handle, platform = _find_profile(emu, await _body(request))
    emu.state.set_profile_status(account_id, handle, platform, "active")
    return JSONResponse({"success": True})


async def plan(request: Request) -> JSONResponse:
    emu = _emu(request)
    if request.method == "POST":
        name = (await _body(request)).get("plan")
        if name not in PLAN_CAPS:
            raise ApiError(400, "invalid_plan", f"plan must be one of {', '.join(PLAN_CAPS)}")
        emu.state.set_plan_everywhere(str(name))
    account = emu.state.account(emu.primary_account)
    return JSONResponse({"plan": account["plan"] if account else None})


MAX_BULK_POSTS = 500_000


async def bulk_posts(request: Request) -> JSONResponse:
    """Add `count` posts of history to the main account: scale benchmarks in seconds."""
    emu = _emu(request)
    count = (await _body(request)).get("count")
    if not isinstance(count, int) or isinstance(count, bool) or not 0 < count <= MAX_BULK_POSTS:
        raise ApiError(400, "invalid_count", f"count must be an integer 1..{MAX_BULK_POSTS}")
    added = await anyio.to_thread.run_sync(
        seed_bulk_posts, emu.state, emu.primary_account, count, emu.now()
    )
    return JSONResponse({"added": added}, status_code=201)


def _time_param(request: Request, name: str, default: datetime) -> datetime:
    text = request.query_params.get(name)
    if not text:
        return default
    try:
        return parse_timestamp(text)
    except ValueError as exc:
        raise ApiError(400, "invalid_time", f"{name} must be an ISO 8601 timestamp") from exc


async def analytics_history(request: Request) -> JSONResponse:
    """A published post's `poll-engagement` answers at `since`, `since + step`, … up to `until`
    (default: now; never past it): the seeded history demo mode starts with."""
    emu = _emu(request)
    post_id = request.query_params.get("post_id")
    if not post_id:
        raise ApiError(400, "missing_fields", "Missing required parameter: post_id")
    row, published_at = published_post(emu.state, post_id)
    now = emu.now()
    since = _time_param(request, "since", published_at)
    until = min(_time_param(request, "until", now), now)
    try:
        step_minutes = float(request.query_params.get("step_minutes") or 15)
    except ValueError as exc:
        raise ApiError(400, "invalid_step", "step_minutes must be a number") from exc
    try:
        if not math.isfinite(step_minutes):
            raise OverflowError(step_minutes)
        step = timedelta(minutes=step_minutes)
    except OverflowError as exc:
        raise ApiError(400, "invalid_step", "step_minutes is out of range") from exc
    instants = grid(since, until, step)
    readings = await anyio.to_thread.run_sync(readings_at, emu.state, post_id, instants, now)
    return JSONResponse({
        "post_id": post_id, "platform": row["platform"], "published_at": iso(published_at),
        "now": iso(now), "step_minutes": step_minutes, "readings": readings,
    })


ROUTES = [
    Route("/__admin/faults", faults, methods=["GET", "POST"]),
    Route("/__admin/requests", requests_seen, methods=["GET", "DELETE"]),
    Route("/__admin/clock", clock, methods=["GET"]),
    Route("/__admin/clock/advance", clock_advance, methods=["POST"]),
    Route("/__admin/clock/set", clock_set, methods=["POST"]),
    Route("/__admin/posts", all_posts, methods=["GET"]),
    Route("/__admin/posts/bulk", bulk_posts, methods=["POST"]),
    Route("/__admin/analytics/history", analytics_history, methods=["GET"]),
    Route("/__admin/keys", new_key, methods=["POST"]),
    Route("/__admin/keys/{key}", revoke_key, methods=["DELETE"]),
    Route("/__admin/webhooks", webhooks, methods=["GET", "POST"]),
    Route("/__admin/webhooks/deliveries", deliveries, methods=["GET"]),
    Route("/__admin/profiles/disconnect", disconnect_profile, methods=["POST"]),
    Route("/__admin/profiles/reconnect", reconnect_profile, methods=["POST"]),
    Route("/__admin/plan", plan, methods=["GET", "POST"]),
]
