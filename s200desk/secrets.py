"""API keys in the OS keyring (service "s200desk", one entry per workspace id).

When no keyring backend works (a headless Linux without a Secret Service, or a backend that
errors), keys are kept in this process's memory only, ``available`` turns False and ``problem``
says why in plain words. A key is never written to disk by this module and never logged.
"""

from __future__ import annotations

import logging
import threading

import keyring
import keyring.backend
import keyring.backends.fail
import keyring.errors

log = logging.getLogger(__name__)

SERVICE = "s200desk"

_NO_BACKEND = (
    "No system keyring is available on this computer (on Linux this needs a running Secret "
    "Service such as GNOME Keyring or KWallet). Your API key will be kept only until you quit "
    "s200desk, and you will be asked for it again next time."
)


def _backend_problem(backend: keyring.backend.KeyringBackend) -> str | None:
    if isinstance(backend, keyring.backends.fail.Keyring):
        return _NO_BACKEND
    try:
        priority = float(backend.priority)
    except Exception:  # a backend's priority probe may raise anything
        return _NO_BACKEND
    # keyring's null backend (-1) and an empty chainer (below fail's 0) store nothing.
    if priority <= 0:
        return _NO_BACKEND
    return None


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


class KeyStore:
    """Get, set and delete the API key of each workspace."""

    def __init__(self, backend: keyring.backend.KeyringBackend | None = None) -> None:
        self._backend = backend if backend is not None else keyring.get_keyring()
        self._session: dict[str, str] = {}
        self._lock = threading.Lock()
        self._problem: str | None = _backend_problem(self._backend)
        if self._problem:
            log.warning(
                "keyring unavailable (%s); keys kept for this session only",
                type(self._backend).__name__,
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
        return type(self._backend).__module__ + "." + type(self._backend).__name__

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
