"""The building blocks of the Analytics page: a titled card with explicit states, KPI tiles,
number formatting, and PNG export of whatever a card shows.

A card is never blank: it shows its content, or a sentence saying why there is none (empty),
that numbers are on their way (loading), or what went wrong (error).
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from s200desk.ui.analytics._qtcharts import QChartView
from s200desk.ui.qt import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPainter,
    QPoint,
    QPushButton,
    QRectF,
    QSize,
    QSizePolicy,
    Qt,
    QtGui,
    QToolButton,
    QVBoxLayout,
    QWidget,
    Signal,
)


def format_count(value: float | None) -> str:
    """12, 1,234, 12.3k, 4.5M — short enough for a tile or an axis."""
    if value is None:
        return "—"
    n = float(value)
    for threshold, unit, suffix in ((1e9, 1e9, "B"), (1e6, 1e6, "M"), (1e4, 1e3, "k")):
        if abs(n) >= threshold:
            return f"{n / unit:.1f}{suffix}"
    return f"{round(n):,}"


def format_rate(rate: float | None) -> str:
    """An engagement rate as a percentage with two decimals."""
    return "—" if rate is None else f"{rate * 100:.2f}%"


class CardState(StrEnum):
    CONTENT = "content"
    EMPTY = "empty"
    LOADING = "loading"
    ERROR = "error"


_STATE_GLYPH = {
    CardState.EMPTY: "○",
    CardState.LOADING: "◌",
    CardState.ERROR: "⚠",
}


class ChartCard(QFrame):
    """A titled frame around one chart (or table) with empty/loading/error states and PNG export."""

    retry_requested = Signal()
    export_requested = Signal()

    def __init__(self, title: str, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("analyticsCard")
        self.setAccessibleName(f"{title} chart")
        self.content = content
        self._state = CardState.LOADING

        self.title_label = QLabel(title)
        self.title_label.setObjectName("cardTitle")
        self.subtitle = ""  # the whole subtitle; the label shows what fits
        self.subtitle_label = QLabel("")
        self.subtitle_label.setObjectName("muted")
        # A long subtitle (a post's caption) is cut by the card, never widens it.
        self.subtitle_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.export_button = QToolButton()
        self.export_button.setText("PNG")
        self.export_button.setToolTip(f"Save “{title}” as a PNG image")
        self.export_button.setAccessibleName(f"Save “{title}” as PNG")  # not five "PNG"s
        if not content.accessibleName():
            content.setAccessibleName(title)
        self.export_button.setAutoRaise(True)
        self.export_button.clicked.connect(self.export_requested)

        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.addWidget(self.title_label)
        header.addWidget(self.subtitle_label, 1)
        header.addWidget(self.export_button)

        self.state_glyph = QLabel()
        self.state_glyph.setObjectName("stateGlyph")
        self.state_glyph.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.state_label = QLabel()
        self.state_label.setObjectName("stateText")
        self.state_label.setWordWrap(True)
        self.state_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.retry_button = QPushButton("Try again")
        self.retry_button.clicked.connect(self.retry_requested)
        self.state_panel = QWidget()
        self.state_panel.setObjectName("statePanel")
        self.state_panel.setAccessibleName(f"{title}: state")
        panel = QVBoxLayout(self.state_panel)
        panel.addStretch(1)
        panel.addWidget(self.state_glyph)
        panel.addWidget(self.state_label)
        panel.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignHCenter)
        panel.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 12)
        layout.setSpacing(6)
        layout.addLayout(header)
        layout.addWidget(self.content, 1)
        layout.addWidget(self.state_panel, 1)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.set_state(CardState.LOADING, "Loading…")

    @property
    def state(self) -> CardState:
        return self._state

    def set_state(self, state: CardState, message: str = "") -> None:
        """Show the content, or a deliberate message in its place."""
        self._state = state
        showing = state is CardState.CONTENT
        self.content.setVisible(showing)
        self.state_panel.setVisible(not showing)
        self.export_button.setEnabled(showing)
        self.state_glyph.setText(_STATE_GLYPH.get(state, ""))
        self.state_label.setText(message)
        self.state_label.setProperty("state", state.value)
        self.retry_button.setVisible(state is CardState.ERROR)
        # A screen reader on the card hears what it shows now, or why it shows nothing.
        self.setAccessibleDescription(self.subtitle_label.text() if showing else message)

    def show_content(self, subtitle: str = "") -> None:
        self.subtitle = subtitle
        self._elide_subtitle()
        self.set_state(CardState.CONTENT)

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide_subtitle()

    def _elide_subtitle(self) -> None:
        # Cut with "…" where the card ends, the whole of it in the tooltip ("best Wed 12:00 ·
        # E" said neither that more followed nor what).
        width = max(0, self.subtitle_label.width())
        metrics = QtGui.QFontMetrics(self.subtitle_label.font())
        shown = metrics.elidedText(self.subtitle, Qt.TextElideMode.ElideRight, width)
        self.subtitle_label.setText(shown)
        self.subtitle_label.setToolTip(self.subtitle if shown != self.subtitle else "")

    def save_png(self, path: Path | str, size: QSize | None = None,
                 caption: tuple[str, str] | None = None) -> QSize:
        """Write what the card shows (its chart, table or heatmap) as a PNG; returns its size.

        A chart is re-rendered at ``size`` (default: its size on screen); other content is
        grabbed as it is on screen. ``caption`` (title, line under it) is drawn above it."""
        return save_widget_png(self.content if self._state is CardState.CONTENT else self,
                               path, size, caption)


CAPTION_H = 52  # the band above an exported chart: its title and its range


def save_widget_png(widget: QWidget, path: Path | str, size: QSize | None = None,
                    caption: tuple[str, str] | None = None) -> QSize:
    """Render ``widget`` into a PNG at ``path``. Raises OSError when the file cannot be written.

    A chart is laid out again at ``size``; any other widget is rendered at its own size and
    scaled, so exporting never resizes what is on screen. With ``caption`` the image gets a band
    on top with the title and the line under it; the returned size includes it."""
    own = widget.size() if not widget.size().isEmpty() else widget.sizeHint()
    target = size if size is not None and not size.isEmpty() else own
    chart = isinstance(widget, QChartView)
    canvas = target if chart else own
    image = QtGui.QImage(canvas, QtGui.QImage.Format.Format_ARGB32)
    image.fill(widget.palette().color(widget.backgroundRole()))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    try:
        if chart:
            assert isinstance(widget, QChartView)
            view_chart = widget.chart()
            previous = view_chart.size()
            view_chart.resize(target.width(), target.height())
            area = QRectF(0, 0, target.width(), target.height())
            view_chart.scene().render(painter, area, area)
            view_chart.resize(previous)
        else:
            widget.render(painter, QPoint(0, 0))
    finally:
        painter.end()
    if canvas != target:
        image = image.scaled(target, Qt.AspectRatioMode.IgnoreAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
    if caption is not None:
        image = _with_caption(image, caption, widget)
    if not image.save(str(path), "PNG"):  # type: ignore[call-overload]  # stubs say bytes
        raise OSError(f"could not write {path}")
    return image.size()


def _with_caption(image: QtGui.QImage, caption: tuple[str, str],
                  widget: QWidget) -> QtGui.QImage:
    """``image`` under a band holding the title (bold) and the range, in the widget's colours."""
    palette = widget.palette()
    out = QtGui.QImage(image.width(), image.height() + CAPTION_H,
                       QtGui.QImage.Format.Format_ARGB32)
    out.fill(palette.color(widget.backgroundRole()))
    painter = QPainter(out)
    try:
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        title_font = QtGui.QFont(widget.font())
        title_font.setPixelSize(15)
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.setPen(palette.color(QtGui.QPalette.ColorRole.WindowText))
        width = image.width() - 24
        title = QtGui.QFontMetrics(title_font).elidedText(caption[0], Qt.TextElideMode.ElideRight,
                                                          width)
        painter.drawText(QRectF(12, 6, width, 22), int(Qt.AlignmentFlag.AlignVCenter), title)
        line_font = QtGui.QFont(widget.font())
        line_font.setPixelSize(12)
        painter.setFont(line_font)
        painter.setPen(palette.color(QtGui.QPalette.ColorRole.PlaceholderText))
        painter.drawText(QRectF(12, 28, width, 18), int(Qt.AlignmentFlag.AlignVCenter),
                         caption[1])
        painter.drawImage(0, CAPTION_H, image)
    finally:
        painter.end()
    return out


