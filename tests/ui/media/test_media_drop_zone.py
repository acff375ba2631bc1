"""Real QMimeData dropped on the DropZone: files and web addresses in, file ids out.

Demo mode: the emulator is the media host. The outbox sender runs as in the app, so every
accepted file ends up in the emulator's media library, and every bad one shows its reason.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from ui_support import until

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "unit" / "media"))
from media_samples import MB, JPEG_4x4, png, write, write_mp4

from s200desk.api import AsyncStatus200Client
from s200desk.services.events import ChangeBus
from s200desk.services.media import EmulatorHost, MediaService
from s200desk.services.outbox import OutboxService
from s200desk.store.database import Database
from s200desk.store.media_repo import MediaRepo
from s200desk.ui.change_relay import ChangeRelay
from s200desk.ui.media import (
    LIBRARY_MIME,
    AttachedMediaList,
    DropZone,
    MediaLibraryPage,
    sources_from_mime,
)
from s200desk.ui.media.attached import ROWS_MIME
from s200desk.ui.qt import QApplication, QByteArray, QPoint, Qt, QtCore, QtGui
from s200desk.ui.tasks import TaskKeeper


class Rig:
    def __init__(self, emulator: Any, db: Database) -> None:
        self.emulator = emulator
        self.db = db
        self.client = AsyncStatus200Client(
            api_key=emulator.api_key, base_url=emulator.base_url, site_url=emulator.site_url
        )
        self.http = httpx.AsyncClient()
        self.bus = ChangeBus()
        self.outbox = OutboxService(db, self.client, self.bus)
        self.media = MediaService(
            MediaRepo(db), self.outbox, host=EmulatorHost(emulator.site_url, self.http),
            bus=self.bus, http=self.http,
        )  # fmt: skip
        self.failures: list[tuple[str, BaseException]] = []
        self.tasks = TaskKeeper(on_failure=lambda n, e: self.failures.append((n, e)))
        self.stop = False
        self.sender: asyncio.Task[None] | None = None

    def start_sender(self) -> None:
        async def stopped() -> bool:
            return self.stop

        self.sender = asyncio.ensure_future(
            self.outbox.run(until=stopped, poll=0.05, idle_poll=0.05)
        )

    async def aclose(self) -> None:
        self.stop = True
        self.outbox.wake()
        if self.sender is not None:
            await self.sender
        await self.tasks.aclose()
        await self.media.close()
        await self.http.aclose()
        await self.client.close()
        await self.db.aclose()


@pytest.fixture
def rig(arun: Any, emulator: Any, tmp_path: Path) -> Iterator[Rig]:
    r = Rig(emulator, Database.open(tmp_path / "ws.sqlite3"))
    r.start_sender()
    try:
        yield r
    finally:
        arun(r.aclose())
    assert not r.failures, r.failures


def drop(widget: Any, mime: QtCore.QMimeData, pos: QPoint | None = None) -> QtGui.QDropEvent:
    """What Qt delivers when the user releases a drag over ``widget``."""
    at = QtCore.QPointF(pos or widget.rect().center())
    enter = QtGui.QDragEnterEvent(
        at.toPoint(), Qt.DropAction.CopyAction | Qt.DropAction.MoveAction, mime,
        Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    QApplication.sendEvent(widget, enter)
    event = QtGui.QDropEvent(
        at, Qt.DropAction.CopyAction | Qt.DropAction.MoveAction, mime,
        Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    QApplication.sendEvent(widget, event)  # a view's viewport forwards it to the view
    return event


def test_dropped_files_and_web_urls_become_media_and_bad_files_say_why(
    qtbot: Any, arun: Any, rig: Rig, tmp_path: Path, emulator: Any
) -> None:
    page = MediaLibraryPage()
    qtbot.addWidget(page)
    page.set_service(rig.media, rig.tasks, changes=ChangeRelay(rig.media.bus, parent=page))
    page.show()

    good_png = write(tmp_path / "poster.png", png(40, 30))
    good_jpg = write(tmp_path / "photo.jpg", JPEG_4x4)
    empty = write(tmp_path / "empty.png", b"")
    cut = write(tmp_path / "cut.png", png(64, 64)[:-30])
    renamed = write(tmp_path / "notes.jpg", b"dear diary\n" * 40)
    huge = write_mp4(tmp_path / "huge.mp4", 251 * MB)
    web = httpx.put(f"{emulator.site_url}/__media/from-browser.jpg", content=JPEG_4x4).json()

    mime = QtCore.QMimeData()
    mime.setUrls([QtCore.QUrl.fromLocalFile(str(p))
                  for p in (good_png, good_jpg, empty, cut, renamed, huge)]
                 + [QtCore.QUrl(web["url"])])
    event = drop(page.drop_zone, mime)
    assert event.isAccepted()

    rows = page.drop_zone.rows()
    assert [r.name for r in rows] == ["poster.png", "photo.jpg", "empty.png", "cut.png",
                                      "notes.jpg", "huge.mp4", "from-browser.jpg"]
    arun(until(lambda: all(r.finished for r in rows), timeout=30, what="every row finished"))
    status = {r.name: r.status.text() for r in rows}
    assert "empty (0 bytes)" in status["empty.png"]
    assert "incomplete" in status["cut.png"]
    assert "named like a JPG file but its contents are plain text" in status["notes.jpg"]
    assert "videos can be at most 250 MB" in status["huge.mp4"]
    for name in ("poster.png", "photo.jpg", "from-browser.jpg"):
        assert status[name].startswith("Ready · "), status[name]

    # The grid shows the three that made it, from the store; the emulator holds each of them.
    arun(until(lambda: page.model.rowCount() == 3 and all(r.ready for r in page.model.records()),
               what="library refreshed"))
    held = {
        r.name: rig.emulator.emu.state.media(rig.emulator.emu.primary_account, r.file_id)
        for r in page.model.records()
    }
    assert held["poster.png"]["size"] == good_png.stat().st_size
    assert held["poster.png"]["type"] == "image/png"
    assert held["photo.jpg"]["type"] == "image/jpeg"
    assert held["from-browser.jpg"]["url"] == web["url"]
    assert page.count_label.text() == "3 ready"


def test_drag_enter_only_for_files_and_web_addresses(qtbot: Any) -> None:
    zone = DropZone()
    qtbot.addWidget(zone)
    ok = QtCore.QMimeData()
    ok.setUrls([QtCore.QUrl("https://example.com/a.jpg")])
    plain = QtCore.QMimeData()
    plain.setText("just words")
    for mime, accepted in ((ok, True), (plain, False)):
        enter = QtGui.QDragEnterEvent(
            QPoint(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )  # fmt: skip
        enter.setAccepted(False)
        zone.dragEnterEvent(enter)
        assert enter.isAccepted() is accepted


def test_paste_of_copied_files_and_links(qtbot: Any, tmp_path: Path) -> None:
    zone = DropZone()
    qtbot.addWidget(zone)
    path = write(tmp_path / "a.png", png())
    mime = QtCore.QMimeData()
    mime.setUrls([QtCore.QUrl.fromLocalFile(str(path))])
    QApplication.clipboard().setMimeData(mime)
    with qtbot.waitSignal(zone.sources_dropped, timeout=2000) as got:
        qtbot.keyClick(zone, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert got.args == [[str(path)]]
    # The clipboard owns the QMimeData now; leaving it there crashes Qt's teardown at exit.
    QApplication.clipboard().clear()
    text = QtCore.QMimeData()
    text.setText("https://cdn.example.com/x.mp4\nnot a link\nhttps://cdn.example.com/y.png")
    assert sources_from_mime(text) == ["https://cdn.example.com/x.mp4",
                                       "https://cdn.example.com/y.png"]


def test_cancel_one_upload_from_its_row(
    qtbot: Any, arun: Any, rig: Rig, tmp_path: Path
) -> None:
    page = MediaLibraryPage()
    qtbot.addWidget(page)
    page.set_service(rig.media, rig.tasks)
    big = write_mp4(tmp_path / "big.mp4", 64 * MB)
    small = write(tmp_path / "small.png", png())
    mime = QtCore.QMimeData()
    mime.setUrls([QtCore.QUrl.fromLocalFile(str(big)), QtCore.QUrl.fromLocalFile(str(small))])
    drop(page.drop_zone, mime)
    big_row, small_row = page.drop_zone.rows()
    arun(until(lambda: big_row.status.text().startswith("Uploading"), what="upload started"))
    qtbot.mouseClick(big_row.cancel, Qt.MouseButton.LeftButton)
    arun(until(lambda: big_row.finished and small_row.finished, timeout=30, what="both done"))
    assert big_row.status.text() == "Cancelled"
    assert small_row.status.text().startswith("Ready")
    states = {r.name: r.state for r in arun(rig.media.library())}
    assert states == {"big.mp4": "cancelled", "small.png": "ready"}


def test_attached_media_reordered_by_drag_and_the_order_is_sent(
    qtbot: Any, arun: Any, rig: Rig, tmp_path: Path
) -> None:
    recs = []
    for i, colour in enumerate([(255, 0, 0), (0, 255, 0), (0, 0, 255)]):
        path = write(tmp_path / f"slide{i + 1}.png", png(16, 16, colour))
        recs.append(arun(rig.media.upload(path)))
    assert all(r.ready for r in recs)

    strip = AttachedMediaList()
    qtbot.addWidget(strip)
    strip.resize(600, 140)
    strip.show()
    for rec in recs:
        strip.media.add(rec)
    assert strip.file_ids() == [r.file_id for r in recs]

    # Drag slide 1 onto the right half of slide 3: it goes last.
    mime = strip.media.mimeData([strip.media.index(0)])
    assert mime.hasFormat(ROWS_MIME)
    target = strip.visualRect(strip.media.index(2))
    with qtbot.waitSignal(strip.order_changed, timeout=2000):
        drop(strip.viewport(), mime, QPoint(target.right() - 2, target.center().y()))
    order = strip.file_ids()
    assert order == [recs[1].file_id, recs[2].file_id, recs[0].file_id]

    # A file id dropped from the library asks to be inserted where it was dropped.
    lib = QtCore.QMimeData()
    lib.setData(LIBRARY_MIME, QByteArray(b"abc-123"))
    with qtbot.waitSignal(strip.library_ids_dropped, timeout=2000) as got:
        first = strip.visualRect(strip.media.index(0))
        drop(strip.viewport(), lib, QPoint(first.left() + 2, first.center().y()))
    assert got.args == [["abc-123"], 0]

    # The order the user sees is the order in the request, and on the server.
    async def post() -> list[str]:
        profiles = [p for p in await rig.client.profiles.list()
                    if p.platform == "instagram" and p.status == "active"]
        created = await rig.client.posts.create(
            account_id=profiles[0].account_id, platform="instagram",
            content={"text": "carousel", "mediaID": strip.file_ids()},
            instagram={"postType": "carousel"},
        )  # fmt: skip
        got_post = await rig.client.posts.get(created.post_id)
        return [m.file_id for m in got_post.media]

    assert arun(post()) == order
    assert [m.file_id for m in strip.media_refs()] == order


def test_attached_items_checked_against_each_platform(qtbot: Any) -> None:
    from s200desk.services.media import PlatformLimits
    from s200desk.store.media_repo import MediaRecord

    strip = AttachedMediaList()
    qtbot.addWidget(strip)
    strip.media.add(MediaRecord(id="1", source="file", name="big.png", state="ready",
                                mime="image/png", size=12 * MB, file_id="F1"))
    strip.media.add(MediaRecord(id="2", source="file", name="clip.mp4", state="ready",
                                mime="video/mp4", size=5 * MB, file_id="F2"))
    assert not strip.media.add(strip.media.items()[0])  # attached once only
    insta = PlatformLimits.from_info({"id": "instagram", "name": "Instagram",
                                      "media_types": ["image", "reel"], "max_image_size_mb": 8,
                                      "max_video_size_mb": 250})
    pins = PlatformLimits.from_info({"id": "pinterest", "name": "Pinterest",
                                     "media_types": ["image"], "max_image_size_mb": 20})
    assert strip.media.problems([insta, pins]) == [
        "“big.png”: Instagram takes images up to 8.0 MB; this one is 12.0 MB.",
        "“clip.mp4”: Pinterest does not take videos, only images.",
    ]


def test_file_picker_gives_several_files(qtbot: Any, tmp_path: Path) -> None:
    zone = DropZone()
    qtbot.addWidget(zone)
    zone.open_picker()
    dialog = zone._dialog
    assert dialog is not None
    assert dialog.fileMode() == dialog.FileMode.ExistingFiles  # several at once
    files = [str(write(tmp_path / f"{n}.png", png())) for n in ("a", "b")]
    with qtbot.waitSignal(zone.sources_dropped, timeout=2000) as got:
        dialog.filesSelected.emit(files)  # what the dialog says when the user picks two
    assert got.args == [files]
    dialog.reject()


def test_thumbnails_are_read_scaled(tmp_path: Path, qapp: Any) -> None:
    from s200desk.ui.media.thumbnails import THUMB, placeholder, read_thumbnail

    big = QtGui.QImage(1600, 1200, QtGui.QImage.Format.Format_RGB32)
    big.fill(QtGui.QColor("#3366CC"))
    path = tmp_path / "big.jpg"
    assert big.save(str(path))
    thumb = read_thumbnail(str(path))
    assert thumb is not None and (thumb.width(), thumb.height()) == (160, 120)
    assert read_thumbnail(str(write(tmp_path / "bad.png", b"not an image"))) is None
    poster = placeholder("video", "MP4", THUMB, "duration unknown")
    assert poster.size() == THUMB


def test_composer_panel_attaches_drops_in_order_and_library_items_where_dropped(
    qtbot: Any, arun: Any, rig: Rig, tmp_path: Path
) -> None:
    from s200desk.services.media import PlatformLimits
    from s200desk.ui.media import ComposerMediaPanel

    insta = PlatformLimits.from_info({"id": "instagram", "name": "Instagram",
                                      "media_types": ["image"], "max_image_size_mb": 8})
    panel = ComposerMediaPanel()
    qtbot.addWidget(panel)
    panel.resize(700, 320)
    panel.show()
    panel.set_service(rig.media, rig.tasks, platforms=lambda: [insta])
    earlier = arun(rig.media.upload(write(tmp_path / "earlier.png", png(9, 9))))

    first = write(tmp_path / "first.png", png(10, 10, padding=6 * MB))  # finishes last
    second = write(tmp_path / "second.jpg", JPEG_4x4)
    too_big = write(tmp_path / "huge.png", png(padding=9 * MB))  # over Instagram's 8 MB
    mime = QtCore.QMimeData()
    mime.setUrls([QtCore.QUrl.fromLocalFile(str(p)) for p in (first, second, too_big)])
    drop(panel.drop_zone, mime)
    rows = panel.drop_zone.rows()
    arun(until(lambda: all(r.finished for r in rows) and len(panel.file_ids()) == 2,
               timeout=30, what="two attached"))
    assert "Instagram takes images up to 8.0 MB" in rows[2].status.text()
    names = [r.name for r in panel.attached.media.items()]
    assert names == ["first.png", "second.jpg"]  # as dropped, whichever finished first

    # An item dragged in from the library lands where it is dropped (before the first tile).
    lib = QtCore.QMimeData()
    lib.setData(LIBRARY_MIME, QByteArray(earlier.file_id.encode()))
    first_rect = panel.attached.visualRect(panel.attached.media.index(0))
    drop(panel.attached.viewport(), lib, QPoint(first_rect.left() + 2, first_rect.center().y()))
    arun(until(lambda: len(panel.file_ids()) == 3, what="library item attached"))
    assert panel.file_ids()[0] == earlier.file_id
    assert [m.file_id for m in panel.media_refs()] == panel.file_ids()
    assert panel.problems([insta]) == []
    assert not panel.uploading()


def test_an_empty_library_says_so_where_the_pictures_would_be(qtbot: Any) -> None:
    page = MediaLibraryPage()
    qtbot.addWidget(page)
    page.resize(800, 600)
    page.show()
    qtbot.waitExposed(page)
    label = page.empty_label
    assert label.isVisible() and "Nothing here yet" in label.text()
    assert not page.view.isVisible()  # no blank grid above the words
    middle = label.mapTo(page, label.rect().center()).y()
    assert page.height() * 0.25 < middle < page.height() * 0.75
