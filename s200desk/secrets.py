"""API keys in the OS keyring (service "s200desk", one entry per workspace id).

When no keyring backend works (a headless Linux without a Secret Service, or a backend that
errors), keys are kept in this process's memory only, ``available`` turns False and ``problem``
says why in plain words. A key is never written to disk by this module and never logged.

A backend that would write the key to a file without real protection (keyrings.alt's
PlaintextKeyring keeps it base64 in ``keyring_pass.cfg``) counts as no keyring at all, unless the
user opts in with ``S200_ALLOW_INSECURE_KEYRING=1``: see ``weak_backend``.
"""

from __future__ import annotations

import logging
import os
import threading
from typing import Protocol

import keyring
import keyring.backend
import keyring.backends.chainer
import keyring.backends.fail
import keyring.errors

log = logging.getLogger(__name__)

SERVICE = "s200desk"
# Set to 1 to let keys go to a plaintext or weakly protected keyring file anyway.
ENV_ALLOW_INSECURE = "S200_ALLOW_INSECURE_KEYRING"

# Backends that keep secrets in a file anyone who can read the user's files can decode (keyrings.alt
# says so of itself; efile/cryptfile keep the file, and often its password, on the same disk).
# keyring's own null and fail backends store nothing at all.
_WEAK_MODULES = ("keyrings.alt", "keyrings.efile", "keyrings.cryptfile", "keyring.backends.null")
# keyring's convention: a priority below 1 means "works, but not recommended" (PlaintextKeyring
# is 0.5, EncryptedKeyring 0.6); the system keyrings are at 1 or above.
_RECOMMENDED_PRIORITY = 1.0

_NO_BACKEND = (
    "No system keyring is available on this computer (on Linux this needs a running Secret "
    "Service such as GNOME Keyring or KWallet). Your API key will be kept only until you quit "
    "s200desk, and you will be asked for it again next time."
)


_WEAK_BACKEND = (
    "The only keyring s200desk found on this computer ({name}) would store your API key in a "
    "file without real protection, so s200desk does not use it. Your API key will be kept only "
    "until you quit s200desk. Use your system's keyring (GNOME Keyring, KWallet, macOS Keychain, "
    "Windows Credential Manager), or set " + ENV_ALLOW_INSECURE + "=1 to accept file storage."
)


def insecure_allowed() -> bool:
    """The user's explicit opt-in to plaintext or weakly protected keyring files."""
    return os.environ.get(ENV_ALLOW_INSECURE, "").strip().lower() in {"1", "true", "yes", "on"}


def _priority(backend: keyring.backend.KeyringBackend) -> float | None:
    try:
        return float(backend.priority)
    except Exception:  # a backend's priority probe may raise anything
        return None


def weak_backend(backend: keyring.backend.KeyringBackend) -> bool:
    """True for a backend that keeps secrets unprotected (or not at all): a known plaintext or
    file backend, or one below keyring's "recommended" priority."""
    for cls in type(backend).__mro__:
        module = getattr(cls, "__module__", "") or ""
        if module.startswith(_WEAK_MODULES):
            return True
    priority = _priority(backend)
    return priority is None or priority < _RECOMMENDED_PRIORITY


def _backend_name(backend: keyring.backend.KeyringBackend) -> str:
    return type(backend).__module__ + "." + type(backend).__name__


def choose_backend(
    backend: keyring.backend.KeyringBackend, *, allow_insecure: bool
) -> tuple[keyring.backend.KeyringBackend, str | None]:
    """The backend keys may go to, and why none may (in the user's words) when that is so.

    A chainer writes to its first member and reads from all of them, so it is narrowed to its
    strongest safe member: a plaintext file installed next to the system keyring is never read
    or written.
    """
    if isinstance(backend, keyring.backends.fail.Keyring):
        return backend, _NO_BACKEND
    if isinstance(backend, keyring.backends.chainer.ChainerBackend):
        try:
            members = list(backend.backends)
        except Exception:  # discovering backends may fail like any backend call
            members = []
        safe = [m for m in members if allow_insecure or not weak_backend(m)]
        usable = [m for m in safe if (_priority(m) or 0) > 0]
        if usable:
            return usable[0], None
        weak = [m for m in members if weak_backend(m) and (_priority(m) or 0) > 0]
        if weak:
            return backend, _WEAK_BACKEND.format(name=_backend_name(weak[0]))
        return backend, _NO_BACKEND
    priority = _priority(backend)
    # keyring's null backend (-1) and an empty chainer (below fail's 0) store nothing.
    if priority is None or priority <= 0:
        return backend, _NO_BACKEND
    if not allow_insecure and weak_backend(backend):
        return backend, _WEAK_BACKEND.format(name=_backend_name(backend))
    return backend, None


