"""Where the Status 200 dashboard is, for the links that send the user there.

The reference names the dashboard ("Connections", "API Management") but gives no address; the API
lives at ``https://app.status200uploads.com/functions/v1``, so the dashboard is taken to be that
host's root (decision recorded in docs/api-notes.md).
"""

from __future__ import annotations

from urllib.parse import urlsplit


def dashboard_url(base_url: str) -> str:
    """The dashboard's address for the API base URL the workspace uses."""
    parts = urlsplit(base_url)
    return f"{parts.scheme}://{parts.netloc}/"
