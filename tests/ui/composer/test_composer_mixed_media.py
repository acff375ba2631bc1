"""A video and a picture dropped together on a post to six platforms: each platform gets what it
takes, the composer says where each went, and the emulator receives exactly that per platform."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import httpx
from composer_support import HANDLE, Workspace
from ui_support import admin_posts

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "unit" / "media"))
from media_samples import mp4, png

from s200desk.services.media import EmulatorHost, MediaService
from s200desk.store.media_repo import MediaRepo
from s200desk.ui.composer import ComposerWindow
from s200desk.ui.qt import Qt

SIX = ("tiktok", "instagram", "youtube", "x", "linkedin", "pinterest")  # Facebook is disconnected
VIDEO_TAKERS = ("tiktok", "instagram", "youtube", "x", "linkedin")


async def _client() -> Any:
    return httpx.AsyncClient()


def _window_with_media(ws: Workspace) -> tuple[ComposerWindow, MediaService, Any]:
    http = ws.arun(_client())
    media = MediaService(
        MediaRepo(ws.session.db), ws.runner.service,
        host=EmulatorHost(ws.emulator.site_url, http), bus=ws.session.bus, http=http,
    )  # fmt: skip
    services = ws.services()
    services.media_service = media
    window = ComposerWindow(services)
    ws.qtbot.addWidget(window)
    ws.windows.append(window)
    window.show()
    ws.arun(window.load())
    return window, media, http


async def _close(media: MediaService, http: Any) -> None:
    await media.close()
    await http.aclose()


def pick(combo: Any, value: str) -> None:
    combo.setCurrentIndex(combo.findData(value))


def test_a_video_and_a_picture_dropped_on_six_platforms_go_where_each_is_taken(
    workspace: Workspace, tmp_path: Path
) -> None:
    ws = workspace
    clip = tmp_path / "clip.mp4"
    clip.write_bytes(mp4(8192))
    pic = tmp_path / "pic.png"
    pic.write_bytes(png(16, 16))
    window, media, http = _window_with_media(ws)
    try:
        for platform in SIX:
            assert window.targets.set_checked((platform, HANDLE), True)
        window.drop_zone.give([str(clip), str(pic)])  # what one drop of both files hands it

        def placed() -> bool:
            state = window.state()
            return all(state.media_for(p) for p in SIX)

        ws.wait(placed, "both files placed")
        state = window.state()
        got = {p: [m.name for m in state.media_for(p)] for p in SIX}
        assert got == {**{p: ["clip.mp4"] for p in VIDEO_TAKERS}, "pinterest": ["pic.png"]}
        # The shared strip holds the video; Pinterest shows its own picture in its tab.
        assert [r.name for r in window.form.media_box.attached.media.items()] == ["clip.mp4"]
        pin = window._tabs["pinterest"]
        assert pin.media_box.isChecked() and [m.name for m in pin.media_panel.items] == ["pic.png"]
        note = window.form.placer.note.text()
        assert "clip.mp4 → Instagram, LinkedIn, TikTok, X, YouTube"  # the "Post to" order in note
        assert "pic.png → Pinterest" in note
        assert not window.form.placer.needs_box.isVisible()  # nobody is left without media
        refused = [r for r in window.drop_zone.rows() if "does not take" in r.status.text()]
        assert not refused

        token = "mixed-6d1"
        window.caption.setPlainText(f"One clip everywhere, a Pin for Pinterest {token}")
        tabs = window._tabs
        pick(tabs["tiktok"].form.editors["privacyLevel"], "SELF_ONLY")
        # Instagram's one video made it a Reel by itself (the option was still unset).
        assert tabs["instagram"].form.values().get("postType") == "reel"
        assert "Instagram will post it as a Reel" in window.form.placer.note.text()
        ws.qtbot.keyClicks(tabs["youtube"].form.editors["title"], "Clip")
        ws.qtbot.keyClicks(tabs["pinterest"].form.editors["boardId"], "studio")
        window._refresh()
        assert window.send_button.isEnabled(), window.evaluation.problems
        ws.qtbot.mouseClick(window.send_button, Qt.MouseButton.LeftButton)
        ws.wait(lambda: window.group_id is not None and window._settled(), "sent")
        posts = {p["platform"]: p for p in admin_posts(ws.emulator)
                 if token in (p.get("caption") or "")}
        assert sorted(posts) == sorted(SIX)
        types = {p: [m["type"] for m in post["media"]] for p, post in posts.items()}
        assert types == {**{p: ["video/mp4"] for p in VIDEO_TAKERS}, "pinterest": ["image/png"]}
        assert posts["instagram"]["platform_options"] == {"postType": "reel"}
        video_ids = {posts[p]["media"][0]["file_id"] for p in VIDEO_TAKERS}
        assert len(video_ids) == 1  # the same uploaded video, not five copies
    finally:
        ws.arun(_close(media, http))


def test_a_platform_left_without_media_says_so_and_takes_a_drop_right_there(
    workspace: Workspace, tmp_path: Path
) -> None:
    ws = workspace
    clip = tmp_path / "clip.mp4"
    clip.write_bytes(mp4(4096))
    pic = tmp_path / "pin.png"
    pic.write_bytes(png(12, 12))
    window, media, http = _window_with_media(ws)
    try:
        for platform in ("youtube", "pinterest"):
            window.targets.set_checked((platform, HANDLE), True)
        window.drop_zone.give([str(clip)])
        ws.wait(lambda: window.state().media_for("youtube"), "the video placed")
        placer = window.form.placer
        assert window.state().media_for("pinterest") == []
        row = placer.needs_rows["pinterest"]
        assert placer.needs_box.isVisible() and row.isVisible()
        assert row.label.text() == "Pinterest still needs a picture."
        row.zone.give([str(pic)])  # dropped on the line's own target
        ws.wait(lambda: window.state().media_for("pinterest"), "the picture attached")
        assert [m.name for m in window.state().media_for("pinterest")] == ["pin.png"]
        # The strip shows the video (not an empty strip beside YouTube's own list).
        assert [r.name for r in window.form.media_box.attached.media.items()] == ["clip.mp4"]
        assert [m.name for m in window.state().media_for("youtube")] == ["clip.mp4"]
        window._refresh()
        assert not placer.needs_box.isVisible()
    finally:
        ws.arun(_close(media, http))


def test_a_platforms_own_media_box_takes_drops_and_the_library_list_updates_live(
    workspace: Workspace, tmp_path: Path
) -> None:
    ws = workspace
    pic = tmp_path / "own.png"
    pic.write_bytes(png(10, 10))
    window, media, http = _window_with_media(ws)
    try:
        window.targets.set_checked(("x", HANDLE), True)
        tab = window._tabs["x"]
        tab.media_box.setChecked(True)
        assert tab.drop_zone is not None and tab.drop_zone.isVisible()
        before = tab.media_panel.library.count()
        # Added elsewhere (the Media page) while the composer is open: the lists follow.
        rec = ws.arun(media.add(str(pic)))
        ws.arun(media.start(rec.id))
        ws.wait(lambda: tab.media_panel.library.count() == before + 1, "the library list updated")
        assert "own.png" in tab.media_panel.library.itemText(before)
        tab.drop_zone.give([str(pic)])  # the same file dropped on X's own box
        ws.wait(lambda: tab.media_panel.items, "attached to X")
        assert [m.name for m in window.state().media_for("x")] == ["own.png"]
        assert window.state().media == []  # only X got it
    finally:
        ws.arun(_close(media, http))


def test_a_picture_picked_from_the_library_goes_only_where_pictures_go(
    workspace: Workspace, tmp_path: Path
) -> None:
    ws = workspace
    pic = tmp_path / "from-library.png"
    pic.write_bytes(png(14, 14))
    window, media, http = _window_with_media(ws)
    try:
        rec = ws.arun(media.add(str(pic)))
        done = ws.arun(media.start(rec.id))
        combo = window.media.library
        ws.wait(lambda: combo.findText("from-library.png (image)") >= 0, "listed in the composer")
        for platform in ("youtube", "pinterest"):
            window.targets.set_checked((platform, HANDLE), True)
        combo.setCurrentIndex(combo.findText("from-library.png (image)"))
        ws.qtbot.mouseClick(window.media.add_lib_button, Qt.MouseButton.LeftButton)
        ws.wait(lambda: window.state().media_for("pinterest"), "placed")
        assert [m.file_id for m in window.state().media_for("pinterest")] == [done.file_id]
        assert window.state().media_for("youtube") == []  # YouTube takes no pictures
        window._refresh()
        assert window.form.placer.needs_rows["youtube"].label.text() == (
            "YouTube still needs a video."
        )
    finally:
        ws.arun(_close(media, http))
