"""httpx's default transport, minus the TLS set-up that a plain-http server never needs.

httpx builds an SSL context (reading certifi's ~150 KB CA bundle: 20-40 ms of CPU) whenever a
client is made, even when every request goes to `http://127.0.0.1` (demo mode, the emulator in
tests). These transports send `http://` requests through a pool that has no use for TLS and make
the usual verifying transport, with the same settings as httpx's own default, on the first
`https://` request. Nothing else changes: proxies from the environment are still mounted by the
client around this transport, and an https request is verified exactly as before.
"""

from __future__ import annotations

import ssl
import threading
from typing import Any

import httpx

# Handed to the http-only pool so httpx does not build a verifying context for it. That pool
# never opens a TLS connection (https requests go to the other transport), so this context is
# never used; it verifies anyway (PROTOCOL_TLS_CLIENT: hostname check and CERT_REQUIRED).
_UNUSED_TLS = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


class LazyTLSAsyncTransport(httpx.AsyncBaseTransport):
    """`httpx.AsyncHTTPTransport(**options)` whose TLS context is made on first https use."""

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._plain: httpx.AsyncHTTPTransport | None = None
        self._tls: httpx.AsyncHTTPTransport | None = None

    def _for(self, url: httpx.URL) -> httpx.AsyncHTTPTransport:
        # No await between the check and the assignment: one event loop cannot race itself.
        if url.scheme == "http":
            if self._plain is None:
                self._plain = httpx.AsyncHTTPTransport(**{**self._options, "verify": _UNUSED_TLS})
            return self._plain
        if self._tls is None:
            self._tls = httpx.AsyncHTTPTransport(**self._options)
        return self._tls

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self._for(request.url).handle_async_request(request)

    async def aclose(self) -> None:
        for transport in (self._plain, self._tls):
            if transport is not None:
                await transport.aclose()


class LazyTLSTransport(httpx.BaseTransport):
    """`httpx.HTTPTransport(**options)` whose TLS context is made on first https use."""

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._plain: httpx.HTTPTransport | None = None
        self._tls: httpx.HTTPTransport | None = None
        self._lock = threading.Lock()  # a blocking client may be shared between threads

    def _for(self, url: httpx.URL) -> httpx.HTTPTransport:
        with self._lock:
            if url.scheme == "http":
                if self._plain is None:
                    self._plain = httpx.HTTPTransport(**{**self._options, "verify": _UNUSED_TLS})
                return self._plain
            if self._tls is None:
                self._tls = httpx.HTTPTransport(**self._options)
            return self._tls

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._for(request.url).handle_request(request)

    def close(self) -> None:
        with self._lock:
            transports = (self._plain, self._tls)
        for transport in transports:
            if transport is not None:
                transport.close()
