"""Every platform's chip shows its stripe in both themes: TikTok's and X's near-black brand
colour vanished on the dark theme's chips (WCAG 1.4.11 asks 3:1 for such a cue)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtGui import QImage

from s200desk.ui.calendar.chips import ChipDelegate
from s200desk.ui.calendar.model import CalendarModel
from tests.ui.contrast import ratio


@pytest.fixture(params=["light", "dark"])
def theme(request: Any, qapp: Any) -> Iterator[str]:
    from s200desk.ui.theme import apply_theme

    apply_theme(qapp, request.param)
    yield request.param
    apply_theme(qapp, "light")


@pytest.mark.parametrize(
    "platform", ["tiktok", "instagram", "facebook", "youtube", "x", "linkedin", "pinterest"]
)
def test_the_stripe_stands_out_from_the_chip(theme: str, platform: str) -> None:
    from datetime import UTC

    from PySide6.QtGui import QColor, QPainter

    from s200desk.ui.theme import colours

    delegate = ChipDelegate(CalendarModel(UTC), show_header=True)
    face = delegate._face(platform, False, "", 120, 18, 1.0)
    image = QImage(face.size(), QImage.Format.Format_RGB32)
    image.fill(QColor(colours().base))  # the day cell the chip sits on
    painter = QPainter(image)
    painter.drawPixmap(0, 0, face)
    painter.end()
    stripe = image.pixel(2, 9) & 0xFFFFFF  # the stripe: 3 px at the chip's left (1 px margin)
    body = image.pixel(60, 9) & 0xFFFFFF
    assert ratio(stripe, body) >= 3.0, (theme, platform, hex(stripe), hex(body))
