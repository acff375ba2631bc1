"""The one patch of PySide6 internals, kept because it pays: ~80 ms of every cached start-up.

PySide6's ``__feature__`` import hook reads the source of every module imported after PySide6
(``inspect.getsource`` in ``shibokensupport.feature._mod_uses_pyside``) only to learn whether it
mentions PySide6, which picks between "default features" and "ignore" for that module. s200desk
selects no feature (snake_case, true_property), so both mean the same here, and every module
can get the default without its source being read. Measured with tests/perf/bench_shell.py
(docs/performance.md, "Desktop shell"); tests/ui/test_pyside_import_hook.py fails when a PySide6
upgrade changes the hook, and skips when PySide6 stops reading sources (then this can go).
"""

from __future__ import annotations


def skip_source_scan() -> None:
    """Answer PySide6's "does this module use PySide?" without reading the module's source."""
    try:
        from shibokensupport import feature  # PySide6's own, from its embedded zip
    except ImportError:
        return
    if callable(getattr(feature, "_mod_uses_pyside", None)):
        feature._mod_uses_pyside = lambda module: True
