"""s200desk: a desktop scheduler for the Status 200 Uploads API."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("s200desk")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.0.0"
