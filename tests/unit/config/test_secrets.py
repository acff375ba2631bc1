"""KeyStore: the in-memory fallback with keyring's real fail backend, errors from a broken
backend, and a real Secret Service (gnome-keyring on a private D-Bus) when one can be started."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backend
import keyring.backends.fail
import keyring.errors
import pytest
from memory_keyring import MemoryKeyring

from s200desk.secrets import SERVICE, KeyStore


@pytest.fixture
def restore_keyring() -> Iterator[None]:
    before = keyring.get_keyring()
    yield
    keyring.set_keyring(before)


@pytest.mark.usefixtures("restore_keyring")
def test_fail_backend_keeps_keys_for_the_session(caplog: pytest.LogCaptureFixture) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    with caplog.at_level(logging.DEBUG):
        store = KeyStore()
        assert store.available is False
        assert store.problem and "only until you quit" in store.problem
        assert "keyring" in store.problem.lower()
        assert store.get("w1") is None
        store.set("w1", "rl_session_only_key")
        assert store.get("w1") == "rl_session_only_key"
        store.delete("w1")
        assert store.get("w1") is None
    assert "rl_session_only_key" not in caplog.text
    assert "rl_session_only_key" not in repr(store)
    # A new process (a new KeyStore) does not see it: nothing went to disk.
    store.set("w2", "rl_other")
    assert KeyStore().get("w2") is None


class _MemoryBackend(MemoryKeyring):
    """The memory keyring, failing as real ones do: locked, unwritable, nothing to delete."""

    def __init__(self) -> None:
        super().__init__()
        self.broken = False

    def get_password(self, service: str, username: str) -> str | None:
        if self.broken:
            raise keyring.errors.KeyringLocked("locked")
        return self.data.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        if self.broken:
            raise keyring.errors.PasswordSetError("cannot set")
        self.data[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.data:
            raise keyring.errors.PasswordDeleteError("none")
        del self.data[(service, username)]


def test_working_backend_stores_one_entry_per_workspace() -> None:
    backend = _MemoryBackend()
    store = KeyStore(backend)
    assert store.available and store.problem is None
    store.set("a", "rl_a")
    store.set("b", "rl_b")
    assert backend.data == {(SERVICE, "a"): "rl_a", (SERVICE, "b"): "rl_b"}
    assert store.get("a") == "rl_a"
    store.delete("a")
    store.delete("a")  # deleting twice is fine
    assert store.get("a") is None and store.get("b") == "rl_b"


def test_backend_errors_fall_back_to_memory(caplog: pytest.LogCaptureFixture) -> None:
    backend = _MemoryBackend()
    store = KeyStore(backend)
    backend.broken = True
    with caplog.at_level(logging.DEBUG):
        store.set("w", "rl_kept_in_memory")
    assert store.available is False
    assert store.problem and "could not save" in store.problem
    assert store.get("w") == "rl_kept_in_memory"
    assert "rl_kept_in_memory" not in caplog.text


def test_locked_keyring_says_so() -> None:
    backend = _MemoryBackend()
    store = KeyStore(backend)
    backend.broken = True
    assert store.get("w") is None
    assert store.problem and "locked" in store.problem


def test_empty_key_refused() -> None:
    with pytest.raises(ValueError):
        KeyStore(_MemoryBackend()).set("w", "")


_CHILD = textwrap.dedent(
    """
    from s200desk.secrets import KeyStore
    store = KeyStore()
    assert store.available, store.problem
    print("backend", store.backend_name)
    store.set("w1", "rl_secret_service_key")
    assert KeyStore().get("w1") == "rl_secret_service_key"
    store.delete("w1")
    assert KeyStore().get("w1") is None
    assert KeyStore().available
    print("ok")
    """
)


def test_real_secret_service(tmp_path: Path) -> None:
    """Needs the Debian packages dbus (dbus-run-session) and gnome-keyring."""
    for tool in ("dbus-run-session", "gnome-keyring-daemon"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} not installed (apt-get install dbus gnome-keyring)")
    script = tmp_path / "child.py"
    script.write_text(_CHILD)
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_RUNTIME_DIR": str(tmp_path / "run"),
    }
    (tmp_path / "run").mkdir(mode=0o700)
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    # A non-empty password makes gnome-keyring create and unlock a "login" collection without a
    # prompt; the whole session (bus, daemon) ends with the child.
    inner = (
        "printf 'test-password' | gnome-keyring-daemon --unlock --components=secrets >/dev/null"
        f" && exec {sys.executable} {script}"
    )
    result = subprocess.run(
        ["dbus-run-session", "--", "sh", "-c", inner],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SecretService" in result.stdout and result.stdout.strip().endswith("ok")
