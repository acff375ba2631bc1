"""The clients' default transport: plain http never builds a TLS context; https still verifies."""

from __future__ import annotations

import ssl
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from s200desk.api import AsyncStatus200Client, Status200Client
from s200desk.api._transport import LazyTLSAsyncTransport, LazyTLSTransport

KEY = "rl_unit_key"


class _Profiles(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b'{"profiles": []}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Profiles)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _verifying(ctx: ssl.SSLContext) -> bool:
    return (
        ctx.verify_mode == ssl.CERT_REQUIRED
        and ctx.check_hostname
        and ctx.cert_store_stats()["x509_ca"] > 0
    )


async def test_async_client_talks_plain_http_without_a_tls_transport(site: str) -> None:
    client = AsyncStatus200Client(api_key=KEY, base_url=f"{site}/functions/v1", site_url=site)
    transport = client._http._transport
    assert isinstance(transport, LazyTLSAsyncTransport)
    assert await client.profiles.list() == []
    assert transport._tls is None
    await client.close()


def test_sync_client_talks_plain_http_without_a_tls_transport(site: str) -> None:
    with Status200Client(api_key=KEY, base_url=f"{site}/functions/v1", site_url=site) as client:
        transport = client._http._transport
        assert isinstance(transport, LazyTLSTransport)
        assert client.profiles.list() == []
        assert transport._tls is None


async def test_https_gets_httpx_default_verifying_transport() -> None:
    transport = LazyTLSAsyncTransport()
    tls = transport._for(httpx.URL("https://example.com/"))
    assert transport._for(httpx.URL("https://example.org/x")) is tls
    assert _verifying(tls._pool._ssl_context)
    plain = transport._for(httpx.URL("http://127.0.0.1/"))
    assert plain is not tls
    await transport.aclose()


def test_sync_https_gets_httpx_default_verifying_transport() -> None:
    transport = LazyTLSTransport()
    tls = transport._for(httpx.URL("https://example.com/"))
    assert transport._for(httpx.URL("https://example.org/x")) is tls
    assert _verifying(tls._pool._ssl_context)
    assert transport._for(httpx.URL("http://127.0.0.1/")) is not tls
    transport.close()
