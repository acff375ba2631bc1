"""s200desk: a desktop scheduler for the Status 200 Uploads API."""

# A constant, not importlib.metadata: resolving the installed version at import time cost ~25 ms
# of every start-up. tests/unit/test_version.py keeps it equal to pyproject.toml's version.
__version__ = "0.1.0"
