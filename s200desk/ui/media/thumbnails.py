"""Thumbnails: images read scaled by QImageReader off the UI thread; videos get a drawn poster.

A frame from a video needs a decoder. QtMultimedia (in PySide6-Addons, FFmpeg bundled) could give
a poster and the duration, but on Linux it will not even import without the system's libpulse
(absent on our CI and headless machines), so it cannot be relied on or tested here; the library
shows a clear video placeholder with the format and "duration unknown" instead.

QImage is safe to make on a worker thread; the QPixmap is made on the UI thread.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from s200desk.ui.qt import QColor, QFont, QPainter, QPixmap, QRectF, QSize, Qt, QtCore, QtGui
from s200desk.ui.tasks import TaskKeeper

THUMB = QSize(160, 120)


def read_thumbnail(path: str, size: QSize = THUMB) -> QtGui.QImage | None:
    """The picture at ``path`` scaled to fit ``size`` (decoded at that size where it can be)."""
    reader = QtGui.QImageReader(path)
    reader.setAutoTransform(True)  # camera orientation
    original = reader.size()
    if original.isValid() and (original.width() > size.width() or
                               original.height() > size.height()):
        reader.setScaledSize(original.scaled(size, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    if image.isNull():
        return None
    if image.width() > size.width() or image.height() > size.height():
        image = image.scaled(size, Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
    return image


def placeholder(kind: str, label: str, size: QSize = THUMB, note: str = "") -> QPixmap:
    """A poster for what has no picture: a play mark for videos, a frame for unknown media."""
    pix = QPixmap(size)
    pix.fill(QColor("#2B2D42") if kind == "video" else QColor("#D4D4D8"))
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    w, h = size.width(), size.height()
    if kind == "video":
        p.setBrush(QColor(255, 255, 255, 220))
        p.setPen(Qt.PenStyle.NoPen)
        r = min(w, h) * 0.18
        cx, cy = w / 2, h / 2 - 8
        p.drawEllipse(QRectF(cx - r * 1.3, cy - r * 1.3, r * 2.6, r * 2.6))
        tri = QtGui.QPolygonF([
            QtCore.QPointF(cx - r * 0.45, cy - r * 0.7),
            QtCore.QPointF(cx - r * 0.45, cy + r * 0.7),
            QtCore.QPointF(cx + r * 0.75, cy),
        ])  # fmt: skip
        p.setBrush(QColor("#2B2D42"))
        p.drawPolygon(tri)
        p.setPen(QColor(255, 255, 255, 230))
    else:
        p.setPen(QColor("#52525B"))
    font = QFont(p.font())
    font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
    p.setFont(font)
    text = label if not note else f"{label} · {note}"
    p.drawText(QRectF(4, h - 24, w - 8, 20), Qt.AlignmentFlag.AlignCenter, text)
    p.end()
    return pix


class ThumbnailCache:
    """Pixmaps by media id; a miss starts a background read and calls ``on_ready(id)`` later."""

    def __init__(self, on_ready: Callable[[str], None], size: QSize = THUMB) -> None:
        self._pixmaps: dict[str, QPixmap] = {}
        self._loading: set[str] = set()
        self._on_ready = on_ready
        self.size = size
        # Reads run in the app's task keeper once the page is connected to a workspace
        # (``use_tasks``: cancelled when it closes); until then in a keeper of its own.
        self._tasks: TaskKeeper = TaskKeeper()

    def use_tasks(self, tasks: TaskKeeper) -> None:
        self._tasks = tasks

    def get(self, media_id: str) -> QPixmap | None:
        return self._pixmaps.get(media_id)

    def put(self, media_id: str, pixmap: QPixmap) -> None:
        self._pixmaps[media_id] = pixmap

    def request(self, media_id: str, path: str) -> None:
        if media_id in self._pixmaps or media_id in self._loading:
            return
        if self._tasks.closed:  # the app is closing: nothing will show it
            return
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            # No asyncio loop stepping (a plain Qt test or a screenshot): read it here.
            self._finish(media_id, read_thumbnail(path, self.size))
            return
        self._loading.add(media_id)
        self._tasks.start(self._load(media_id, path), name=f"thumb:{media_id}")

    async def _load(self, media_id: str, path: str) -> None:
        try:
            image = await asyncio.to_thread(read_thumbnail, path, self.size)
        finally:
            self._loading.discard(media_id)
        self._finish(media_id, image)

    def _finish(self, media_id: str, image: QtGui.QImage | None) -> None:
        if image is None:
            self._pixmaps[media_id] = placeholder("image", "no preview", self.size)
        else:
            self._pixmaps[media_id] = QPixmap.fromImage(image)
        self._on_ready(media_id)
