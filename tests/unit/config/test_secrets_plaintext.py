"""A keyring that would write the key to a file unprotected counts as no keyring: the key stays
in memory for this session, nothing reaches the disk, and the user is told why, unless they opted
in with S200_ALLOW_INSECURE_KEYRING."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backend
import keyring.backends.chainer
import pytest
from memory_keyring import MemoryKeyring
from plaintext_keyring import PlaintextFileKeyring

from s200desk.secrets import ENV_ALLOW_INSECURE, SERVICE, KeyStore

KEY = "rl_plaintext_would_leak_this"


class ConfidentPlaintext(PlaintextFileKeyring):
    """The same file, claiming a system keyring's priority, as a misconfigured plugin could."""

    priority = 5  # type: ignore[assignment]


# Known by where it comes from, whatever priority it claims.
ConfidentPlaintext.__module__ = "keyrings.alt.file"


@pytest.fixture
def restore_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv(ENV_ALLOW_INSECURE, raising=False)
    before = keyring.get_keyring()
    yield
    keyring.set_keyring(before)


def _on_disk(folder: Path) -> str:
    return "".join(p.read_text() for p in folder.rglob("*") if p.is_file())


@pytest.mark.usefixtures("restore_keyring")
@pytest.mark.parametrize("backend_class", [PlaintextFileKeyring, ConfidentPlaintext])
def test_a_plaintext_keyring_gets_nothing_and_the_user_is_told(
    tmp_path: Path, backend_class: type[PlaintextFileKeyring]
) -> None:
    backend = backend_class(tmp_path)
    keyring.set_keyring(backend)
    store = KeyStore()
    store.set("w1", KEY)
    assert store.get("w1") == KEY  # usable for this session
    assert not backend.file_path.exists()
    assert base64.b64encode(KEY.encode()).decode() not in _on_disk(tmp_path)
    assert store.available is False
    assert store.problem is not None
    assert "without real protection" in store.problem
    assert "only until you quit" in store.problem
    assert ENV_ALLOW_INSECURE in store.problem  # how to opt in, named
    assert KeyStore().get("w1") is None  # a new process would ask again


@pytest.mark.usefixtures("restore_keyring")
def test_a_key_left_in_a_plaintext_file_is_not_read(tmp_path: Path) -> None:
    backend = PlaintextFileKeyring(tmp_path)
    backend.set_password(SERVICE, "w1", KEY)
    assert KeyStore(backend).get("w1") is None


@pytest.mark.usefixtures("restore_keyring")
def test_a_chain_uses_the_system_keyring_and_skips_the_plaintext_file(tmp_path: Path) -> None:
    safe = MemoryKeyring()
    plain = ConfidentPlaintext(tmp_path)

    class Chain(keyring.backends.chainer.ChainerBackend):
        backends = (plain, safe)  # type: ignore[assignment]  # the file ranked first

    keyring.set_keyring(Chain())
    store = KeyStore()
    store.set("w1", KEY)
    assert store.available and store.problem is None
    assert safe.data == {(SERVICE, "w1"): KEY}
    assert not plain.file_path.exists()


@pytest.mark.usefixtures("restore_keyring")
def test_a_chain_of_plaintext_files_only_is_no_keyring(tmp_path: Path) -> None:
    plain = PlaintextFileKeyring(tmp_path)

    class Chain(keyring.backends.chainer.ChainerBackend):
        backends = (plain,)  # type: ignore[assignment]

    store = KeyStore(Chain())
    store.set("w1", KEY)
    assert store.problem and "without real protection" in store.problem
    assert not plain.file_path.exists()


@pytest.mark.usefixtures("restore_keyring")
def test_the_user_may_opt_in_to_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_ALLOW_INSECURE, "1")
    backend = PlaintextFileKeyring(tmp_path)
    keyring.set_keyring(backend)
    store = KeyStore()
    assert store.available and store.problem is None
    store.set("w1", KEY)
    assert KeyStore().get("w1") == KEY  # it persists, as the user asked
    assert backend.file_path.exists()
