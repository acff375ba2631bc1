"""What the installers promise must be what they hold: the .deb's libc6 floor, the macOS minimum,
no build paths in the bundle, published checksums, and where code signing goes.

Checked without a full build: the derivation functions on the venv's own PySide6 libraries, the
spec's lists, the workflow's text. packaging/build_linux.sh runs the same functions on the real
bundle.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
WORKFLOW = (ROOT / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8")
README = (PACKAGING / "README.md").read_text(encoding="utf-8")


def load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


check_deps = load(PACKAGING / "linux" / "check_deps.py")
minimum_version = load(PACKAGING / "macos" / "minimum_version.py")


def qt_core() -> Path:
    pyside = importlib.util.find_spec("PySide6")
    assert pyside and pyside.submodule_search_locations
    found = sorted(Path(pyside.submodule_search_locations[0]).rglob("libQt6Core.so.6"))
    if not found:
        pytest.skip("no Linux libQt6Core.so.6 in this PySide6")
    return found[0]


# ------------------------------------------------------------------ Linux: Depends


@pytest.mark.skipif(shutil.which("readelf") is None, reason="readelf not installed (binutils)")
def test_symbol_versions_of_a_real_qt_library() -> None:
    needs = check_deps.version_needs(qt_core())
    assert "GLIBC_2.34" in needs["libc.so.6"]  # what made libc6 (>= 2.28) a lie
    assert any(n.startswith("GLIBCXX_3.4.") for n in needs["libstdc++.so.6"])


def test_the_floor_is_the_highest_minimum_in_the_symbols_file() -> None:
    symbols = (
        "libc.so.6 libc6 #MINVER#\n"
        "| libc6 (>> 2.36), libc6 (<< 2.37)\n"
        " GLIBC_2.2.5@GLIBC_2.2.5 2.2.5\n"
        " GLIBC_2.34@GLIBC_2.34 2.34\n"
        " GLIBC_2.35@GLIBC_2.35 2.35\n"
        " memcpy@GLIBC_2.14 2.14\n"
        "libm.so.6 libc6 #MINVER#\n"
        " GLIBC_2.29@GLIBC_2.29 2.29\n"
    )
    table = check_deps.version_minimums(symbols)
    assert table["libc.so.6"] == {"GLIBC_2.2.5": "2.2.5", "GLIBC_2.34": "2.34",
                                  "GLIBC_2.35": "2.35"}
    needs = {"libc.so.6": {"GLIBC_2.2.5", "GLIBC_2.34"}, "libm.so.6": {"GLIBC_2.29"}}
    assert check_deps.minimum_version(needs, table) == "2.34"  # 2.34 > 2.29 > 2.2.5
    assert check_deps.version_key("2.2.5") < check_deps.version_key("2.34")


@pytest.mark.skipif(shutil.which("readelf") is None, reason="readelf not installed (binutils)")
def test_qt_alone_needs_libc6_2_34_on_this_machine() -> None:
    symbols = check_deps.symbols_file("libc6")
    if symbols is None:
        pytest.skip("no dpkg symbols file for libc6 here (not Debian/Ubuntu)")
    table = check_deps.version_minimums(symbols.read_text())
    floor = check_deps.minimum_version(check_deps.version_needs(qt_core()), table)
    assert floor is not None and check_deps.version_key(floor) >= (2, 34)


def test_depends_line_carries_the_derived_versions(tmp_path: Path) -> None:
    depends = tmp_path / "depends"
    depends.write_text("# comment\nlibc6\nlibstdc++6\nlibglib2.0-0\nzlib1g (>= 1:1.1.4)\n")
    floors = {"libc6": "2.35", "libstdc++6": "11", "zlib1g": "1:1.2.3.4",
              "libglib2.0-0t64": "2.80"}  # Ubuntu 24.04's t64 package name
    assert check_deps.depends_value(depends, floors) == (
        "libc6 (>= 2.35), libstdc++6 (>= 11), libglib2.0-0 (>= 2.80), zlib1g (>= 1:1.2.3.4)"
    )


def test_the_depends_file_writes_no_version_by_hand_and_the_build_uses_the_derived_one() -> None:
    lines = [line for line in (PACKAGING / "linux" / "depends").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    assert "libc6" in lines
    assert not [line for line in lines if "(" in line], "versions are derived by check_deps.py"
    script = (PACKAGING / "build_linux.sh").read_text(encoding="utf-8")
    assert "check_deps.py" in script and "--write build/deb/depends.txt" in script
    assert 'DEPENDS="$(cat build/deb/depends.txt)"' in script


# ------------------------------------------------------------------ no build paths


def test_the_spec_leaves_out_where_pip_installed_from() -> None:
    tree = (PACKAGING / "s200desk.spec").read_text(encoding="utf-8")
    drop = re.compile("|".join(_spec_drop_patterns(tree)))
    assert drop.search("s200desk-0.1.0.dist-info/direct_url.json")
    assert drop.search("s200desk-0.1.0.dist-info/RECORD")  # lists direct_url.json's hash
    for kept in ("s200desk-0.1.0.dist-info/METADATA", "s200desk-0.1.0.dist-info/entry_points.txt",
                 "keyring-25.7.0.dist-info/entry_points.txt", "keyring-25.7.0.dist-info/RECORD"):
        assert not drop.search(kept), kept
    assert 'grep -rlF "$ROOT"' in (PACKAGING / "build_linux.sh").read_text(encoding="utf-8")


def _spec_drop_patterns(spec: str) -> list[str]:
    import ast

    scope: dict[str, object] = {"sys": sys}
    for node in ast.parse(spec).body:
        if "DROP" in ast.unparse(node).split("=")[0] or (
            isinstance(node, ast.If) and "DROP.append" in ast.unparse(node)
        ):
            exec(compile(ast.Module([node], []), "s200desk.spec", "exec"), scope)
    return scope["DROP"]  # type: ignore[return-value]


def test_built_bundle_names_no_build_folder() -> None:
    bundle = ROOT / "build" / "pyinstaller" / "dist" / "s200desk"
    if not bundle.is_dir():
        pytest.skip("no frozen build here (bash packaging/build_linux.sh makes one)")
    assert not list(bundle.rglob("direct_url.json"))
    needle = str(ROOT).encode()
    leaks = [p for p in bundle.rglob("*") if p.is_file() and needle in p.read_bytes()]
    assert not leaks


# ------------------------------------------------------------------ macOS minimum


@pytest.mark.parametrize(
    ("tags", "machine", "expected"),
    [
        # The pin's newest for Python 3.11 (PySide6 6.11.3), what a macOS 13+ runner installs.
        ("Tag: cp310-abi3-macosx_13_0_universal2", "arm64", (13, 0)),
        ("Tag: cp39-abi3-macosx_12_0_universal2", "x86_64", (12, 0)),  # PySide6 6.9.3
        ("Tag: cp311-cp311-macosx_11_0_arm64", "arm64", (11, 0)),  # pydantic-core style
        ("Tag: cp311-cp311-macosx_10_12_x86_64", "arm64", None),  # not for this machine
        ("Tag: cp311-cp311-manylinux_2_17_x86_64", "x86_64", None),
        ("Tag: py3-none-any", "arm64", None),
    ],
)
def test_wheel_tags_to_a_macos_minimum(
    tags: str, machine: str, expected: tuple[int, int] | None
) -> None:
    assert minimum_version.wheel_minimum(f"Wheel-Version: 1.0\n{tags}\n", machine) == expected


def test_info_plist_readme_and_pinned_wheels_agree_on_macos_13() -> None:
    documented = minimum_version.DOCUMENTED
    assert documented == (13, 0)
    # PySide6 within the pin for Python 3.11 (<6.12) ships macosx_13_0 wheels from 6.10 on.
    pyside = minimum_version.wheel_minimum("Tag: cp310-abi3-macosx_13_0_universal2", "arm64")
    assert pyside is not None and pyside <= documented
    spec = (PACKAGING / "s200desk.spec").read_text(encoding="utf-8")
    assert '"LSMinimumSystemVersion": bundle_minimum()' in spec
    assert "## macOS 13+" in README and "macOS 11" not in README
    assert "arm64 only" in README  # the decision and its reason are written down


# ------------------------------------------------------------------ release: checksums, signing


def test_the_release_publishes_verified_checksums() -> None:
    release = WORKFLOW[WORKFLOW.index("\n  release:"):]
    assert "sha256sum -- * > SHA256SUMS" in release and "sha256sum -c SHA256SUMS" in release
    assert release.index("SHA256SUMS") < release.index("gh release create")
    script = (PACKAGING / "build_linux.sh").read_text(encoding="utf-8")
    assert "> SHA256SUMS && sha256sum -c SHA256SUMS" in script


def test_windows_signing_is_a_secret_gated_step_and_documented() -> None:
    windows = WORKFLOW[WORKFLOW.index("\n  windows:"):WORKFLOW.index("\n  macos:")]
    assert "CAN_SIGN: ${{ secrets.WINDOWS_SIGNING_PFX != '' }}" in windows
    steps = re.findall(r"- name: (Sign[^\n]*)\n\s+if: env\.CAN_SIGN == 'true'", windows)
    assert len(steps) == 2, steps  # s200desk.exe before Inno Setup, then the installer
    assert windows.index("Sign s200desk.exe") < windows.index("ISCC.exe")
    assert "Windows protected your PC" in README and "Unknown publisher" in README
