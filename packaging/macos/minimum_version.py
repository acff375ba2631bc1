"""The oldest macOS the frozen .app runs on: the newest minimum among the wheels it bundles.

The spec writes it into Info.plist (LSMinimumSystemVersion), so the plist cannot promise a macOS
that a bundled library refuses: PySide6 6.10 and later ship only ``macosx_13_0`` wheels, so an
app built with them needs macOS 13 whatever an older plist said.
"""

from __future__ import annotations

import platform
import re
import sysconfig
from importlib.metadata import distributions

# What packaging/README.md and the README promise. The build fails if the bundle needs newer.
DOCUMENTED = (13, 0)

_TAG = re.compile(r"macosx_(\d+)_(\d+)_(\w+)$")


def wheel_minimum(wheel_file: str, machine: str) -> tuple[int, int] | None:
    """The lowest macOS a wheel (its WHEEL file's ``Tag:`` lines) supports on ``machine``."""
    found = []
    for line in wheel_file.splitlines():
        if not line.startswith("Tag:"):
            continue
        for tag in line.split(":", 1)[1].strip().split("-")[-1].split("."):
            m = _TAG.match(tag)
            if m and m.group(3) in (machine, "universal2"):
                found.append((int(m.group(1)), int(m.group(2))))
    return min(found) if found else None


def python_minimum() -> tuple[int, int] | None:
    """The deployment target this Python was built for (``macosx-11.0-arm64``)."""
    m = re.match(r"macosx-(\d+)\.(\d+)-", sysconfig.get_platform())
    return (int(m.group(1)), int(m.group(2))) if m else None


def bundle_minimum(machine: str | None = None) -> str:
    """The documented minimum (``"13.0"``), after checking that Python and every installed
    binary wheel run there; a wheel that needs newer stops the build."""
    arch = machine or platform.machine()
    floors = [(python_minimum() or (11, 0), "python")]
    for dist in distributions():
        text = dist.read_text("WHEEL")
        floor = wheel_minimum(text, arch) if text else None
        if floor:
            floors.append((floor, dist.metadata["Name"]))
    (major, minor), who = max(floors)
    if (major, minor) > DOCUMENTED:
        raise SystemExit(
            f"{who} needs macOS {major}.{minor}, newer than the documented "
            f"{DOCUMENTED[0]}.{DOCUMENTED[1]}: update DOCUMENTED and the READMEs, or pin it lower"
        )
    return f"{DOCUMENTED[0]}.{DOCUMENTED[1]}"
