"""Help ▸ Keyboard shortcuts: every key the app answers to, where a user looks for them.

The window's own shortcuts are read from its actions (what the menus show is what is listed);
the keys of the posts list, the calendar and the composer come from the constants those pages
use where they have them. Written as the system writes keys (⌘ on macOS). Imported when the
dialog is first opened (it reads the calendar's module), never at start-up.
"""

from __future__ import annotations

from s200desk.ui.calendar.keyboard_moves import (
    HOUR_EARLIER_KEYS,
    HOUR_LATER_KEYS,
    RESCHEDULE_KEYS,
)
from s200desk.ui.calendar.page import DAY_EARLIER_KEYS, DAY_LATER_KEYS
from s200desk.ui.posts.list_keys import CANCEL_KEYS
from s200desk.ui.qt import (
    QDialog,
    QDialogButtonBox,
    QKeySequence,
    QMainWindow,
    Qt,
    QtWidgets,
    QVBoxLayout,
    QWidget,
)

PAGE_KEYS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("Posts list", (
        ("Go into the list from the search", "Return"),
        ("Next / previous post", "Down / Up"),
        ("Cancel the selected post (asks first)", CANCEL_KEYS),
        ("Leave the list", "Tab"),
    )),
    ("Calendar", (
        ("Previous / next month or week", "Alt+Left / Alt+Right"),
        ("Today", "Alt+Home"),
        ("Day to day (hour to hour in the week)", "Left / Right / Up / Down"),
        ("The posts of a day, one by one", "Up / Down"),
        ("Open the selected post, or compose on an empty day", "Return"),
        ("The selected post's menu", "Menu / Shift+F10"),
        ("Move the selected post a day earlier / later", f"{DAY_EARLIER_KEYS} / {DAY_LATER_KEYS}"),
        ("Move the selected post an hour earlier / later",
         f"{HOUR_EARLIER_KEYS} / {HOUR_LATER_KEYS}"),
        ("Reschedule the selected post to a date and time", RESCHEDULE_KEYS),
        ("Undo / redo a move", "Ctrl+Z / Ctrl+Shift+Z"),
    )),
    ("Composer", (
        ("Send (or save the changes)", "Ctrl+Return"),
        ("Add to queue", "Ctrl+Shift+Return"),
        ("Snippets", "Ctrl+;"),
        ("Close (asks to keep a draft)", "Esc"),
    )),
    ("Dialogs", (
        ("Close without changing anything", "Esc"),
        ("A field by its underlined letter", "Alt+letter"),
    )),
)


def native(keys: str) -> str:
    """"Ctrl+Shift+R / F5" as this system writes each key sequence."""
    return " / ".join(QKeySequence(part.strip()).toString(
        QKeySequence.SequenceFormat.NativeText) or part.strip() for part in keys.split(" / "))


def window_keys(window: QMainWindow) -> list[tuple[str, str]]:
    """(what, keys) for each of the window's actions that has a shortcut, in menu order."""
    rows = []
    for action in window.actions():
        shortcuts = [s for s in action.shortcuts() if not s.isEmpty()]
        if not shortcuts or not action.text():
            continue
        what = action.text().replace("&", "").rstrip("…").strip()
        keys = " / ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in shortcuts)
        rows.append((what, keys))
    return rows


class ShortcutsDialog(QDialog):
    """A two-column list of every shortcut, grouped; Escape or Close closes it."""

    def __init__(self, window: QMainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard shortcuts")
        self.setAccessibleName("Keyboard shortcuts")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.resize(760, 620)
        self.tree = QtWidgets.QTreeWidget(self)
        self.tree.setObjectName("shortcutsList")
        self.tree.setAccessibleName("Keyboard shortcuts")
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Action", "Keys"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        groups = (("Everywhere", tuple(window_keys(window))), *PAGE_KEYS)
        for title, rows in groups:
            group = QtWidgets.QTreeWidgetItem(self.tree, [title])
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for what, keys in rows:
                item = QtWidgets.QTreeWidgetItem(group, [what, native(keys)])
                item.setData(0, Qt.ItemDataRole.AccessibleTextRole, f"{what}: {native(keys)}")
        self.tree.expandAll()
        self.tree.resizeColumnToContents(0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(self.tree)
        column.addWidget(buttons)
        self.tree.setFocus()

    def listed(self) -> dict[str, str]:
        """{action: keys} of every row (tests)."""
        out = {}
        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            rows = [group.child(i) for i in range(group.childCount())] if group else []
            out.update({row.text(0): row.text(1) for row in rows if row is not None})
        return out
