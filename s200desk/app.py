"""Start the desktop app: the QApplication, the first frame, then logging, the qasync loop and
the AppShell (``s200desk.app_shell``) with the demo and the self-test.

qasync rules followed here (see docs/interfaces.md and the style notes): ``QT_API`` is set
before qasync is imported; the QApplication exists before the loop; ``qasync.run(main())``
starts everything and no task is created before the loop runs; every task goes through a
TaskKeeper; dialogs are opened with ``open()`` and awaited as signals, never ``exec()``.
"""

from __future__ import annotations

# Only what the first frame can afford: asyncio and the rest load after it has painted.
import argparse
import logging
import os
import sys
import threading
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from s200desk.demo_server import DemoServer

os.environ.setdefault("QT_API", "pyside6")


# Qt's own command-line options (QGuiApplication, QApplication, X11), which it takes with one
# dash or two; anything else is a typo or a command, and starts nothing.
_QT_FLAGS = frozenset({"reverse", "widgetcount", "nograb", "dograb", "sync", "testability"})
_QT_OPTIONS_WITH_VALUE = frozenset({
    "platform", "platformpluginpath", "platformtheme", "plugin", "qwindowgeometry",
    "qwindowicon", "qwindowtitle", "session", "style", "stylesheet", "display", "geometry",
    "title", "name", "visual", "inputstyle", "im", "qmljsdebugger", "fontengine",
})  # fmt: skip


def stray_words(qt_args: list[str]) -> list[str]:
    """Words left over that are neither one of Qt's options nor such an option's value."""
    stray: list[str] = []
    takes_value = False
    for word in qt_args:
        if takes_value:
            takes_value = False
            continue
        name, has_value, _ = word.lstrip("-").partition("=")
        if word.startswith("-") and (name in _QT_FLAGS or name in _QT_OPTIONS_WITH_VALUE):
            takes_value = name in _QT_OPTIONS_WITH_VALUE and not has_value
            continue
        stray.append(word)
    return stray


def _commands_help() -> str:
    from s200desk.cli.commands import COMMANDS
    from s200desk.cli.registry import command_list

    return command_list(COMMANDS)


def parse_args(argv: list[str]) -> argparse.Namespace:
    wants_help = any(a in ("-h", "--help") for a in argv)
    parser = argparse.ArgumentParser(
        prog="s200desk",
        description="Compose, schedule and analyse social posts through the Status 200 API. "
        "With a command, the command line instead: s200desk COMMAND …",
        epilog=_commands_help() if wants_help else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="run against a built-in emulator with sample data (no account needed)",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="start in demo mode, wait for synced data on screen, print timings, "
        "exit 0 (non-zero with the reason otherwise)",
    )
    parser.add_argument("--debug", action="store_true", help="also log to stderr, at debug level")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    # Benchmarks: open the window on the cached data, print when it is painted and the RSS, quit.
    parser.add_argument("--measure-startup", action="store_true", help=argparse.SUPPRESS)
    # Anything we do not know is left for Qt (-platform, -style, -reverse …).
    args, rest = parser.parse_known_args(argv)
    args.qt_args = rest
    return args


def _dialog(text: str, *, fatal: bool) -> None:
    """For a desktop user, who has no terminal to read stderr on."""
    from s200desk.ui.qt import QMessageBox

    icon = QMessageBox.Icon.Critical if fatal else QMessageBox.Icon.Warning
    box = QMessageBox(icon, "s200desk", text[:1].upper() + text[1:])
    if fatal:
        box.setInformativeText("s200desk cannot start without it.")
    box.exec()  # no event loop runs yet: nothing else waits on this one


def _stray_message(word: str) -> str:
    if word.startswith("-"):
        return f"s200desk: unknown option {word!r}"
    from s200desk.cli.commands import COMMANDS

    if word in {c.name for c in COMMANDS}:
        return (f"s200desk: {word!r} is a command: put it first (s200desk {word} …); "
                "the app's own options do not go with it")  # fmt: skip
    return f"s200desk: unknown command {word!r}"


