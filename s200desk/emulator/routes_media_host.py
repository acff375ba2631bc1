"""A tiny media host for demo mode: PUT a file, GET it back by name (streamed, on disk)."""

from __future__ import annotations

import re
from pathlib import Path

import anyio
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from .errors import ApiError

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$")


def _path(request: Request) -> Path:
    name = request.path_params["name"]
    if not _NAME.match(name):
        raise ApiError(400, "invalid_name", "Media names use letters, digits, '.', '_' and '-'")
    media_dir: Path = request.app.state.media_dir
    return media_dir / name


async def put_media(request: Request) -> JSONResponse:
    path = _path(request)
    partial = path.with_name(path.name + ".part")
    size = 0
    async with await anyio.open_file(partial, "wb") as out:
        async for chunk in request.stream():
            size += len(chunk)
            await out.write(chunk)
    partial.replace(path)
    url = str(request.url_for("get_media", name=path.name))
    return JSONResponse({"name": path.name, "size": size, "url": url}, status_code=201)


async def get_media(request: Request) -> Response:
    path = _path(request)
    if not path.is_file():
        raise ApiError(404, "not_found", "No such media file")
    import filetype  # on first use: only demo uploads ever read a file back

    with path.open("rb") as fh:
        mime = filetype.guess_mime(fh.read(512)) or "application/octet-stream"
    return FileResponse(path, media_type=mime)


ROUTES = [
    Route("/__media/{name}", put_media, methods=["PUT"]),
    Route("/__media/{name}", get_media, methods=["GET", "HEAD"], name="get_media"),
]
