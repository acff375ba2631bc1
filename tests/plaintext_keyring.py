"""A keyring backend that does what keyrings.alt.file.PlaintextKeyring does, without depending on
keyrings.alt: base64 in ``keyring_pass.cfg``, at keyrings.alt's own "not recommended" priority."""

from __future__ import annotations

import base64
import configparser
from pathlib import Path

import keyring.backend


class PlaintextFileKeyring(keyring.backend.KeyringBackend):
    """What keyrings.alt.file.PlaintextKeyring does: base64 in ``keyring_pass.cfg``."""

    priority = 0.5  # type: ignore[assignment]  # keyrings.alt's own value: "not recommended"

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.file_path = folder / "keyring_pass.cfg"

    def _read(self) -> configparser.RawConfigParser:
        config = configparser.RawConfigParser()
        config.read(self.file_path)
        return config

    def get_password(self, service: str, username: str) -> str | None:
        config = self._read()
        if not config.has_option(service, username):
            return None
        return base64.b64decode(config.get(service, username)).decode()

    def set_password(self, service: str, username: str, password: str) -> None:
        config = self._read()
        if not config.has_section(service):
            config.add_section(service)
        config.set(service, username, base64.b64encode(password.encode()).decode())
        with self.file_path.open("w") as fh:
            config.write(fh)

    def delete_password(self, service: str, username: str) -> None:
        config = self._read()
        if config.remove_option(service, username):
            with self.file_path.open("w") as fh:
                config.write(fh)
