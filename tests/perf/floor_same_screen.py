"""A floor under issue 15's floors: the same screen as s200desk's, built with no s200desk code.

    python tests/perf/floor_same_screen.py cached DB     # the cached start's screen
    python tests/perf/floor_same_screen.py demo          # the self-test's work, done raw

``bench_shell.py`` runs it beside the app. Issue 15 measures the app against "a bare window + the
window's PySide6 names" (one QLabel) and "that + the demo's imports" (no work). This program
shows what the *same visible result* costs on this stack with nothing of the app's own: the
menu bar, the sidebar's profile list, the posts page's search, two drop-downs and a button,
a table of 200 rows with platform icons, the detail pane and the status bar; read straight
from SQLite (``cached``) or, for ``demo``, after starting the demo's emulator and fetching
every post as raw JSON over loopback HTTP (no models, no store, no sync rules). It is the
least a program showing that screen could do, not a design for one.

Prints ``bare ok window_ms=N`` (``cached``) or ``bare ok window_ms=N data_ms=N`` (``demo``).
"""

from __future__ import annotations

import time

T0 = time.perf_counter()

import os  # noqa: E402
import sqlite3  # noqa: E402
import sys  # noqa: E402
from datetime import datetime  # noqa: E402
from pathlib import Path  # noqa: E402

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QSize, Qt  # noqa: E402
from PySide6.QtGui import QIcon, QStandardItem, QStandardItemModel  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QApplication,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

import s200desk.ui.qt  # noqa: E402,F401  (the window's PySide6 names, as in the floors)

ICONS = Path(__file__).resolve().parents[2] / "resources" / "icons" / "platforms"
COLUMNS = ("Platform", "Profile", "Caption", "Status", "When")
ROWS = 200


def ms() -> int:
    return round((time.perf_counter() - T0) * 1000)


class Rows(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[str, ...]] = []
        self.icons: dict[str, QIcon] = {}

    def set_rows(self, rows: list[tuple[str, ...]]) -> None:
        self.beginResetModel()
        self.rows = rows
        for platform in {r[0] for r in rows} - self.icons.keys():
            self.icons[platform] = QIcon(str(ICONS / f"{platform}.svg"))
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return len(COLUMNS)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row[index.column()]
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 0:
            return self.icons.get(row[0])
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:  # fmt: skip
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None


class Window(QMainWindow):
    def __init__(self, rows: Rows, profiles: QStandardItemModel) -> None:
        super().__init__()
        self.painted = False
        for title, count in (("File", 6), ("View", 6), ("Help", 3)):
            menu = self.menuBar().addMenu(title)
            for i in range(count):
                menu.addAction(f"{title} {i}")
        sidebar = QWidget()
        side = QVBoxLayout(sidebar)
        side.addWidget(QLabel("Demo"))
        side.addWidget(QPushButton("All profiles"))
        side.addWidget(QLabel("PROFILES"))
        listing = QListView()
        listing.setModel(profiles)
        listing.setIconSize(QSize(28, 28))
        side.addWidget(listing)
        page = QWidget()
        column = QVBoxLayout(page)
        header = QHBoxLayout()
        header.addWidget(QLabel("Posts"))
        self.count = QLabel("")
        header.addWidget(self.count)
        header.addWidget(QLineEdit(placeholderText="Search captions and handles"))
        for choices in (["All platforms"], ["All but cancelled", "Scheduled", "Published"]):
            box = QComboBox()
            box.addItems(choices)
            header.addWidget(box)
        header.addWidget(QPushButton("New post"))
        column.addLayout(header)
        self.table = QTableView()
        self.table.setModel(rows)
        self.table.setSortingEnabled(True)
        self.table.verticalHeader().hide()
        column.addWidget(self.table)
        stack = QStackedWidget()
        stack.addWidget(QLabel("Calendar"))
        stack.addWidget(page)
        stack.setCurrentIndex(1)
        detail = QWidget()
        form = QFormLayout(detail)
        for name in ("Scheduled for", "Created", "Post id", "Media", "Who can view"):
            form.addRow(name, QLabel("—"))
        form.addRow(QPushButton("Edit…"), QPushButton("Cancel post"))
        split = QSplitter()
        for part in (sidebar, stack, detail):
            split.addWidget(part)
        self.setCentralWidget(split)
        self.statusBar().addWidget(QLabel("Online"))
        self.statusBar().addWidget(QLabel("Last sync: just now"))
        self.statusBar().addPermanentWidget(QLabel("TikTok ∞ · Instagram ∞ · YouTube ∞"))
        self.resize(1280, 800)

    def event(self, event: QEvent) -> bool:
        result = super().event(event)
        if event.type() == QEvent.Type.Paint:
            self.painted = True
        return result


