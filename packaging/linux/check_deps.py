"""Which Debian packages does the frozen bundle load from the system? Compare with Depends.

    python3 packaging/linux/check_deps.py BUNDLE_DIR packaging/linux/depends

Starts from what the app always loads (the executable, the Python extension modules, the xcb,
wayland and offscreen platform plugins, the image/icon/GL-integration/input plugins), follows
each ELF file's NEEDED entries (``readelf -d``) through the bundle, and maps every library needed
from outside the bundle to its package (``ldd`` resolves it, ``dpkg -S`` names the package).
Only direct needs count, as Debian's Depends do. Exits 1 if such a package is not in the depends
file, or a needed library is "not found" (install it on the build machine and re-run). Bundled
ELF files that nothing reaches are listed: they are dead weight the spec could drop.

Versions are derived, not guessed: every bundled ELF file's symbol-version needs (``readelf -V``:
``GLIBC_2.34`` from libc.so.6, ``GLIBCXX_3.4.29`` from libstdc++.so.6 …) are looked up in the
providing package's dpkg symbols file, as dpkg-shlibdeps does, and the highest minimum becomes
``pkg (>= x.y)``. With ``--write FILE`` the resulting Depends value is written to FILE for the
control file.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ALWAYS_PLUGINS = ("platforms/libqxcb.so", "platforms/libqwayland.so", "platforms/libqoffscreen.so",
                  "xcbglintegrations/", "imageformats/", "iconengines/", "platforminputcontexts/",
                  "platformthemes/", "wayland-")


def is_elf(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(4) == b"\x7fELF"
    except OSError:
        return False


def needed(path: Path) -> list[str]:
    out = subprocess.run(["readelf", "-d", str(path)], capture_output=True, text=True).stdout
    return re.findall(r"\(NEEDED\)\s+Shared library: \[(.+?)\]", out)


def version_needs(path: Path) -> dict[str, set[str]]:
    """The symbol versions an ELF file needs, by library: ``{"libc.so.6": {"GLIBC_2.34", …}}``."""
    out = subprocess.run(["readelf", "-V", "--wide", str(path)], capture_output=True,
                         text=True).stdout
    needs: dict[str, set[str]] = {}
    current: str | None = None
    inside = False
    for line in out.splitlines():
        if line.startswith("Version needs section"):
            inside = True
        elif line.startswith("Version ") and "section" in line:
            inside = False
        elif inside and (m := re.search(r"\bFile: (\S+)", line)):
            current = m.group(1)
        elif inside and current and (m := re.search(r"\bName: (\S+)", line)):
            needs.setdefault(current, set()).add(m.group(1))
    return needs


def symbols_file(package: str) -> Path | None:
    info = Path("/var/lib/dpkg/info")
    found = sorted(info.glob(f"{package}:*.symbols")) + sorted(info.glob(f"{package}.symbols"))
    return found[0] if found else None


def version_minimums(symbols: str) -> dict[str, dict[str, str]]:
    """A dpkg symbols file's version nodes: ``{soname: {"GLIBC_2.34": "2.34", …}}``."""
    table: dict[str, dict[str, str]] = {}
    current: dict[str, str] | None = None
    for line in symbols.splitlines():
        if line and not line[0].isspace() and line[0] not in "|*#":
            current = table.setdefault(line.split()[0], {})
        elif (
            current is not None
            and (m := re.match(r"^\s+(\S+)@(\S+) (\S+)", line))
            and m.group(1) == m.group(2)  # "GLIBC_2.34@GLIBC_2.34 2.34": the node itself
        ):
            current[m.group(1)] = m.group(3)
    return table


def version_key(version: str) -> tuple[int, ...]:
    """Orders the plain minimum versions of symbols files (2.2.5 < 2.34; 11 < 12)."""
    return tuple(int(n) for n in re.findall(r"\d+", version.split(":")[-1]))


def minimum_version(needs: dict[str, set[str]], table: dict[str, dict[str, str]]) -> str | None:
    """The highest minimum version of ``package`` that these needs (of its libraries) imply."""
    best: str | None = None
    for soname, nodes in needs.items():
        known = table.get(soname, {})
        for node in nodes:
            minimum = known.get(node)
            if minimum and (best is None or version_key(minimum) > version_key(best)):
                best = minimum
    return best


def depends_value(depends_file: Path, floors: dict[str, str]) -> str:
    """The depends file's packages joined for Depends, with each derived ``(>= x.y)``."""
    parts = []
    for line in depends_file.read_text().splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        alternatives = []
        for alt in line.split("|"):
            name = alt.split("(")[0].strip()
            floor = floors.get(name) or floors.get(f"{name}t64")
            if m := re.search(r"\(>=\s*([^)\s]+)\)", alt):  # a hand-written floor stays if higher
                floor = max(filter(None, (floor, m.group(1))), key=version_key)
            alternatives.append(f"{name} (>= {floor})" if floor else alt.strip())
        parts.append(" | ".join(alternatives))
    return ", ".join(parts)


def resolve(path: Path, env: dict[str, str]) -> dict[str, str | None]:
    out = subprocess.run(["ldd", str(path)], capture_output=True, text=True, env=env).stdout
    found: dict[str, str | None] = {}
    for line in out.splitlines():
        if "=> not found" in line:
            found[line.split()[0]] = None
        elif m := re.match(r"\s*(\S+) => (/\S+)", line):
            found[m.group(1)] = m.group(2)
    return found


