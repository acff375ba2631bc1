"""A small window (1024×700) keeps the posts list's captions readable: the other columns give
up width, and get it back when the window grows."""

from __future__ import annotations

from typing import Any

from s200desk.ui.posts.model import PostsTableModel
from s200desk.ui.posts.view import COLUMN_WIDTHS
from s200desk.ui.qt import Qt
from tests.ui.ui_support import small_window


def widths(table: Any) -> dict[int, int]:
    return {column: table.columnWidth(column) for column in range(5)}


def test_a_small_window_keeps_the_caption_readable(qtbot: Any) -> None:
    window = small_window(qtbot)
    table = window.posts_page.table
    qtbot.waitUntil(lambda: table.viewport().width() < 600)
    caption = table.columnWidth(PostsTableModel.CAPTION)
    others = [table.columnWidth(c) for c in COLUMN_WIDTHS]
    assert caption >= 130, widths(table)  # some 18 characters, not "W…"
    assert caption >= max(others), widths(table)
    assert table.columnWidth(PostsTableModel.WHEN) >= 118  # "Sun 27 Dec, 21:45" still fits

    window.resize(1600, 900)
    qtbot.waitUntil(lambda: all(table.columnWidth(c) == w for c, w in COLUMN_WIDTHS.items()))
    table.setColumnWidth(PostsTableModel.PROFILE, 200)  # the user's own width, with room
    wide = table.viewport().width()
    window.resize(1700, 900)
    qtbot.waitUntil(lambda: table.viewport().width() > wide)
    assert table.columnWidth(PostsTableModel.PROFILE) == 200


def test_a_narrow_platform_column_shows_whole_names_or_icons_alone(shell: Any, qtbot: Any) -> None:
    """At 1024×700 the platform column is too narrow for "TikTok": each cell shows the icon
    alone (the name in its tooltip), never a cut name ("Ti…"); with room, the names."""
    from PySide6.QtWidgets import QStyleOptionViewItem

    window = shell.window
    table = window.posts_page.table
    model = table.model()

    def cells() -> list[tuple[str, str, int, int]]:
        out = []
        for row in range(min(model.rowCount(), 10)):
            index = model.index(row, PostsTableModel.PLATFORM)
            option = QStyleOptionViewItem()
            option.initFrom(table)
            option.rect = table.visualRect(index)
            option.decorationSize = table.iconSize()
            delegate = table.itemDelegateForColumn(PostsTableModel.PLATFORM) or table.itemDelegate()
            delegate.initStyleOption(option, index)
            needed = (option.decorationSize.width()
                      + option.fontMetrics.horizontalAdvance(option.text) + 12)
            out.append((model.data(index), option.text, needed, option.rect.width()))
        return out

    window.resize(1024, 700)
    qtbot.waitUntil(lambda: table.columnWidth(PostsTableModel.PLATFORM) < 90)
    shown = cells()
    assert shown
    for name, text, needed, width in shown:
        assert text in ("", name), (name, text)
        assert not text or needed <= width, (name, needed, width)  # whole, or not at all
        index = model.index(0, PostsTableModel.PLATFORM)
        assert model.data(index, Qt.ItemDataRole.ToolTipRole)  # the name, on hover
    window.resize(1600, 900)
    qtbot.waitUntil(lambda: table.columnWidth(PostsTableModel.PLATFORM) == COLUMN_WIDTHS[
        PostsTableModel.PLATFORM])
    assert all(text == name for name, text, _n, _w in cells())  # with room: the names
