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
PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")


@pytest.fixture(autouse=True)
def no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


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


@pytest.mark.parametrize("variable", ["HTTPS_PROXY", "http_proxy", "ALL_PROXY"])
async def test_a_proxy_in_the_environment_keeps_httpx_default_client(
    variable: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # httpx mounts environment proxies only around its own default transport.
    monkeypatch.setenv(variable, "http://proxy.invalid:3128")
    client = AsyncStatus200Client(api_key=KEY, base_url="https://api.invalid/functions/v1")
    assert type(client._http._transport) is httpx.AsyncHTTPTransport
    assert client._http._mounts  # the proxy is mounted, as without this module
    await client.close()
    with Status200Client(api_key=KEY, base_url="https://api.invalid/functions/v1") as sync:
        assert type(sync._http._transport) is httpx.HTTPTransport
        assert sync._http._mounts


async def test_no_proxy_means_no_mounts_either_way() -> None:
    client = AsyncStatus200Client(api_key=KEY, base_url="https://api.invalid/functions/v1")
    assert isinstance(client._http._transport, LazyTLSAsyncTransport)
    assert not client._http._mounts
    assert not httpx.AsyncClient()._mounts  # what httpx itself would have mounted
    await client.close()
