"""The reference's own examples, unchanged but for the base URL, against the emulator."""

# ruff: noqa: E501  (the examples are copied verbatim, long lines included)

from __future__ import annotations

import contextlib
import io
import json
import shutil
import subprocess

import pytest

from s200desk.emulator import EmulatorServer

DOCS_BASE = "https://app.status200uploads.com/functions/v1"

# Copied from the reference ("Quick Start", "API Reference", "Your First API Call").
QUICK_START_UPLOAD = """curl -X POST 'https://app.status200uploads.com/functions/v1/api-media-upload' \\
  -H 'Content-Type: application/json' \\
  -H 'Authorization: Bearer rl_your_api_key' \\
  -d '{"url": "https://example.com/video.mp4"}'"""

QUICK_START_PUBLISH = """curl -X POST 'https://app.status200uploads.com/functions/v1/api-posts' \\
  -H 'Content-Type: application/json' \\
  -H 'Authorization: Bearer rl_your_api_key' \\
  -d '{
    "post": {
      "accountId": "@yourprofile",
      "platform": "tiktok",
      "content": {
        "text": "My first API post! #automation",
        "mediaID": ["YOUR_FILE_ID"]
      },
      "tiktok": {
        "privacyLevel": "PUBLIC_TO_EVERYONE"
      }
    }
  }'"""

INSTAGRAM_EXAMPLE = """curl -X POST 'https://app.status200uploads.com/functions/v1/api-posts' \\
  -H 'Content-Type: application/json' \\
  -H 'Authorization: Bearer rl_your_api_key' \\
  -d '{
    "post": {
      "accountId": "@myprofile",
      "platform": "instagram",
      "content": {
        "text": "Check out this reel! #trending",
        "mediaID": ["a1b2c3d4-e5f6-7890-abcd-ef1234567890"]
      },
      "instagram": {
        "postType": "reel",
        "shareToFeed": true
      }
    }
  }'"""

FIRST_CALL_UPLOAD = """curl -X POST 'https://app.status200uploads.com/functions/v1/api-media-upload' \\
  -H 'Content-Type: application/json' \\
  -H 'Authorization: Bearer rl_YOUR_KEY' \\
  -d '{"url": "https://example.com/video.mp4"}'"""

FIRST_CALL_PUBLISH = """curl -X POST 'https://app.status200uploads.com/functions/v1/api-posts' \\
  -H 'Content-Type: application/json' \\
  -H 'Authorization: Bearer rl_YOUR_KEY' \\
  -d '{
    "post": {
      "accountId": "@myprofile",
      "platform": "tiktok",
      "content": {
        "text": "Hello world! #firstpost",
        "mediaID": ["YOUR_FILE_ID"]
      },
      "tiktok": { "privacyLevel": "PUBLIC_TO_EVERYONE" }
    }
  }'"""

READS = {
    "list": """curl 'https://app.status200uploads.com/functions/v1/api-posts?platform=tiktok&limit=10' \\
  -H 'Authorization: Bearer rl_your_api_key'""",
    "get": """curl 'https://app.status200uploads.com/functions/v1/api-posts/b2c3d4e5-f6a7-8901-bcde-f12345678901' \\
  -H 'Authorization: Bearer rl_your_api_key'""",
    "delete": """curl -X DELETE 'https://app.status200uploads.com/functions/v1/api-posts/b2c3d4e5-f6a7-8901-bcde-f12345678901' \\
  -H 'Authorization: Bearer rl_your_api_key'""",
    "profiles": """curl 'https://app.status200uploads.com/functions/v1/api-posts?action=profiles' \\
  -H 'Authorization: Bearer rl_your_api_key'""",
    "platforms": """curl 'https://app.status200uploads.com/functions/v1/api-posts?action=platforms' \\
  -H 'Authorization: Bearer rl_your_api_key'""",
}

