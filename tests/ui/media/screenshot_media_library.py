"""Render MediaLibraryPage with real pictures: ``xvfb-run -a .venv/bin/python THIS OUT.png``.

Pictures are drawn here (gradients and shapes saved as JPG/PNG/WebP), then shown through the
real model, delegate and thumbnail reader; a video, an upload in progress and a refused file
show the other tile states.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from s200desk.store.media_repo import MediaRecord
from s200desk.ui.qt import QApplication, QColor, QPainter, Qt, QtCore, QtGui


def picture(path: Path, w: int, h: int, c1: str, c2: str, shape: str) -> Path:
    img = QtGui.QImage(w, h, QtGui.QImage.Format.Format_RGB32)
    p = QPainter(img)
    grad = QtGui.QLinearGradient(0, 0, w, h)
    grad.setColorAt(0, QColor(c1))
    grad.setColorAt(1, QColor(c2))
    p.fillRect(0, 0, w, h, grad)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setBrush(QColor(255, 255, 255, 170))
    p.setPen(Qt.PenStyle.NoPen)
    if shape == "sun":
        p.drawEllipse(QtCore.QPointF(w * 0.7, h * 0.35), h * 0.18, h * 0.18)
        p.setBrush(QColor(20, 40, 30, 150))
        p.drawPolygon(QtGui.QPolygonF([QtCore.QPointF(0, h), QtCore.QPointF(w * 0.35, h * 0.45),
                                       QtCore.QPointF(w * 0.7, h)]))
    elif shape == "bars":
        for i in range(5):
            p.drawRect(QtCore.QRectF(w * (0.12 + i * 0.16), h * (0.8 - i * 0.12), w * 0.1,
                                     h * (0.12 + i * 0.12)))
    else:
        p.drawRoundedRect(QtCore.QRectF(w * 0.2, h * 0.2, w * 0.6, h * 0.6), 40, 40)
    p.end()
    img.save(str(path))
    return path


def main(out: str) -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    from s200desk.ui.media import MediaLibraryPage

    tmp = Path(tempfile.mkdtemp(prefix="s200-shot-"))
    specs = [
        ("beach-sunset.jpg", 1920, 1080, "#F97316", "#7C3AED", "sun", "image/jpeg"),
        ("q3-results.png", 1200, 1200, "#0EA5E9", "#1E3A8A", "bars", "image/png"),
        ("product-shot.webp", 1080, 1350, "#F5F5F4", "#A8A29E", "box", "image/webp"),
        ("team-offsite.jpg", 1600, 900, "#22C55E", "#14532D", "sun", "image/jpeg"),
    ]
    records = []
    for i, (name, w, h, c1, c2, shape, mime) in enumerate(specs):
        path = picture(tmp / name, w, h, c1, c2, shape)
        records.append(MediaRecord(
            id=f"m{i}", source="file", name=name, state="ready", path=str(path), mime=mime,
            size=path.stat().st_size, file_id=f"3f1c9a2e-7b4d-4e{i}a-9c1f-2d8e6b0a5c{i}7",
            created_at=f"2026-11-2{i}T10:00:00.000Z",
        ))
    records.append(MediaRecord(
        id="v1", source="file", name="launch-teaser.mp4", state="ready", path=None,
        mime="video/mp4", size=48_734_112, file_id="a1b2c3d4-e5f6-7890-abcd-ef1234567890",
    ))
    up = picture(tmp / "behind-the-scenes.png", 900, 900, "#EC4899", "#831843", "box")
    records.insert(0, MediaRecord(
        id="u1", source="file", name="behind-the-scenes.png", state="hosting", path=str(up),
        mime="image/png", size=up.stat().st_size,
    ))
    records.append(MediaRecord(
        id="f1", source="file", name="interview-raw.mov", state="failed", mime="video/quicktime",
        size=262_144_000, error="The media host refused the upload.",
    ))
    page = MediaLibraryPage()
    page.resize(980, 760)
    page.show_records(records)
    page.model.set_progress("u1", 0.62)
    row = page.drop_zone.add_row("holiday-notes.jpg")
    row.set_refused("“holiday-notes.jpg” is named like a JPG file but its contents are plain "
                    "text; renaming a file does not convert it.")
    row2 = page.drop_zone.add_row("behind-the-scenes.png")
    row2.set_progress(62, 100)
    page.show()
    for _ in range(20):
        app.processEvents()
    page.grab().save(out)
    print(out)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "media-library.png")