def _folder_problem() -> str | None:
    """Why the settings or data folder cannot be used, or None (the log folder is checked later:
    without it the app still works, logging to stderr)."""
    from s200desk import paths

    try:
        paths.config_dir()
        paths.data_dir()
    except paths.FolderProblem as exc:
        return str(exc)
    return None


def run(argv: list[str], started: float | None = None) -> int:
    """Run the GUI; returns the process exit code."""
    started = time.perf_counter() if started is None else started
    args = parse_args(argv)
    stray = stray_words(args.qt_args)
    if stray:
        print(f"{_stray_message(stray[0])}\n\n{_commands_help()}\n"
              "'s200desk --help' lists the options.", file=sys.stderr)  # fmt: skip
        return 2
    if args.version:
        from s200desk import __version__

        print(f"s200desk {__version__}")
        return 0
    if args.self_test:
        args.demo = True
    headless = args.self_test or args.measure_startup
    # The demo's server imports and seeds in its own process, on another core, while this one
    # starts: it is ready by the time the window is.
    demo_server = _start_demo_server() if args.demo else None
    from s200desk.ui.qt import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0], *args.qt_args])
    assert isinstance(app, QApplication)
    problem = _folder_problem()
    if problem is not None:
        print(f"s200desk: {problem}", file=sys.stderr, flush=True)
        if demo_server is not None:
            demo_server.stop()
        if not headless:
            _dialog(problem, fatal=True)
        return 2
    from s200desk.ui.quit_on_signals import QuitOnSignals

    # From here on a signal closes the window, and the demo cleans up behind it.
    signals = QuitOnSignals()
    from s200desk.ui.main_thread_gc import MainThreadCollector

    # Before any worker thread starts: a collection there could free Qt objects (docs/ui.md).
    collector = MainThreadCollector()
    collector.start()
    app.setApplicationName("s200desk")
    app.setOrganizationName("s200desk")
    app.setApplicationDisplayName("s200desk")
    app.setDesktopFileName("s200desk")
    # The window with the last known data first; everything else loads behind it.
    from s200desk.ui.first_frame import show_first_frame

    first_frame = show_first_frame(app, demo=args.demo, started=started)

    import qasync

    from s200desk.app_shell import SELF_TEST_TIMEOUT, AppShell
    from s200desk.logging_setup import setup_logging

    logs = setup_logging(logging.DEBUG if args.debug else logging.INFO, console=args.debug)
    if logs.path is not None:
        from s200desk.crash_trace import record_crashes

        record_crashes(logs.path.parent)
    if logs.problem is not None and not headless:  # on stderr already, as a log record
        _dialog(logs.problem, fatal=False)
    watchdog = _start_watchdog(SELF_TEST_TIMEOUT + 30) if args.self_test else None

    from s200desk.ui.errors import install_excepthook
    from s200desk.ui.icons import app_icon

    app.setWindowIcon(app_icon())
    # The window's close ends main(); letting Qt quit on its own would stop the loop under it.
    app.setQuitOnLastWindowClosed(False)
    install_excepthook()
    shell = AppShell(args, started, first_frame, demo_server=demo_server)
    try:
        code = qasync.run(shell.main())
    except KeyboardInterrupt:
        code = 130
    finally:
        signals.restore()
        if signals.exit_code is not None:
            code = signals.exit_code
        if demo_server is not None:
            demo_server.stop()
        if watchdog is not None:
            watchdog.cancel()
        from s200desk.ui.heap import release_heap

        collector.stop()
        release_heap()  # while the QApplication still exists
    return int(code or 0)


def _start_demo_server() -> DemoServer:
    from s200desk.demo_server import DemoServer

    return DemoServer()


def _start_watchdog(seconds: float) -> threading.Timer:
    """A hard stop for --self-test even if the event loop itself hangs."""

    def fire() -> None:
        try:
            print(f"self-test failed: no result within {seconds:.0f} s (event loop hung)",
                  flush=True)  # fmt: skip
        finally:  # even when nobody reads any more (a closed pipe)
            os._exit(3)

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    return timer