# Copied verbatim from the reference ("Scheduling Posts in Bulk").
BULK_SCRIPT = '''import requests
from datetime import datetime, timedelta

API_KEY = "rl_your_api_key"
BASE_URL = "https://app.status200uploads.com/functions/v1"
HEADERS = {
    "Content-Type": "application/json",
    "Authorization": f"Bearer {API_KEY}"
}

# Define your content schedule
schedule = [
    {"platform": "tiktok", "account": "@mytiktok", "hour": 9},
    {"platform": "instagram", "account": "@myinsta", "hour": 12},
    {"platform": "x", "account": "@mytwitter", "hour": 15},
    {"platform": "linkedin", "account": "@mylinkedin", "hour": 17},
]

# Upload media once
media_resp = requests.post(
    f"{BASE_URL}/api-media-upload",
    headers=HEADERS,
    json={"url": "https://example.com/content.mp4"}
)
file_id = media_resp.json()["file_id"]

# Schedule posts across platforms
tomorrow = datetime.now() + timedelta(days=1)
for item in schedule:
    scheduled_time = tomorrow.replace(
        hour=item["hour"], minute=0, second=0
    ).isoformat() + "Z"

    resp = requests.post(
        f"{BASE_URL}/api-posts",
        headers=HEADERS,
        json={
            "post": {
                "accountId": item["account"],
                "platform": item["platform"],
                "content": {
                    "text": "Check out our latest content!",
                    "mediaID": [file_id]
                },
                "scheduledFor": scheduled_time
            }
        }
    )
    status = "OK" if resp.json().get("success") else "FAIL"
    print(f"{item['platform']}: {status} at {scheduled_time}")
'''

needs_curl = pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")


def curl(command: str, base_url: str) -> tuple[int, dict[str, object]]:
    """Run the reference's curl command with only the base URL swapped; (status, JSON body)."""
    command = command.replace(DOCS_BASE, base_url) + " -s -w '\\n%{http_code}'"
    out = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=10,
                         check=True, env={"PATH": "/usr/bin:/bin", "NO_PROXY": "*"}).stdout
    body, _, status = out.rpartition("\n")
    return int(status), json.loads(body)


@needs_curl
def test_quick_start(emulator: EmulatorServer) -> None:
    status, uploaded = curl(QUICK_START_UPLOAD, emulator.base_url)
    assert status == 200 and uploaded["success"] is True and uploaded["type"] == "video/mp4"
    assert set(uploaded) == {"success", "file_id", "size", "type"}
    # "YOUR_FILE_ID" is the reference's placeholder for the file_id the upload returned
    status, published = curl(
        QUICK_START_PUBLISH.replace("YOUR_FILE_ID", str(uploaded["file_id"])), emulator.base_url
    )
    assert status == 200
    assert published == {"success": True, "post_id": published["post_id"],
                         "platform": "tiktok", "status": "published"}


@needs_curl
def test_first_api_call_guide_and_api_reference_examples(emulator: EmulatorServer) -> None:
    status, uploaded = curl(FIRST_CALL_UPLOAD, emulator.base_url)
    assert status == 200
    status, published = curl(
        FIRST_CALL_PUBLISH.replace("YOUR_FILE_ID", str(uploaded["file_id"])), emulator.base_url
    )
    assert status == 200 and published["success"] is True
    status, reel = curl(INSTAGRAM_EXAMPLE, emulator.base_url)
    assert status == 200 and reel["platform"] == "instagram" and reel["status"] == "published"
    status, page = curl(READS["list"], emulator.base_url)
    assert status == 200 and page["limit"] == 10
    assert page["total"] == 2  # the seeded example post and the one just published
    status, post = curl(READS["get"], emulator.base_url)
    assert status == 200 and post["caption"] == "Check this out! #viral"
    assert post["platform_post_id"] == "7123456789012345678"
    status, refused = curl(READS["delete"], emulator.base_url)  # published: not cancellable
    assert status == 400 and refused["success"] is False
    status, profiles = curl(READS["profiles"], emulator.base_url)
    handles = {(p["account_id"], p["platform"]) for p in profiles["profiles"]}  # type: ignore[attr-defined]
    assert {("@creator_studio", "tiktok"), ("@mybrand", "instagram")} <= handles
    status, platforms = curl(READS["platforms"], emulator.base_url)
    assert status == 200 and len(platforms["platforms"]) == 7  # type: ignore[arg-type]


def test_bulk_scheduling_script(emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_PROXY", "*")
    script = BULK_SCRIPT.replace(DOCS_BASE, emulator.base_url)
    assert script.count(emulator.base_url) == 1  # only BASE_URL changed
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(script, "bulk_scheduling.py", "exec"), {"__name__": "__main__"})
    lines = out.getvalue().splitlines()
    assert [line.split(":")[0] for line in lines] == ["tiktok", "instagram", "x", "linkedin"]
    assert all(": OK at " in line for line in lines), lines
