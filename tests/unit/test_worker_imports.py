"""The app's late imports (ui/worker_imports.py), each in a fresh interpreter: two threads
importing at once, in the interleaving that handed one of them a half-initialised module; and
which thread imports what (no Qt on a worker, nothing but Qt on the UI thread after a group)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

# Thread A loads the feature pages' group and stops as it starts running the body of
# ``PAUSE_AT`` (holding the module locks of its chain of imports), until thread B is blocked:
# on one of those locks, or waiting for its turn to import. Then A goes on. Before the fix the
# threads' module locks crossed and one of them got "ImportError: cannot import name 'MEDIA'
# from partially initialized module 's200desk.services.media.service'" or _DeadlockError.
SCRIPT = textwrap.dedent(
    """
    import importlib.machinery, sys, threading, time
    from s200desk.ui import worker_imports as w

    w.import_modules(*w.AFTER_PAINT)  # loaded by then in the app
    PAUSE_AT, B_DOES = sys.argv[1], sys.argv[2]
    paused, errors = threading.Event(), []

    def blocked(thread):
        frame = sys._current_frames().get(thread.ident)
        if frame is None:
            return True  # finished
        code = frame.f_code
        module_lock = code.co_name == "acquire" and "importlib._bootstrap" in code.co_filename
        waits_its_turn = code.co_name == "alone" and code.co_filename == w.__file__
        return module_lock or waits_its_turn

    class PauseAt:
        def __init__(self, loader):
            self.loader = loader

        def create_module(self, spec):
            return self.loader.create_module(spec)

        def exec_module(self, module):
            paused.set()
            while b is None or not blocked(b):
                time.sleep(0.001)
            self.loader.exec_module(module)

    class Finder:
        def find_spec(self, name, path=None, target=None):
            if name != PAUSE_AT or threading.current_thread().name != "A" or paused.is_set():
                return None
            spec = importlib.machinery.PathFinder.find_spec(name, path, target)
            spec.loader = PauseAt(spec.loader)
            return spec

    def a():
        try:
            w.import_modules(*w.AFTER_FIRST_SYNC)
        except BaseException as exc:
            errors.append(f"the pages' worker: {exc!r}")

    def b_worker():  # the media service's group, in a second worker
        try:
            w.import_modules(*w.ON_CONNECT)
        except BaseException as exc:
            errors.append(f"the connection's worker: {exc!r}")

    def b_ui():  # the media page opened on the UI thread before its worker got to it
        try:
            w.load_here(w.AFTER_FIRST_SYNC)
            from s200desk.ui.media.library_page import MediaLibraryPage  # noqa: F401
        except BaseException as exc:
            errors.append(f"the UI thread: {exc!r}")

    b = None
    sys.meta_path.insert(0, Finder())
    first = threading.Thread(target=a, name="A")
    first.start()
    if not paused.wait(60):
        sys.exit("thread A never imported " + PAUSE_AT)
    b = threading.Thread(target=b_worker if B_DOES == "worker" else b_ui, name="B")
    b.start()
    first.join()
    b.join()
    from s200desk.services.media.service import MEDIA  # noqa: F401
    from s200desk.ui.calendar.page import CalendarPage  # noqa: F401
    print("\\n".join(errors) or "both loaded")
    """
)


@pytest.mark.parametrize("pause_at", ["s200desk.services.media", "s200desk.services.media.sigv4"])
@pytest.mark.parametrize("second", ["worker", "ui"])
def test_a_second_thread_importing_meanwhile_waits_its_turn(pause_at: str, second: str) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, pause_at, second],
        capture_output=True, text=True, timeout=120, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip() == "both loaded"


# What the UI thread imports itself once each group has loaded (feature_pages.py,
# workspace_lifecycle.py), in the app's order.
UI_AFTER = {
    "AFTER_PAINT": ("s200desk.ui.outbox", "s200desk.ui.calendar.outbox_backend",
                    "s200desk.ui.quota_feed", "s200desk.ui.notifications"),
    "SESSION_CLIENT": (),
    "AFTER_FIRST_SYNC": ("s200desk.ui.calendar.page", "s200desk.ui.media.library_page"),
    "ANALYTICS": ("s200desk.ui.analytics.page",),
    "ON_CONNECT": (),
    "COMPOSER": ("s200desk.ui.composer", "s200desk.ui.planning.queue_editor",
                 "s200desk.ui.planning.series_dialog", "s200desk.ui.composer.edit_mode",
                 "s200desk.ui.composer.duplicate"),
}  # fmt: skip
SPLIT = textwrap.dedent(
    """
    import importlib, json, sys
    # What the UI thread holds when the first group starts loading.
    import s200desk.app_shell, s200desk.ui.controller, s200desk.ui.feature_pages  # noqa
    from s200desk.ui import worker_imports as w

    QT = ("s200desk.ui", "PySide6", "shiboken6", "shibokensupport")
    found = {}
    for group, ui in json.loads(sys.argv[1]).items():
        before = set(sys.modules)
        w.import_modules(*getattr(w, group, ()))
        found[group + " (worker) made Qt"] = sorted(
            n for n in set(sys.modules) - before if n.startswith(QT))
        before = set(sys.modules)
        for name in ui:
            importlib.import_module(name)
        found[group + " (then the UI) imported beyond Qt"] = sorted(
            n for n in set(sys.modules) - before
            if not n.startswith(QT) and n.split(".")[0] not in sys.stdlib_module_names)
    print(json.dumps(found))
    """
)


def test_workers_make_no_qt_and_the_ui_thread_imports_nothing_but_qt() -> None:
    """A Qt class made on a worker crashed the UI thread (PySide's type tables); and what a
    page adds on the UI thread must not be a module a worker may be importing meanwhile."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", SPLIT, json.dumps(UI_AFTER)],
        capture_output=True, text=True, timeout=120, env=env, check=True,
    )  # fmt: skip
    found = json.loads(done.stdout)
    assert {what: names for what, names in found.items() if names} == {}
