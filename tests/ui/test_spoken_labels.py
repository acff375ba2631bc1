"""What a screen reader says for the window's changing labels: the status bar's items, the
number of posts shown and a banner's message are read with their text, not by name alone."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any


def words(label: Any) -> str:
    """The label's text as read: markup (the status dot's colour) dropped."""
    from PySide6.QtGui import QTextDocumentFragment

    return QTextDocumentFragment.fromHtml(label.text()).toPlainText().strip()


def spoken(widget: Any) -> str:
    from PySide6.QtGui import QAccessible

    return QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name)


def test_status_bar_count_and_banner_are_read_with_their_text(shell: Any, qtbot: Any) -> None:
    window = shell.window
    status = window.status
    window.set_online(True)
    window.show_synced(datetime.now(UTC))
    for label, what in ((status.connection_label, "Connection status"),
                        (status.sync_label, "Last sync"),
                        (status.usage_label, "Daily usage per platform"),
                        (window.posts_page.count_label, "Number of posts shown")):
        text = words(label)
        assert text
        said = text if text.startswith(what) else f"{what}: {text}"  # no "Last sync: Last sync"
        qtbot.waitUntil(lambda label=label, said=said:  # type: ignore[misc]
                        spoken(label) == said)

    window.set_online(False)  # the text changes: so does what is read
    qtbot.waitUntil(lambda: "Online" not in spoken(status.connection_label))
    assert spoken(status.connection_label) == f"Connection status: {words(status.connection_label)}"

    window.show_notice("The post to X was refused: the caption is too long.")
    label = window.notice_banner.label
    qtbot.waitUntil(lambda: "caption is too long" in spoken(label))
