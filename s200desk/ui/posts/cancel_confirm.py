"""'Cancel this scheduled post?' before the detail pane's Cancel goes anywhere."""

from __future__ import annotations

from collections.abc import Callable

from s200desk.ui.qt import QMessageBox, QWidget


def confirm_cancel(parent: QWidget, post_id: str, confirmed: Callable[[str], object]) -> None:
    """Ask, and call ``confirmed(post_id)`` on "Cancel post". ``open()``, never ``exec()``: we
    live inside an asyncio loop."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Cancel post",
        "Cancel this scheduled post? It will not be published.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        parent,
    )
    box.setObjectName("cancelConfirmBox")
    box.setAccessibleName("Confirm cancel")
    box.setDefaultButton(QMessageBox.StandardButton.No)
    box.button(QMessageBox.StandardButton.Yes).setText("Cancel post")
    box.button(QMessageBox.StandardButton.No).setText("Keep it")

    def done(result: int) -> None:
        if result == QMessageBox.StandardButton.Yes:
            confirmed(post_id)
        box.deleteLater()

    box.finished.connect(done)
    box.open()
