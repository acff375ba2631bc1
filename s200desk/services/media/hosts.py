"""Where a local file goes to get a public URL: an S3-compatible bucket, or the emulator.

Both hosts stream the file from disk in 1 MB reads with an explicit Content-Length (S3 refuses
chunked PUTs), so memory stays flat whatever the file size; ``progress(sent, total)`` is called as
bytes leave, and cancelling the task stops the transfer at the next read. PUT to a fixed key is
idempotent, which is what lets an interrupted upload simply be sent again after a restart.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncGenerator, Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol
from urllib.parse import quote, urlsplit

import httpx

from s200desk.services.media.sigv4 import presign_url

Progress = Callable[[int, int], None]
CHUNK = 1024 * 1024
PRESIGN_SECONDS = 3600

_PRESIGN_PARAM = re.compile(r"(X-Amz-(?:Signature|Credential|Security-Token)=)[^&\s\"']+")


def redact_presigned(text: str) -> str:
    """A presigned URL is a write permit for an hour: never let one reach the log."""
    return _PRESIGN_PARAM.sub(r"\1[REDACTED]", text) if "X-Amz-" in text else text


class _PresignedUrlFilter(logging.Filter):
    """httpx logs every request URL at INFO; presigned ones are redacted on their way out."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:
            return True
        if "X-Amz-" in message:
            record.msg = redact_presigned(message)
            record.args = None
        return True


def _guard_http_logs() -> None:
    for name in ("httpx", "httpcore"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, _PresignedUrlFilter) for f in logger.filters):
            logger.addFilter(_PresignedUrlFilter())


_guard_http_logs()


class HostError(Exception):
    """The media host did not take the file; ``reason`` is for the user.

    ``retryable`` is True when trying again later may work (network, 5xx), False when the
    settings or credentials must change first.
    """

    def __init__(self, reason: str, *, retryable: bool, code: str = "host") -> None:
        super().__init__(reason)
        self.reason = reason
        self.retryable = retryable
        self.code = code


class HostNotConfigured(HostError):
    def __init__(self) -> None:
        super().__init__(
            "Local files need a media host to get a public URL. Set up an S3-compatible bucket "
            "in Settings › Media hosting, or drop a public web address of the file instead.",
            retryable=False,
            code="no_host",
        )


class MediaHost(Protocol):
    """Uploads one local file under ``key`` and answers its public URL."""

    name: str

    async def put(
        self, path: Path, key: str, *, content_type: str, size: int, progress: Progress | None
    ) -> str: ...


async def file_chunks(
    path: Path, size: int, progress: Progress | None, chunk: int | None = None
) -> AsyncGenerator[bytes, None]:
    """The file's bytes, read off the event loop, ``chunk`` at a time; reports progress."""
    chunk = chunk or CHUNK
    sent = 0
    fh = await asyncio.to_thread(path.open, "rb")
    try:
        while sent < size:
            block = await asyncio.to_thread(fh.read, min(chunk, size - sent))
            if not block:
                raise HostError(
                    f"“{path.name}” got shorter while it was being uploaded; try again.",
                    retryable=True, code="file_changed",
                )  # fmt: skip
            sent += len(block)
            yield block
            if progress is not None:
                progress(sent, size)
    finally:
        await asyncio.to_thread(fh.close)


async def _stream_put(
    http: httpx.AsyncClient,
    url: str,
    path: Path,
    *,
    size: int,
    headers: dict[str, str],
    progress: Progress | None,
    host_label: str,
) -> httpx.Response:
    body = file_chunks(path, size, progress)
    try:
        return await http.put(
            url, content=body, headers={**headers, "Content-Length": str(size)},
            timeout=httpx.Timeout(60.0, connect=15.0),
        )  # fmt: skip
    except httpx.TimeoutException as exc:
        raise HostError(
            f"The media host ({host_label}) stopped answering; the upload will be tried again.",
            retryable=True, code="timeout",
        ) from exc  # fmt: skip
    except httpx.TransportError as exc:
        raise HostError(
            f"The media host ({host_label}) cannot be reached ({type(exc).__name__}); "
            "the upload will be tried again.",
            retryable=True, code="connection",
        ) from exc  # fmt: skip
    finally:
        await body.aclose()


def _s3_error(resp: httpx.Response) -> tuple[str, str]:
    text = resp.text[:2000]
    code = re.search(r"<Code>([^<]*)</Code>", text)
    message = re.search(r"<Message>([^<]*)</Message>", text)
    return (code.group(1) if code else str(resp.status_code)), (message.group(1) if message else "")


# --------------------------------------------------------------------------- S3


@dataclass(frozen=True)
class S3Credentials:
    access_key: str
    secret_key: str
    session_token: str | None = None

    def __repr__(self) -> str:  # never show the secret
        return f"S3Credentials(access_key={self.access_key[:4]}…, secret_key=***)"