def when(post: dict[str, object]) -> str:
    at = post.get("scheduled_for") or post.get("published_at") or post.get("created_at")
    return datetime.fromisoformat(str(at)).strftime("%a %d %b, %H:%M") if at else ""


def as_row(post: dict[str, object]) -> tuple[str, ...]:
    return (str(post["platform"]), str(post.get("account_id", "")), str(post.get("caption", "")),
            str(post["status"]).title(), when(post))  # fmt: skip


def cached(app: QApplication, db: str) -> None:
    conn = sqlite3.connect(f"{Path(db).as_uri()}?mode=ro", uri=True)
    posts = [dict(zip(("platform", "account_id", "caption", "status", "scheduled_for"), r,
                      strict=True))
             for r in conn.execute(
                 "SELECT platform, account_id, caption, status,"
                 " coalesce(scheduled_for, published_at, created_at) FROM posts"
                 " ORDER BY 5 DESC LIMIT ?", (ROWS,))]  # fmt: skip
    names = [f"{p} · {a}" for p, a in conn.execute("SELECT platform, account_id FROM profiles")]
    total = conn.execute("SELECT count(*) FROM posts").fetchone()[0]
    conn.close()
    window = show(app, [as_row(p) for p in posts], names)
    window.count.setText(f"{total:,}")
    print(f"bare ok window_ms={paint(app, window)}", flush=True)


def demo(app: QApplication) -> None:
    window = show(app, [], [])
    window_ms = paint(app, window)
    # The demo's imports (as the floor "that + the demo's imports"), then their work, raw.
    import httpx
    import qasync  # noqa: F401

    import s200desk.api
    import s200desk.store.repos  # noqa: F401
    from s200desk.emulator import EmulatorServer, ScaledClock

    server = EmulatorServer(seed="demo", clock=ScaledClock(speed=1.0), plan="beginner").start()
    headers = {"Authorization": f"Bearer {server.api_key}"}
    posts: list[dict[str, object]] = []
    with httpx.Client(base_url=server.base_url, headers=headers, trust_env=False) as http:
        total = 1
        while len(posts) < total:
            page = http.get("/api-posts", params={"limit": 100, "offset": len(posts)}).json()
            total = page["total"]
            posts.extend(page["posts"])
            if not page["posts"]:
                break
    posts.sort(key=when, reverse=True)
    window.table.model().set_rows([as_row(p) for p in posts[:ROWS]])  # type: ignore[attr-defined]
    window.count.setText(f"{len(posts):,}")
    window.table.viewport().repaint()
    print(f"bare ok window_ms={window_ms} data_ms={ms()}", flush=True)
    server.stop()
    os._exit(0)  # as the self-test does (AppShell.main): no teardown after the result


def show(app: QApplication, rows: list[tuple[str, ...]], names: list[str]) -> Window:
    model = Rows()
    model.set_rows(rows)
    profiles = QStandardItemModel()
    for name in names:
        profiles.appendRow(QStandardItem(QIcon(str(ICONS / f"{name.split(' ')[0]}.svg")), name))
    window = Window(model, profiles)
    window.show()
    return window


def paint(app: QApplication, window: Window) -> int:
    while not window.painted:
        app.processEvents()
    return ms()


def main() -> None:
    app = QApplication([])
    if sys.argv[1] == "cached":
        cached(app, sys.argv[2])
    else:
        demo(app)


if __name__ == "__main__":
    main()
