"""The public API: the functions base (`/functions/v1`) and REST v2 (`/api/v2/posts`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from . import rules
from .auth import authenticate
from .catalog import PLATFORMS, POST_STATUSES, V2_PLATFORMS
from .engine import Emulator
from .errors import ApiError
from .json_body import json_body
from .posts import (
    PostRequest,
    check_media_fits,
    check_profile,
    created_json,
    lookup_media,
    parse_post_body,
    post_json,
    store_post,
)
from .timefmt import db_to_iso, from_db, iso_millis

if TYPE_CHECKING:
    import httpx

    from .media import Ingested


def _emu(request: Request) -> Emulator:
    emu: Emulator = request.app.state.emu
    return emu


async def _json_body(request: Request) -> Any:
    return await json_body(request, "Request body must be JSON")


def _http(request: Request) -> httpx.AsyncClient:
    """One download client per app, made on first use (its TLS context costs ~0.1 s)."""
    client: httpx.AsyncClient | None = request.app.state.http
    if client is None:
        import httpx

        client = httpx.AsyncClient(
            timeout=httpx.Timeout(15.0, connect=5.0), follow_redirects=True, trust_env=False
        )
        request.app.state.http = client
    return client


async def _ingest(request: Request, url: object) -> Ingested:
    # Imported on first use, like the client: media (filetype, the samples) serves only the
    # requests that bring a URL, and a start-up that only lists posts never makes one.
    from .media import ingest

    return await ingest(url, _http(request))


async def _ingest_urls(
    request: Request, emu: Emulator, account_id: str, urls: list[str]
) -> list[dict[str, Any]]:
    items = []
    for url in urls:
        got = await _ingest(request, url)
        emu.state.add_media(got.file_id, account_id, got.size, got.type, url, emu.now())
        items.append({"file_id": got.file_id, "type": got.type, "size": got.size})
    return items


async def _prepare(
    request: Request, only: tuple[str, ...] | None = None
) -> tuple[Emulator, str, PostRequest, list[dict[str, Any]]]:
    emu = _emu(request)
    account_id = authenticate(request, emu)
    body = await _json_body(request)
    req = parse_post_body(body, emu.now())
    request.state.platform = req.platform.id
    if only is not None and req.platform.id not in only:
        raise ApiError(
            400, "unsupported_platform",
            f"REST v2 publishes to {', '.join(only)}; post to {req.platform.id} "
            "through /functions/v1/api-posts",
        )
    check_profile(emu, account_id, req)
    media = lookup_media(emu, account_id, req.media_ids)
    if not req.media_urls:
        check_media_fits(req.platform, media)
    return emu, account_id, req, media


def _cap_refusal(emu: Emulator, account_id: str, req: PostRequest) -> ApiError:
    when = req.scheduled_for or emu.now()
    cap = rules.cap_of(emu, account_id)
    used = rules.used_on(emu, account_id, req.platform.id, when)
    on = "today" if req.scheduled_for is None else f"on {rules.utc_day(when)}"
    return ApiError(
        403, "daily_limit_reached",
        f"Daily post limit reached for {req.platform.id} ({used}/{cap} {on})",
        extra={"limit": cap, "used": used, "plan": rules.plan_of(emu, account_id)},
    )


async def create_post_legacy(request: Request) -> JSONResponse:
    emu, account_id, req, media = await _prepare(request)
    when = req.scheduled_for or emu.now()
    rules.check_cooldown(emu, account_id, req.platform.id)
    if not rules.has_room(emu, account_id, req.platform.id, when):
        raise _cap_refusal(emu, account_id, req)
    if req.media_urls:
        media = media + await _ingest_urls(request, emu, account_id, req.media_urls)
        check_media_fits(req.platform, media)
    with emu.state.lock:
        rules.check_cooldown(emu, account_id, req.platform.id)
        if not rules.has_room(emu, account_id, req.platform.id, when):
            raise _cap_refusal(emu, account_id, req)
        row = store_post(
            emu, account_id, req, media, scheduled_for=req.scheduled_for, via="functions"
        )
        rules.note_legacy_post(emu, account_id, req.platform.id)
    return JSONResponse(created_json(row))


async def create_post_v2(request: Request) -> JSONResponse:
    emu, account_id, req, media = await _prepare(request, only=V2_PLATFORMS)
    if req.media_urls:
        media = media + await _ingest_urls(request, emu, account_id, req.media_urls)
        check_media_fits(req.platform, media)
    when = req.scheduled_for or emu.now()
    with emu.state.lock:
        if rules.has_room(emu, account_id, req.platform.id, when):
            row = store_post(emu, account_id, req, media, scheduled_for=req.scheduled_for, via="v2")
            return JSONResponse(created_json(row))
        cap = rules.cap_of(emu, account_id)
        used = rules.used_on(emu, account_id, req.platform.id, when)
        if emu.dice.roll(emu.faults.queue_fail_rate):
            raise ApiError(
                500, "queue_failed", "Daily limit reached and the post could not be queued"
            )
        target = rules.next_day_with_room(emu, account_id, req.platform.id, when)
        row = store_post(emu, account_id, req, media, scheduled_for=target, via="v2-queue")
    on = "today" if req.scheduled_for is None else f"on {rules.utc_day(when)}"
    return JSONResponse({
        "queued": True,
        "code": "queued_for_next_day",
        "message": f"Daily post limit reached for {req.platform.id} ({used}/{cap} {on}). "
                   f"Post queued for {iso_millis(target)}.",
        "scheduled_post_id": row["id"],
        "scheduled_at": iso_millis(target),
        "limit": cap,
        "used": used,
        "plan": rules.plan_of(emu, account_id),
    }, status_code=202)


def _int_param(request: Request, name: str, default: int, low: int, high: int | None) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ApiError(400, "invalid_parameter", f"{name} must be a whole number") from exc
    if value < low:
        raise ApiError(400, "invalid_parameter", f"{name} must be at least {low}")
    return min(value, high) if high is not None else value


async def get_posts(request: Request) -> JSONResponse:
    emu = _emu(request)
    account_id = authenticate(request, emu)
    action = request.query_params.get("action")
    if action == "profiles":
        return JSONResponse({"profiles": [
            {
                "account_id": p["handle"], "platform": p["platform"],
                "display_name": p["display_name"], "status": p["status"],
                "connected_at": db_to_iso(p["connected_at"]),
            }
            for p in emu.state.profiles(account_id)
        ]})
    if action == "platforms":
        return JSONResponse({"platforms": [p.as_json() for p in PLATFORMS.values()]})
    if action is not None:
        raise ApiError(
            400, "invalid_action", f"Unknown action {action!r}; use profiles or platforms"
        )
    platform = request.query_params.get("platform") or None
    status = request.query_params.get("status") or None
    if platform is not None and platform not in PLATFORMS:
        raise ApiError(400, "invalid_platform", f"Invalid platform {platform!r}")
    request.state.platform = platform
    if status is not None and status not in POST_STATUSES:
        raise ApiError(400, "invalid_status", f"Invalid status {status!r}")
    limit = _int_param(request, "limit", 20, 1, 100)
    offset = _int_param(request, "offset", 0, 0, None)
    rows, total = emu.state.list_posts(account_id, platform, status, limit, offset)
    return JSONResponse({
        "posts": [post_json(r, detailed=False) for r in rows],
        "total": total, "limit": limit, "offset": offset,
    })


def _own_post(request: Request, emu: Emulator, account_id: str, post_id: str) -> dict[str, Any]:
    row = emu.state.post(post_id)
    if row is None or row["account_id"] != account_id:
        raise ApiError(404, "not_found", "Post not found")
    request.state.platform = row["platform"]
    return row


async def get_post(request: Request) -> JSONResponse:
    emu = _emu(request)
    account_id = authenticate(request, emu)
    row = _own_post(request, emu, account_id, request.path_params["post_id"])
    return JSONResponse(post_json(row, detailed=True))


async def cancel_post(request: Request) -> JSONResponse:
    emu = _emu(request)
    account_id = authenticate(request, emu)
    with emu.state.lock:
        row = _own_post(request, emu, account_id, request.path_params["post_id"])
        if row["status"] != "scheduled":
            raise ApiError(
                400, "not_cancellable",
                f"Post is {row['status']}, not scheduled, and cannot be cancelled",
            )
        emu.state.update_post(row["id"], status="cancelled")
    return JSONResponse({"success": True, "message": "Scheduled post cancelled"})


async def upload_media(request: Request) -> JSONResponse:
    emu = _emu(request)
    account_id = authenticate(request, emu)
    body = await _json_body(request)
    url = body.get("url") if isinstance(body, dict) else None
    got = await _ingest(request, url)
    emu.state.add_media(got.file_id, account_id, got.size, got.type, str(url), emu.now())
    return JSONResponse(
        {"success": True, "file_id": got.file_id, "size": got.size, "type": got.type}
    )


async def poll_engagement(request: Request) -> JSONResponse:
    from .analytics import analytics_json

    emu = _emu(request)
    account_id = authenticate(request, emu)
    post_id = request.query_params.get("post_id")
    if not post_id:
        raise ApiError(400, "missing_fields", "Missing required parameter: post_id")
    row = _own_post(request, emu, account_id, post_id)
    published_at = from_db(row["published_at"])
    if row["status"] != "published" or published_at is None:
        raise ApiError(404, "no_metrics", "No metrics available yet: the post is not published")
    return JSONResponse(analytics_json(row, published_at, emu.now()))


ROUTES = [
    Route("/functions/v1/api-posts", create_post_legacy, methods=["POST"]),
    Route("/functions/v1/api-posts", get_posts, methods=["GET"]),
    Route("/functions/v1/api-posts/{post_id}", get_post, methods=["GET"]),
    Route("/functions/v1/api-posts/{post_id}", cancel_post, methods=["DELETE"]),
    Route("/functions/v1/api-media-upload", upload_media, methods=["POST"]),
    Route("/functions/v1/poll-engagement", poll_engagement, methods=["GET"]),
    Route("/api/v2/posts", create_post_v2, methods=["POST"]),
]
