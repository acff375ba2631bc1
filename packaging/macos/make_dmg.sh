#!/usr/bin/env bash
# Wrap build/pyinstaller/dist/s200desk.app (made by the spec's BUNDLE) into a compressed .dmg
# with an Applications link, so users drag the app across. macOS only (hdiutil).
#   bash packaging/macos/make_dmg.sh 0.1.0
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VERSION="${1:?usage: make_dmg.sh VERSION}"
APP="$ROOT/build/pyinstaller/dist/s200desk.app"
STAGE="$ROOT/build/dmg"
DMG="$ROOT/dist/s200desk-${VERSION}-macos-$(uname -m).dmg"
[[ -d "$APP" ]] || { echo "no $APP: run pyinstaller with packaging/s200desk.spec first" >&2; exit 1; }
rm -rf "$STAGE" && mkdir -p "$STAGE" "$ROOT/dist"
cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Applications"
# Unsigned builds: an ad-hoc signature keeps Apple Silicon from refusing to start the app.
# (Signing with a Developer ID and notarising need the team's certificate: see README.)
codesign --force --deep --sign - "$STAGE/s200desk.app"
rm -f "$DMG"
hdiutil create -volname "s200desk $VERSION" -srcfolder "$STAGE" -fs HFS+ -format UDZO -ov "$DMG"
echo "$DMG"
