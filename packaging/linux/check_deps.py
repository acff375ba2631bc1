"""Which Debian packages does the frozen bundle load from the system? Compare with Depends.

    python3 packaging/linux/check_deps.py BUNDLE_DIR packaging/linux/depends

Starts from what the app always loads (the executable, the Python extension modules, the xcb,
wayland and offscreen platform plugins, the image/icon/GL-integration/input plugins), follows
each ELF file's NEEDED entries (``readelf -d``) through the bundle, and maps every library needed
from outside the bundle to its package (``ldd`` resolves it, ``dpkg -S`` names the package).
Only direct needs count, as Debian's Depends do. Exits 1 if such a package is not in the depends
file, or a needed library is "not found" (install it on the build machine and re-run). Bundled
ELF files that nothing reaches are listed: they are dead weight the spec could drop.
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


def main(argv: list[str]) -> int:
    bundle, depends_file = Path(argv[1]).resolve(), Path(argv[2])
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
                external.setdefault(package_of(path, cache), set()).add(soname)
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
    print("depends check " + ("ok" if not bad else f"FAILED ({bad})"))
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
