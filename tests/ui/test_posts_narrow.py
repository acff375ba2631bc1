"""A small window (1024×700) keeps the posts list's captions readable: the other columns give
up width, and get it back when the window grows."""

from __future__ import annotations

from typing import Any

from s200desk.ui.posts.model import PostsTableModel
from s200desk.ui.posts.view import COLUMN_WIDTHS
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