def package_of(lib: str, cache: dict[str, str]) -> str:
    if lib not in cache:
        real = str(Path(lib).resolve())
        for candidate in dict.fromkeys((lib, real, real.replace("/usr/lib/", "/lib/", 1),
                                        lib.replace("/lib/", "/usr/lib/", 1))):
            out = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
            if out.returncode == 0:
                cache[lib] = out.stdout.split(":")[0].strip()
                break
        else:
            cache[lib] = f"? ({lib})"
    return cache[lib]


def version_floors(
    elves: list[Path],
    by_name: dict[str, Path],
    providers: dict[str, str],
    env: dict[str, str],
    cache: dict[str, str],
) -> dict[str, str]:
    """Each system package's minimum version implied by every bundled ELF file (loaded always or
    not: a plugin Qt opens later must find its symbols too)."""
    wanted: dict[str, dict[str, set[str]]] = {}
    for f in elves:
        where = None
        for soname, nodes in version_needs(f).items():
            if soname in by_name:
                continue
            if soname not in providers:
                where = where if where is not None else resolve(f, env)
                if where.get(soname) is None:
                    continue
                providers[soname] = package_of(str(where[soname]), cache)
            wanted.setdefault(providers[soname], {}).setdefault(soname, set()).update(nodes)
    floors: dict[str, str] = {}
    for package, needs in wanted.items():
        symbols = symbols_file(package)
        if symbols is None:
            continue
        floor = minimum_version(needs, version_minimums(symbols.read_text()))
        if floor:
            floors[package] = floor
    return floors


def main(argv: list[str]) -> int:
    args = list(argv[1:])
    write_to = None
    if "--write" in args:
        at = args.index("--write")
        write_to = Path(args[at + 1])
        del args[at : at + 2]
    bundle, depends_file = Path(args[0]).resolve(), Path(args[1])
    declared = {
        alt.split("(")[0].strip().split(":")[0]
        for line in depends_file.read_text().splitlines()
        if line.strip() and not line.lstrip().startswith("#")
        for alt in line.split("|")
    }
    internal = bundle / "_internal"
    elves = [p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink() and is_elf(p)]
    by_name: dict[str, Path] = {}
    for p in bundle.rglob("*"):
        if p.is_file() and is_elf(p):
            by_name.setdefault(p.name, p.resolve())
    plugins = next(bundle.rglob("Qt/plugins"), None)
    roots = []
    for p in elves:
        if plugins and plugins in p.parents:
            if p.relative_to(plugins).as_posix().startswith(ALWAYS_PLUGINS):
                roots.append(p)
        elif p.parent == bundle or ".abi3." in p.name or ".cpython-" in p.name or (
            p.name.startswith("libpython")
        ):
            roots.append(p)  # the executable, libpython (it dlopens it), the extension modules
    # At run time the bootloader puts _internal on the library path; ldd should see the same.
    env = dict(os.environ, LD_LIBRARY_PATH=str(internal))
    seen: set[Path] = set()
    todo = list(roots)
    external: dict[str, set[str]] = {}
    not_found: dict[str, set[str]] = {}
    cache: dict[str, str] = {}
    providers: dict[str, str] = {"ld-linux-x86-64.so.2": "libc6", "ld-linux-aarch64.so.1": "libc6"}
    while todo:
        f = todo.pop().resolve()
        if f in seen:
            continue
        seen.add(f)
        where = None
        for soname in needed(f):
            if soname.startswith("ld-linux"):  # the dynamic loader: ldd lists it without "=>"
                external.setdefault("libc6", set()).add(soname)
                continue
            if soname in by_name:
                todo.append(by_name[soname])
                continue
            where = where if where is not None else resolve(f, env)
            path = where.get(soname)
            if path is None:
                not_found.setdefault(soname, set()).add(f.name)
            else:
                providers[soname] = package_of(path, cache)
                external.setdefault(providers[soname], set()).add(soname)
    floors = version_floors(elves, by_name, providers, env, cache)
    print(f"{len(roots)} ELF files always loaded, {len(seen)} reached, {len(elves)} in the bundle")
    bad = 0
    for pkg in sorted(external):
        ok = pkg in declared or pkg.removesuffix("t64") in declared  # Ubuntu 24.04's t64 names
        bad += not ok
        print(f"  {'ok' if ok else 'MISSING'} {pkg}: {' '.join(sorted(external[pkg]))}")
    for soname, users in sorted(not_found.items()):
        bad += 1
        print(f"  NOT FOUND {soname} (needed by {', '.join(sorted(users))}): install its package")
    unused = sorted(p.relative_to(bundle).as_posix() for p in elves if p.resolve() not in seen)
    if unused:
        print(f"  {len(unused)} bundled ELF files nothing always-loaded needs: " + " ".join(unused))
    unneeded = sorted(declared - set(external))
    if unneeded:
        print("  declared but not directly needed: " + " ".join(unneeded))
    for pkg, floor in sorted(floors.items()):
        print(f"  derived {pkg} (>= {floor}) from the bundle's symbol versions")
    value = depends_value(depends_file, floors)
    print(f"Depends: {value}")
    if write_to is not None:
        write_to.write_text(value + "\n")
    print("depends check " + ("ok" if not bad else f"FAILED ({bad})"))
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
