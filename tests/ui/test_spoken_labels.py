"""What a screen reader says for the window's changing labels: the status bar's items, the
number of posts shown and a banner's message are read with their text, not by name alone."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any


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
        text = label.text()
        assert text
        qtbot.waitUntil(lambda label=label, what=what, text=text:  # type: ignore[misc]
                        spoken(label) == f"{what}: {text}")

    window.set_online(False)  # the text changes: so does what is read
    qtbot.waitUntil(lambda: "Online" not in spoken(status.connection_label))
    assert spoken(status.connection_label) == f"Connection status: {status.connection_label.text()}"

    window.show_notice("The post to X was refused: the caption is too long.")
    label = window.notice_banner.label
    qtbot.waitUntil(lambda: "caption is too long" in spoken(label))
