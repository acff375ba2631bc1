"""Media ingest: download the URL, sniff the bytes, enforce the size limits without buffering."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

import filetype
import httpx

from .catalog import IMAGE_TYPES, MAX_IMAGE_BYTES, MAX_VIDEO_BYTES, VIDEO_TYPES
from .errors import ApiError
from .samples import EXAMPLE_HOSTS, sample_for

SNIFF_BYTES = 512
MB = 1024 * 1024


@dataclass(frozen=True)
class Ingested:
    file_id: str
    size: int
    type: str


def _limit_for(mime: str) -> int:
    return MAX_IMAGE_BYTES if mime in IMAGE_TYPES else MAX_VIDEO_BYTES


def _sniff(head: bytes) -> str:
    mime = filetype.guess_mime(head)
    if mime not in IMAGE_TYPES + VIDEO_TYPES:
        found = mime or "unknown"
        raise ApiError(
            400, "unsupported_media_type",
            f"Unsupported file format ({found}); use JPG, PNG, WebP, MP4, MOV or WebM",
        )
    return mime


def _too_large(mime: str) -> ApiError:
    kind, limit = ("Image", 20) if mime in IMAGE_TYPES else ("Video", 250)
    return ApiError(413, "file_too_large", f"File exceeds maximum size limit ({kind}: {limit} MB)")


def check_url(url: object) -> str:
    if not isinstance(url, str) or not url.strip():
        raise ApiError(400, "missing_url", "Missing required field: url")
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ApiError(400, "invalid_url", "Invalid URL: must be an absolute http(s) URL")
    return url.strip()


async def ingest(url: object, http: httpx.AsyncClient) -> Ingested:
    """Fetch `url` and return what was stored; raises ApiError 400/413/422."""
    url = check_url(url)
    parts = urlsplit(url)
    if (parts.hostname or "").lower() in EXAMPLE_HOSTS:
        sample = sample_for(parts.path)
        if sample is None:
            raise ApiError(
                422, "download_failed", "File could not be downloaded from the provided URL (404)"
            )
        body = sample[0]
        return Ingested(str(uuid.uuid4()), len(body), _sniff(body[:SNIFF_BYTES]))
    try:
        async with http.stream("GET", url) as resp:
            if resp.status_code >= 400:
                raise ApiError(
                    422, "download_failed",
                    f"File could not be downloaded from the provided URL ({resp.status_code})",
                )
            head = b""
            size = 0
            mime: str | None = None
            declared = resp.headers.get("content-length")
            async for chunk in resp.aiter_bytes():
                size += len(chunk)
                if mime is None:
                    head += chunk
                    if len(head) < SNIFF_BYTES:
                        continue
                    mime = _sniff(head)
                    if declared and declared.isdigit() and int(declared) > _limit_for(mime):
                        raise _too_large(mime)
                if size > _limit_for(mime):
                    raise _too_large(mime)
            if mime is None:
                if not head:
                    raise ApiError(422, "download_failed", "The URL returned an empty file")
                mime = _sniff(head)
                if size > _limit_for(mime):
                    raise _too_large(mime)
    except httpx.HTTPError as exc:
        raise ApiError(
            422, "download_failed",
            f"File could not be downloaded from the provided URL ({type(exc).__name__})",
        ) from exc
    return Ingested(str(uuid.uuid4()), size, mime)
