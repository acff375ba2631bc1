"""With the media uploader, a local file dropped on the composer is hosted, ingested, attached."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
from composer_support import HANDLE, Workspace
from ui_support import admin_posts

from s200desk.services.media import EmulatorHost, MediaService
from s200desk.store.media_repo import MediaRepo
from s200desk.ui.composer import ComposerWindow
from s200desk.ui.qt import QColor, Qt, QtGui


def test_a_dropped_local_picture_is_attached_by_file_id_and_sent(
    workspace: Workspace, tmp_path: Path
) -> None:
    from s200desk.ui.media import MediaUploader

    ws = workspace
    picture = tmp_path / "poster.png"
    image = QtGui.QImage(40, 30, QtGui.QImage.Format.Format_RGB32)
    image.fill(QColor("#D62976"))
    assert image.save(str(picture), "PNG")

    http = ws.arun(_client())
    media = MediaService(
        MediaRepo(ws.session.db), ws.runner.service,
        host=EmulatorHost(ws.emulator.site_url, http), bus=ws.session.bus, http=http,
    )  # fmt: skip
    uploader = MediaUploader(media, ws.tasks)
    try:
        services = ws.services()
        services.uploader = uploader
        window = ComposerWindow(services)
        ws.qtbot.addWidget(window)
        ws.windows.append(window)
        window.show()
        ws.arun(window.load())
        assert window.drop_zone is not None and window.drop_zone.isVisible()
        window.drop_zone.give([str(picture)])  # what a drop or a paste hands the zone
        ws.wait(lambda: any(m.file_id for m in window.media.items), "the upload attached")
        (item,) = window.media.items
        assert item.kind == "image" and item.name == "poster.png"
        window.targets.set_checked(("pinterest", HANDLE), True)
        window.caption.setPlainText("dropped here drop-3")
        ws.qtbot.keyClicks(window._tabs["pinterest"].form.editors["boardId"], "studio")
        window._refresh()
        ws.qtbot.mouseClick(window.send_button, Qt.MouseButton.LeftButton)
        ws.wait(lambda: window.group_id is not None and window._settled(), "sent")
        (post,) = [p for p in admin_posts(ws.emulator) if "drop-3" in (p.get("caption") or "")]
        assert [m["file_id"] for m in post["media"]] == [item.file_id]
        assert post["media"][0]["type"] == "image/png"
    finally:
        ws.arun(_close(media, http))


async def _client() -> Any:
    return httpx.AsyncClient()


async def _close(media: MediaService, http: Any) -> None:
    await media.close()
    await http.aclose()


def test_with_the_media_ui_box_the_strip_order_is_the_posts_media_order(
    workspace: Workspace, tmp_path: Path
) -> None:
    ws = workspace
    pictures = []
    for name, colour in (("one.png", "#D62976"), ("two.png", "#1877F2")):
        image = QtGui.QImage(30, 30, QtGui.QImage.Format.Format_RGB32)
        image.fill(QColor(colour))
        assert image.save(str(tmp_path / name), "PNG")
        pictures.append(str(tmp_path / name))
    http = ws.arun(_client())
    media = MediaService(
        MediaRepo(ws.session.db), ws.runner.service,
        host=EmulatorHost(ws.emulator.site_url, http), bus=ws.session.bus, http=http,
    )  # fmt: skip
    try:
        services = ws.services()
        services.media_service = media
        window = ComposerWindow(services)
        ws.qtbot.addWidget(window)
        ws.windows.append(window)
        window.show()
        ws.arun(window.load())
        box = window.form.media_box
        assert box is not None and window.drop_zone is box.drop_zone
        assert not window.media.list.isVisible()  # the strip is the one list
        box.drop_zone.give(pictures)
        ws.wait(lambda: len(window.media.items) == 2, "both attached")
        # A URL typed in goes through the library too, and lands last in the strip.
        window.media.url_edit.setText("https://example.com/photo.jpg")
        ws.qtbot.mouseClick(window.media.add_url_button, Qt.MouseButton.LeftButton)
        ws.wait(lambda: len(window.media.items) == 3, "the URL attached")
        names = [m.name for m in window.media.items]
        assert names == ["one.png", "two.png", "photo.jpg"]
        box.attached.media.move_rows([2], 0)  # what dragging the last tile to the front does
        assert [m.name for m in window.media.items] == ["photo.jpg", "one.png", "two.png"]
        order = [m.file_id for m in window.media.items]
        # A draft keeps the order; reopened, the strip shows it again.
        draft_id = ws.arun(window.save_draft())
        again = ComposerWindow(services)
        ws.qtbot.addWidget(again)
        ws.windows.append(again)
        again.show()
        ws.arun(again.load(draft_id=draft_id))
        ws.wait(lambda: again.form.media_box.file_ids() == order, "the strip restored")
        assert [m.file_id for m in again.state().media] == order
        again.close()
        window.targets.set_checked(("instagram", HANDLE), True)
        insta = window._tabs["instagram"].form
        assert insta is not None
        insta.editors["postType"].setCurrentIndex(insta.editors["postType"].findData("carousel"))
        window.caption.setPlainText("carousel in order box-9")
        window._refresh()
        ws.qtbot.mouseClick(window.send_button, Qt.MouseButton.LeftButton)
        ws.wait(lambda: window.group_id is not None and window._settled(), "sent")
        (post,) = [p for p in admin_posts(ws.emulator) if "box-9" in (p.get("caption") or "")]
        assert [m["file_id"] for m in post["media"]] == order
    finally:
        ws.arun(_close(media, http))