def _error_problem(action: str, exc: BaseException) -> str:
    # The exception type says enough (locked, no D-Bus, ...); its text is not shown because some
    # backends echo what they were given.
    kind = type(exc).__name__
    if isinstance(exc, keyring.errors.KeyringLocked):
        why = "the keyring is locked and was not unlocked"
    elif isinstance(exc, keyring.errors.NoKeyringError):
        return _NO_BACKEND
    else:
        why = f"it reported an error ({kind})"
    return (
        f"The system keyring could not {action} your API key because {why}. Your key will be "
        "kept only until you quit s200desk."
    )


class KeyStorage(Protocol):
    """What the app asks of a key store (``KeyStore``, or one opened on first use)."""

    @property
    def available(self) -> bool: ...

    @property
    def problem(self) -> str | None: ...

    def get(self, workspace_id: str) -> str | None: ...

    def set(self, workspace_id: str, key: str) -> None: ...

    def delete(self, workspace_id: str) -> None: ...


class KeyStore:
    """Get, set and delete the API key of each workspace."""

    def __init__(
        self,
        backend: keyring.backend.KeyringBackend | None = None,
        *,
        allow_insecure: bool | None = None,
    ) -> None:
        """``allow_insecure`` None: as ``S200_ALLOW_INSECURE_KEYRING`` says (default: refuse)."""
        chosen = backend if backend is not None else keyring.get_keyring()
        allow = insecure_allowed() if allow_insecure is None else allow_insecure
        self._backend, self._problem = choose_backend(chosen, allow_insecure=allow)
        self._session: dict[str, str] = {}
        self._lock = threading.Lock()
        if self._problem:
            log.warning(
                "keyring unavailable (%s); keys kept for this session only",
                _backend_name(self._backend),
            )
        elif allow and weak_backend(self._backend):
            log.warning(
                "keys go to %s, which does not protect them (%s is set)",
                _backend_name(self._backend),
                ENV_ALLOW_INSECURE,
            )

    @property
    def available(self) -> bool:
        """True while keys go to (and come from) the OS keyring."""
        return self._problem is None

    @property
    def problem(self) -> str | None:
        """Why keys are kept for this session only, in the user's words; None when all is well."""
        return self._problem

    @property
    def backend_name(self) -> str:
        return _backend_name(self._backend)

    def _fail(self, action: str, exc: BaseException) -> None:
        self._problem = _error_problem(action, exc)
        log.warning(
            "keyring %s failed (%s); keys kept for this session only", action, type(exc).__name__
        )

    def get(self, workspace_id: str) -> str | None:
        """The stored key of ``workspace_id``, or None."""
        with self._lock:
            if workspace_id in self._session:
                return self._session[workspace_id]
            if not self.available:
                return None
            try:
                return self._backend.get_password(SERVICE, workspace_id)
            except Exception as exc:  # any backend failure means "no keyring", not a crash
                self._fail("read", exc)
                return None

    def set(self, workspace_id: str, key: str) -> None:
        """Store ``key`` for ``workspace_id`` (in memory for this session if no keyring works)."""
        if not key:
            raise ValueError("an empty key cannot be stored")
        with self._lock:
            if self.available:
                try:
                    self._backend.set_password(SERVICE, workspace_id, key)
                except Exception as exc:
                    self._fail("save", exc)
                else:
                    self._session.pop(workspace_id, None)
                    return
            self._session[workspace_id] = key

    def delete(self, workspace_id: str) -> None:
        """Forget the key of ``workspace_id``; no error when there was none."""
        with self._lock:
            self._session.pop(workspace_id, None)
            if not self.available:
                return
            try:
                self._backend.delete_password(SERVICE, workspace_id)
            except keyring.errors.PasswordDeleteError:
                pass
            except Exception as exc:
                self._fail("delete", exc)

    def __repr__(self) -> str:
        return f"KeyStore(backend={self.backend_name}, available={self.available})"
