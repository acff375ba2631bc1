#!/bin/sh
# Launcher on PATH for the self-contained build under /opt (a wrapper rather than a symlink, so
# the frozen app always sees its real location).
exec /opt/s200desk/s200desk "$@"
