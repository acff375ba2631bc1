"""A tiny media host for demo mode: PUT a file, GET it back by name (streamed, on disk)."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import anyio
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from .catalog import MAX_IMAGE_BYTES, MAX_VIDEO_BYTES
from .errors import ApiError

# The largest file the API ingests (a 250 MB video): nothing bigger is worth hosting.
MAX_MEDIA_BYTES = max(MAX_IMAGE_BYTES, MAX_VIDEO_BYTES)
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$")


def _path(request: Request) -> Path:
    name = request.path_params["name"]
    if not _NAME.match(name):
        raise ApiError(400, "invalid_name", "Media names use letters, digits, '.', '_' and '-'")
    media_dir: Path = request.app.state.media_dir
    return media_dir / name


def _too_large() -> ApiError:
    return ApiError(
        413, "file_too_large",
        f"File exceeds maximum size limit ({MAX_MEDIA_BYTES // (1024 * 1024)} MB)",
    )  # fmt: skip


async def put_media(request: Request) -> JSONResponse:
    path = _path(request)
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_MEDIA_BYTES:
        raise _too_large()
    # A fresh, exclusively created file (never one planted under a fixed name), renamed when
    # complete. Its leading dot keeps it out of reach of GET, whose names start alphanumeric.
    fd, partial = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".part")
    size = 0
    try:
        async with await anyio.open_file(fd, "wb") as out:
            async for chunk in request.stream():
                size += len(chunk)
                if size > MAX_MEDIA_BYTES:
                    raise _too_large()
                await out.write(chunk)
        os.replace(partial, path)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
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