class KpiTile(QFrame):
    """One big number with its name underneath."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kpiTile")
        self.setAccessibleName(name)
        self.value_label = QLabel("—")
        self.value_label.setObjectName("kpiValue")
        self.name_label = QLabel(name)
        self.name_label.setObjectName("muted")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 8, 14, 8)
        layout.setSpacing(0)
        layout.addWidget(self.value_label)
        layout.addWidget(self.name_label)

    def set_value(self, text: str, tooltip: str = "") -> None:
        self.value_label.setText(text)
        self.setToolTip(tooltip)
        self.setAccessibleName(f"{self.name_label.text()}: {text}")


def card_style_sheet(base: str, border: str, muted: str, text: str, danger: str) -> str:
    """The page's own look: white cards on the window colour."""
    return f"""
QFrame#analyticsCard, QFrame#kpiTile {{ background: {base}; border: 1px solid {border};
    border-radius: 10px; }}
QLabel#cardTitle {{ font-weight: 600; font-size: 13px; color: {text}; }}
QLabel#kpiValue {{ font-size: 22px; font-weight: 600; color: {text}; }}
QLabel#stateGlyph {{ font-size: 28px; color: {muted}; }}
QLabel#stateText {{ color: {muted}; font-size: 13px; }}
QLabel#stateText[state="error"] {{ color: {danger}; }}
QLabel#muted {{ color: {muted}; }}
QWidget#statePanel {{ background: transparent; }}
QPushButton#primaryButton:disabled {{ background: {border}; border-color: {border};
    color: {muted}; }}
"""

