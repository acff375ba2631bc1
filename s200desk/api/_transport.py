"""httpx's default transport, minus the TLS set-up that a plain-http server never needs.

httpx builds an SSL context (reading certifi's ~150 KB CA bundle: 20-40 ms of CPU) whenever a
client is made, even when every request goes to `http://127.0.0.1` (demo mode, the emulator in
tests). These transports send `http://` requests through a pool that has no use for TLS and make
the usual verifying transport, with the same settings as httpx's own default, on the first
`https://` request, so an https request is verified exactly as before.

httpx mounts the environment's proxies (HTTP_PROXY, ...) only around its own default transport,
so `async_client`/`sync_client` use these transports only when the environment names no proxy;
otherwise they make the client exactly as before.
"""

from __future__ import annotations

import ssl
import threading
from typing import Any
from urllib.request import getproxies

import httpx

# Handed to the http-only pool so httpx does not build a verifying context for it. That pool
# never opens a TLS connection (https requests go to the other transport), so this context is
# never used; it verifies anyway (PROTOCOL_TLS_CLIENT: hostname check and CERT_REQUIRED).
_UNUSED_TLS = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


class LazyTLSAsyncTransport(httpx.AsyncBaseTransport):
    """`httpx.AsyncHTTPTransport(**options)` whose TLS context is made on first https use."""

    def __init__(self, **options: Any) -> None:
        self._options = options
        # Made now, in whichever thread makes the client (that imports httpcore), not on the
        # event loop's first request; it costs nothing else.
        self._plain = httpx.AsyncHTTPTransport(**{**options, "verify": _UNUSED_TLS})
        self._tls: httpx.AsyncHTTPTransport | None = None

    def _for(self, url: httpx.URL) -> httpx.AsyncHTTPTransport:
        if url.scheme == "http":
            return self._plain
        # No await between the check and the assignment: one event loop cannot race itself.
        if self._tls is None:
            self._tls = httpx.AsyncHTTPTransport(**self._options)
        return self._tls

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self._for(request.url).handle_async_request(request)

    async def aclose(self) -> None:
        await self._plain.aclose()
        if self._tls is not None:
            await self._tls.aclose()


class LazyTLSTransport(httpx.BaseTransport):
    """`httpx.HTTPTransport(**options)` whose TLS context is made on first https use."""

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._plain = httpx.HTTPTransport(**{**options, "verify": _UNUSED_TLS})
        self._tls: httpx.HTTPTransport | None = None
        self._lock = threading.Lock()  # a blocking client may be shared between threads

    def _for(self, url: httpx.URL) -> httpx.HTTPTransport:
        if url.scheme == "http":
            return self._plain
        with self._lock:
            if self._tls is None:
                self._tls = httpx.HTTPTransport(**self._options)
            return self._tls

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._for(request.url).handle_request(request)

    def close(self) -> None:
        self._plain.close()
        with self._lock:
            tls = self._tls
        if tls is not None:
            tls.close()


def async_client(timeout: httpx.Timeout) -> httpx.AsyncClient:
    """`httpx.AsyncClient(timeout=timeout)`, with the TLS context made on first https use."""
    if getproxies():
        return httpx.AsyncClient(timeout=timeout)
    return httpx.AsyncClient(timeout=timeout, transport=LazyTLSAsyncTransport())


def sync_client(timeout: httpx.Timeout) -> httpx.Client:
    """`httpx.Client(timeout=timeout)`, with the TLS context made on first https use."""
    if getproxies():
        return httpx.Client(timeout=timeout)
    return httpx.Client(timeout=timeout, transport=LazyTLSTransport())