class S3Host:
    """An S3-compatible bucket (AWS S3, Cloudflare R2, MinIO, Backblaze B2 …) by presigned PUT."""

    name = "s3"

    def __init__(
        self,
        *,
        endpoint_url: str,
        region: str,
        bucket: str,
        credentials: S3Credentials,
        http: httpx.AsyncClient,
        public_base_url: str = "",
        addressing_style: str = "auto",
        acl: str | None = None,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        self.endpoint_url = endpoint_url.rstrip("/")
        self.region = region or "us-east-1"
        self.bucket = bucket
        self.credentials = credentials
        self.http = http
        self.public_base_url = public_base_url.rstrip("/")
        self.acl = acl or None
        self._now = now
        host = (urlsplit(self.endpoint_url).hostname or "").lower()
        if addressing_style == "auto":
            addressing_style = "virtual" if host.endswith("amazonaws.com") else "path"
        self.addressing_style = addressing_style

    def object_url(self, key: str) -> str:
        parts = urlsplit(self.endpoint_url)
        quoted = quote(key, safe="/-_.~")
        if self.addressing_style == "virtual":
            return f"{parts.scheme}://{self.bucket}.{parts.netloc}/{quoted}"
        return f"{self.endpoint_url}/{self.bucket}/{quoted}"

    def public_url(self, key: str) -> str:
        if self.public_base_url:
            return f"{self.public_base_url}/{quote(key, safe='/-_.~')}"
        return self.object_url(key)

    def presigned_put(self, key: str, content_type: str) -> tuple[str, dict[str, str]]:
        """The presigned URL and the headers that must be sent with it (they are signed)."""
        signed: dict[str, str] = {}
        if self.acl:
            signed["x-amz-acl"] = self.acl
        url = presign_url(
            "PUT", self.object_url(key),
            access_key=self.credentials.access_key, secret_key=self.credentials.secret_key,
            session_token=self.credentials.session_token, region=self.region,
            expires=PRESIGN_SECONDS, headers=signed, now=self._now() if self._now else None,
        )  # fmt: skip
        # Content-Type is not signed: S3 stores it so browsers (and the API's fetch) see the type.
        return url, {**signed, "Content-Type": content_type}

    async def put(
        self, path: Path, key: str, *, content_type: str, size: int, progress: Progress | None
    ) -> str:
        url, headers = self.presigned_put(key, content_type)
        label = urlsplit(self.endpoint_url).netloc
        resp = await _stream_put(
            self.http, url, path, size=size, headers=headers, progress=progress, host_label=label
        )
        if resp.status_code >= 300:
            code, message = _s3_error(resp)
            retryable = resp.status_code >= 500 or resp.status_code in (408, 429)
            words = {
                "AccessDenied": "the access key may not write to this bucket",
                "SignatureDoesNotMatch": "the secret key does not match the access key",
                "InvalidAccessKeyId": "the access key is not known to the host",
                "NoSuchBucket": f"there is no bucket named “{self.bucket}”",
                "RequestTimeTooSkewed": "this computer's clock is off; correct it",
                "EntityTooLarge": "the host does not take files this large",
            }.get(code, message or f"HTTP {resp.status_code}")
            raise HostError(
                f"The media host refused the upload: {words} ({code}).",
                retryable=retryable, code=f"s3:{code}",
            )  # fmt: skip
        return self.public_url(key)


# --------------------------------------------------------------------------- the emulator

_NAME_OK = re.compile(r"[^A-Za-z0-9._-]")


class EmulatorHost:
    """Demo mode: the local emulator keeps the file (``PUT /__media/{name}``) and serves it."""

    name = "emulator"

    def __init__(self, site_url: str, http: httpx.AsyncClient) -> None:
        self.site_url = site_url.rstrip("/")
        self.http = http

    @staticmethod
    def safe_name(key: str) -> str:
        name = _NAME_OK.sub("-", key.replace("/", "-")).lstrip("._-") or "media"
        return name[:200]

    async def put(
        self, path: Path, key: str, *, content_type: str, size: int, progress: Progress | None
    ) -> str:
        name = self.safe_name(key)
        resp = await _stream_put(
            self.http, f"{self.site_url}/__media/{name}", path, size=size,
            headers={"Content-Type": content_type}, progress=progress, host_label="demo server",
        )  # fmt: skip
        if resp.status_code >= 300:
            raise HostError(
                f"The demo server refused the file (HTTP {resp.status_code}).",
                retryable=resp.status_code >= 500, code=f"emulator:{resp.status_code}",
            )  # fmt: skip
        try:
            return str(resp.json()["url"])
        except (ValueError, KeyError, TypeError, RecursionError) as exc:
            raise HostError(
                "The demo server answered the upload strangely.", retryable=True, code="malformed"
            ) from exc
