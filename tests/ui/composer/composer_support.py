"""A workspace synced from the real emulator, its outbox sending, composers on it.

Shared by tests/ui/composer and tests/ui/outbox (a uniquely named module: two conftest.py
files would shadow each other on sys.path). The qasync loop and ``arun`` come from
``tests/ui/conftest.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HANDLE = "@lumenstudio"


@dataclass
class Workspace:
    arun: Any
    qtbot: Any
    emulator: Any
    session: Any
    tasks: Any
    runner: Any
    settings: Any
    failures: list[tuple[str, BaseException]] = field(default_factory=list)
    windows: list[Any] = field(default_factory=list)

    def services(self) -> Any:
        from s200desk.ui.composer import ComposerServices

        return ComposerServices.for_session(
            self.session, self.runner.service, self.tasks, lambda: self.settings
        )

    def composer(self, **load: Any) -> Any:
        """A shown composer, loaded from the store (optionally with a draft or a state)."""
        from s200desk.ui.composer import ComposerWindow

        window = ComposerWindow(self.services())
        self.qtbot.addWidget(window)
        window.show()
        self.arun(window.load(**load))
        self.windows.append(window)
        return window

    def sync(self) -> None:
        assert self.arun(self.session.sync())

    def wait(self, predicate: Any, what: str, timeout: float = 20.0) -> None:
        from ui_support import until

        self.arun(until(predicate, timeout=timeout, what=what), timeout + 5)


def open_workspace(arun: Any, qtbot: Any, emulator: Any, tmp_path: Path) -> Iterator[Workspace]:
    """Generator for a fixture: the workspace, then its orderly close."""
    from s200desk.config import Settings
    from s200desk.services.outbox import BackoffPolicy
    from s200desk.ui.outbox import OutboxRunner
    from s200desk.ui.session import Session, SessionInfo
    from s200desk.ui.tasks import TaskKeeper

    info = SessionInfo(
        "ws-composer", "Test", emulator.api_key, emulator.base_url, emulator.site_url,
        tmp_path / "ws.sqlite3",
    )  # fmt: skip
    session = Session(info)
    arun(session.open())
    failures: list[tuple[str, BaseException]] = []
    tasks = TaskKeeper(on_failure=lambda name, exc: failures.append((name, exc)))
    runner = OutboxRunner.for_session(
        session, tasks, policy=BackoffPolicy(base=0.05, cap=0.2, cooldown=0.05)
    )
    ws = Workspace(
        arun, qtbot, emulator, session, tasks, runner,
        Settings(plan="agency", time_zone="Europe/Berlin"), failures,
    )  # fmt: skip
    ws.sync()
    runner.start()
    try:
        yield ws
    finally:
        for window in ws.windows:
            window._autosave.stop()
        arun(runner.aclose())
        arun(tasks.aclose())
        arun(session.aclose())
    assert not failures, failures


class EditorHost:
    """What ``edit_mode.open_editor`` needs from the app's controller (its session, outbox,
    settings, ``window.show_notice`` and ``open_composer``), over a test's workspace."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self.session = ws.session
        self.outbox = ws.runner
        self.settings = ws.settings
        self.messages: list[str] = []
        self.window = self

    def show_notice(self, text: str) -> None:
        self.messages.append(text)

    def open_composer(self, state: Any) -> Any:
        """As the app's controller does: shown at once, filled by a task."""
        from s200desk.ui.composer import ComposerWindow

        window = ComposerWindow(self.ws.services())
        self.ws.qtbot.addWidget(window)
        window.show()
        window.start(state=state)
        self.ws.windows.append(window)
        return window
