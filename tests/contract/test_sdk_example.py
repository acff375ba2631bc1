"""The reference's "Python SDK" Quick Start, run as written but for the import and the URLs."""

from __future__ import annotations

import contextlib
import io
import re
from typing import Any

# Verbatim from the reference (SDKs > Python SDK > Quick Start).
REFERENCE_EXAMPLE = """\
from status200 import Status200Client

client = Status200Client(api_key="rl_your_api_key")

# Upload media
media = client.media.upload(url="https://example.com/video.mp4")

# Create a post
post = client.posts.create(
    account_id="@myprofile",
    platform="tiktok",
    content={
        "text": "Automated with Python SDK!",
        "mediaID": [media.file_id]
    },
    tiktok={"privacyLevel": "PUBLIC_TO_EVERYONE"}
)

print(f"Published: {post.post_id}")

# List posts
posts = client.posts.list(platform="tiktok", limit=10)

# Async support
import asyncio
from status200 import AsyncStatus200Client

async def main():
    async_client = AsyncStatus200Client(api_key="rl_your_api_key")
    post = await async_client.posts.create(...)
    await async_client.close()

asyncio.run(main())
"""


def adapt(source: str, base_url: str, site_url: str) -> str:
    """Only the import and the two URLs change; plus the docs' `create(...)` placeholder."""
    urls = f'base_url="{base_url}", site_url="{site_url}"'
    source = source.replace("from status200 import", "from s200desk.api import")
    source = source.replace(
        'Client(api_key="rl_your_api_key")', f'Client(api_key="rl_your_api_key", {urls})'
    )
    # `...` is the docs' elision, not code: fill it with the sync call's arguments.
    return source.replace(
        "posts.create(...)",
        'posts.create(account_id="@myprofile", platform="tiktok", '
        'content={"text": "Async!", "mediaID": [media.file_id]}, '
        'tiktok={"privacyLevel": "PUBLIC_TO_EVERYONE"})',
    )


def test_python_sdk_quick_start_runs(emulator: Any) -> None:
    script = adapt(REFERENCE_EXAMPLE, emulator.base_url, emulator.site_url)
    changed = [line for line in script.splitlines() if line not in REFERENCE_EXAMPLE.splitlines()]
    assert len(changed) == 5  # two imports, two constructors, one placeholder
    out = io.StringIO()
    namespace: dict[str, Any] = {"__name__": "sdk_example"}
    with contextlib.redirect_stdout(out):
        exec(compile(script, "reference-python-sdk", "exec"), namespace)
    match = re.fullmatch(r"Published: ([0-9a-f-]{36})\n", out.getvalue())
    assert match, out.getvalue()
    client = namespace["client"]
    post = client.posts.get(match.group(1))
    assert post.caption == "Automated with Python SDK!"
    assert post.status == "published"
    page = namespace["posts"]
    assert page.total >= 2  # the docs' seeded post and the one just created
    assert all(p.platform == "tiktok" for p in page)
    # The async part ran too: one more TikTok post than when the page was listed.
    assert client.posts.list(platform="tiktok").total == page.total + 1
    client.close()
