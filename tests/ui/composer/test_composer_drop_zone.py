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
