"""Keys of the posts list: Delete cancels the selected post, as the detail pane's button does
(Enter or Down in the search goes into the list: ``PostsPage.eventFilter``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from s200desk.ui.qt import QAction, QKeySequence, Qt

if TYPE_CHECKING:
    from s200desk.ui.posts.detail import PostDetailPane
    from s200desk.ui.qt import QTableView

CANCEL_KEYS = "Del"


def add_list_keys(table: QTableView, detail: PostDetailPane) -> QAction:
    """Delete on the list: the detail pane's "Cancel post" (which asks first), when it is
    offered for the selected post; nothing otherwise."""

    def cancel_selected() -> None:
        button = detail.cancel_button
        if detail.post_id and not button.isHidden() and button.isEnabled():
            button.click()

    action = QAction("Cancel post", table)
    action.setObjectName("cancelSelectedPostAction")
    action.setShortcut(QKeySequence(CANCEL_KEYS))
    action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    action.triggered.connect(cancel_selected)
    table.addAction(action)
    keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    detail.cancel_button.setToolTip(f"{detail.cancel_button.toolTip()} ({keys} in the list)")
    return action
