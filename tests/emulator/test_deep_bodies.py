"""A request body nested absurdly deep is the client's mistake (400), never a 500 or a crash."""

from __future__ import annotations

import httpx
import pytest

from s200desk.emulator import EmulatorServer

from .conftest import post_body

DEEP = {
    "200k brackets": b"[" * 200_000 + b"]" * 200_000,
    "500 objects": b'{"a":' * 500 + b"1" + b"}" * 500,
}
# Admin bodies are capped at 64 KB (413 beyond), so theirs stay under it and still pass the limit.
ADMIN_DEEP = {
    "30k brackets": b"[" * 30_000 + b"]" * 30_000,
    "500 objects": DEEP["500 objects"],
}
JSON = {"Content-Type": "application/json"}


@pytest.mark.parametrize("body", DEEP.values(), ids=DEEP.keys())
@pytest.mark.parametrize(
    "path", ["/functions/v1/api-posts", "/functions/v1/api-media-upload", "/api/v2/posts"]
)
def test_public_routes_answer_400(emulator: EmulatorServer, path: str, body: bytes) -> None:
    answer = httpx.post(f"{emulator.site_url}{path}", content=body,
                        headers={**JSON, "Authorization": f"Bearer {emulator.api_key}"})
    assert answer.status_code == 400
    assert answer.json() == {
        "success": False, "code": "invalid_json", "error": answer.json()["error"]
    }


@pytest.mark.parametrize("body", ADMIN_DEEP.values(), ids=ADMIN_DEEP.keys())
@pytest.mark.parametrize("path", ["/__admin/faults", "/__admin/webhooks", "/__admin/plan"])
def test_admin_routes_answer_400(emulator: EmulatorServer, path: str, body: bytes) -> None:
    answer = httpx.post(f"{emulator.site_url}{path}", content=body, headers=JSON)
    assert (answer.status_code, answer.json()["code"]) == (400, "invalid_json")


def test_deep_platform_options_are_refused_and_nothing_is_stored(emulator: EmulatorServer) -> None:
    nested: object = "leaf"
    for _ in range(500):
        nested = {"n": nested}
    before = httpx.get(f"{emulator.site_url}/__admin/posts").json()["total"]
    body = post_body(platform="x", x={"options": nested})
    answer = httpx.post(f"{emulator.base_url}/api-posts", json=body,
                        headers={"Authorization": f"Bearer {emulator.api_key}"})
    assert answer.status_code == 400
    assert httpx.get(f"{emulator.site_url}/__admin/posts").json()["total"] == before
    # ...and an ordinary body still goes through.
    ok = httpx.post(f"{emulator.base_url}/api-posts", json=post_body(platform="x"),
                    headers={"Authorization": f"Bearer {emulator.api_key}"})
    assert ok.status_code == 200
