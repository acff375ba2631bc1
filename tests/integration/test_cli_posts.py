"""``s200desk posts show|cancel|reschedule|edit`` against the emulator: the same lifecycle as the
calendar, so the server's replacement equals the original field by field but for what changed.

``--at`` is read against the real clock (the command line's "now"), so the tests compute it
from now; the emulator's manual clock is earlier, so such a time is in its future too.
"""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from full_posts import DOCS_KEY, PLATFORMS, create_full, differences

from s200desk.api import AsyncStatus200Client
from s200desk.cli import EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, main
from s200desk.services.scheduling import parse_iso_utc


@pytest.fixture
def env(emulator: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("S200_API_KEY", DOCS_KEY)
    monkeypatch.setenv("S200_BASE_URL", emulator.base_url)
    monkeypatch.setenv("S200_SITE_URL", emulator.site_url)
    return emulator


def _client(server: Any) -> AsyncStatus200Client:
    return AsyncStatus200Client(api_key=DOCS_KEY, base_url=server.base_url,
                                site_url=server.site_url, timeout=5.0, max_retries=2)


def _create(server: Any, platform: str, caption: str, days: float = 2) -> str:
    async def go() -> str:
        async with _client(server) as client:
            when = server.clock.now() + timedelta(days=days)
            return await create_full(client, platform, when, caption)

    return asyncio.run(go())


def _get(server: Any, post_id: str) -> Any:
    async def go() -> Any:
        async with _client(server) as client:
            return await client.posts.get(post_id)

    return asyncio.run(go())


def _admin(server: Any) -> list[dict[str, Any]]:
    return list(httpx.get(f"{server.site_url}/__admin/posts", timeout=10).json()["posts"])


def _json(capsys: pytest.CaptureFixture[str]) -> Any:
    return json.loads(capsys.readouterr().out)


def _at(days: int) -> str:
    """A time ``days`` from the real now, whole hours, as the command line takes it."""
    moment = (datetime.now(UTC) + timedelta(days=days)).replace(minute=0, second=0,
                                                                 microsecond=0)
    return moment.isoformat().replace("+00:00", "Z")


@pytest.mark.parametrize("platform", PLATFORMS)
def test_reschedule_keeps_everything_but_the_time(env: Any, platform: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    post_id = _create(env, platform, f"cli move {platform}")
    at = _at(5)
    assert main(["posts", "reschedule", post_id, "--at", at, "--json"]) == EXIT_OK
    out = _json(capsys)
    new_id = out["post_id"]
    assert new_id and new_id != post_id and out["replaces"] == post_id
    original, replacement = _get(env, post_id), _get(env, new_id)
    diff = differences(original, replacement)
    assert diff.pop("status") == ("cancelled", "scheduled")
    assert set(diff) == {"scheduled_for"}
    assert replacement.scheduled_for == parse_iso_utc(at)


@pytest.mark.parametrize("platform", PLATFORMS)
def test_edit_changes_only_the_caption(env: Any, platform: str,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    post_id = _create(env, platform, f"cli edit {platform}")
    code = main(["posts", "edit", post_id, "--text", f"edited {platform}", "--json"])
    assert code == EXIT_OK
    new_id = _json(capsys)["post_id"]
    diff = differences(_get(env, post_id), _get(env, new_id))
    assert diff.pop("caption") == (f"cli edit {platform}", f"edited {platform}")
    assert diff.pop("status") == ("cancelled", "scheduled")
    assert diff == {}


def test_edit_one_option_and_remove_another(env: Any, capsys: pytest.CaptureFixture[str]) -> None:
    post_id = _create(env, "youtube", "cli yt option")
    code = main(["posts", "edit", post_id, "--option", "youtube.visibility=private",
                 "--option", "youtube.tags=", "--json"])
    assert code == EXIT_OK
    new = _get(env, _json(capsys)["post_id"])
    original = _get(env, post_id)
    expected = {k: v for k, v in original.platform_options.items() if k != "tags"}
    assert new.platform_options == {**expected, "visibility": "private"}
    assert set(differences(original, new)) == {"platform_options", "status"}


def test_edit_media_order_and_time(env: Any, capsys: pytest.CaptureFixture[str]) -> None:
    post_id = _create(env, "instagram", "cli carousel")
    original = _get(env, post_id)
    ids = [m.file_id for m in original.media]
    at = _at(6)
    code = main(["posts", "edit", post_id, "--media", ids[2], ids[0], ids[1], "--at", at,
                 "--json"])
    assert code == EXIT_OK
    new = _get(env, _json(capsys)["post_id"])
    assert [m.file_id for m in new.media] == [ids[2], ids[0], ids[1]]
    assert new.scheduled_for == parse_iso_utc(at)
    assert new.platform_options == original.platform_options


def test_show_prints_everything_with_labels(env: Any, capsys: pytest.CaptureFixture[str]) -> None:
    post_id = _create(env, "tiktok", "cli show")
    assert main(["posts", "show", post_id, "--json"]) == EXIT_OK
    data = _json(capsys)
    assert data["platform_options"]["privacyLevel"] == "MUTUAL_FOLLOW_FRIENDS"
    assert len(data["media"]) == 1 and data["happens_at"] == data["scheduled_for"]
    assert main(["posts", "show", post_id]) == EXIT_OK
    out = capsys.readouterr().out
    assert "Who can view: Mutual follow friends" in out
    assert "Disable comments: Yes" in out and "Disable Stitch: No" in out


def test_cancel_and_a_cancel_the_server_refuses(env: Any,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    post_id = _create(env, "x", "cli cancel")
    out_soon = _create(env, "x", "cli cancel too late", days=0.01)
    assert main(["posts", "cancel", post_id, "--json"]) == EXIT_OK
    assert _json(capsys) == {"post_id": post_id, "cancelled": True, "reason": None}
    assert _get(env, post_id).status == "cancelled"
    assert main(["posts", "cancel", post_id]) == EXIT_OK  # already cancelled: nothing to do
    env.advance(timedelta(hours=1))
    assert main(["posts", "cancel", out_soon]) == EXIT_SOME_FAILED
    assert "can no longer be cancelled" in capsys.readouterr().err
    assert _get(env, out_soon).status == "published"


def test_bad_input_sends_nothing(env: Any, capsys: pytest.CaptureFixture[str]) -> None:
    post_id = _create(env, "tiktok", "cli refuse")
    before = _admin(env)
    assert main(["posts", "reschedule", "no-such-post", "--at", _at(3)]) == EXIT_USAGE
    assert "no post 'no-such-post'" in capsys.readouterr().err
    assert main(["posts", "edit", post_id, "--option", "tiktok.privacyLevel=EVERYONE"]) == (
        EXIT_USAGE)
    assert "nothing was sent" in capsys.readouterr().err
    assert main(["posts", "edit", post_id, "--option", "youtube.title=x"]) == EXIT_USAGE
    assert "this is a tiktok post" in capsys.readouterr().err
    assert main(["posts", "edit", post_id]) == EXIT_USAGE
    assert main(["posts", "reschedule", post_id, "--at", "2020-01-01 10:00"]) == EXIT_USAGE
    assert main(["posts", "reschedule", post_id]) == EXIT_USAGE  # --at is required
    assert _admin(env) == before


def test_a_published_post_says_why_it_cannot_change(env: Any,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    post_id = _create(env, "linkedin", "cli published", days=0.01)
    env.advance(timedelta(hours=1))
    assert main(["posts", "reschedule", post_id, "--at", _at(3)]) == EXIT_USAGE
    assert "published" in capsys.readouterr().err


def test_reschedule_under_faults_and_drops(env: Any, capsys: pytest.CaptureFixture[str]) -> None:
    originals = {p: _create(env, p, f"cli faulty {p}") for p in PLATFORMS}
    env.set_faults(error_rate=0.15, drop_rate=0.15)
    at = _at(7)
    moved: dict[str, str] = {}
    for platform, post_id in originals.items():
        assert main(["posts", "reschedule", post_id, "--at", at, "--json"]) == EXIT_OK, platform
        moved[platform] = _json(capsys)["post_id"]
    env.set_faults(error_rate=0.0, drop_rate=0.0)
    for platform, post_id in originals.items():
        diff = differences(_get(env, post_id), _get(env, moved[platform]))
        assert set(diff) == {"scheduled_for", "status"}, (platform, diff)
        live = [p for p in _admin(env) if p["caption"] == f"cli faulty {platform}"
                and p["status"] in ("scheduled", "published")]
        assert [p["id"] for p in live] == [moved[platform]]


def test_show_offline_prints_the_copy_kept_here(env: Any,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    from s200desk.cli import EXIT_OFFLINE

    post_id = _create(env, "pinterest", "cli offline show")
    assert main(["posts", "show", post_id]) == EXIT_OK  # the full read is kept in the store
    capsys.readouterr()
    env.stop()
    assert main(["posts", "show", post_id, "--offline-timeout", "1"]) == EXIT_OFFLINE
    captured = capsys.readouterr()
    assert "showing the copy kept on this computer" in captured.err
    assert "Board: board-spring-2027" in captured.out and "Title: Spring looks" in captured.out


def test_edit_under_faults_and_drops(env: Any, capsys: pytest.CaptureFixture[str]) -> None:
    originals = {p: _create(env, p, f"cli faulty edit {p}") for p in PLATFORMS}
    env.set_faults(error_rate=0.15, drop_rate=0.15)
    edited: dict[str, str] = {}
    for platform, post_id in originals.items():
        code = main(["posts", "edit", post_id, "--text", f"edited under faults {platform}",
                     "--json"])
        assert code == EXIT_OK, (platform, capsys.readouterr().err)
        edited[platform] = _json(capsys)["post_id"]
    env.set_faults(error_rate=0.0, drop_rate=0.0)
    for platform, post_id in originals.items():
        diff = differences(_get(env, post_id), _get(env, edited[platform]))
        assert diff.pop("caption")[1] == f"edited under faults {platform}"
        assert set(diff) == {"status"}, (platform, diff)
        live = [p for p in _admin(env) if p["status"] in ("scheduled", "published")
                and p["caption"] in (f"cli faulty edit {platform}",
                                     f"edited under faults {platform}")]
        assert [p["id"] for p in live] == [edited[platform]]
