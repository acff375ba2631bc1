"""Settings › Media hosting: the S3-compatible bucket local files are uploaded to.

The fields are ``MediaHostSettings`` (saved as JSON for the workspace); the access and secret
keys go to the keyring only. "Check" uploads a tiny picture with these very settings and reads
it back from its public URL, so a wrong key, bucket or public URL shows up here rather than on
the first real upload. Opened with ``open()`` (never ``exec()`` under qasync).
"""

from __future__ import annotations

import asyncio
import tempfile
import uuid
import zlib
from pathlib import Path
from typing import Any

import httpx
from pydantic import ValidationError

from s200desk.services.media import (
    HostCredentialStore,
    HostError,
    MediaHostSettings,
    S3Credentials,
    S3Host,
    load_host_settings,
    save_host_settings,
)
from s200desk.ui.qt import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    Signal,
)
from s200desk.ui.tasks import TaskKeeper
from s200desk.ui.theme import set_tone


def _tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (len(data).to_bytes(4, "big") + kind + data
                + (zlib.crc32(kind + data) & 0xFFFFFFFF).to_bytes(4, "big"))

    ihdr = (1).to_bytes(4, "big") * 2 + bytes([8, 2, 0, 0, 0])
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(b"\x00\x63\x66\xf1")) + chunk(b"IEND", b""))


class MediaHostDialog(QDialog):
    """Edit, check and save one workspace's media host."""

    checked = Signal(bool, str)  # ok, what happened in words
    saved = Signal()

    def __init__(self, workspace_id: str, keystore: Any, tasks: TaskKeeper,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Media hosting")
        self.setObjectName("mediaHostDialog")
        self.workspace_id = workspace_id
        self.tasks = tasks
        self.creds_store = HostCredentialStore(keystore)
        current = load_host_settings(workspace_id)
        creds = self.creds_store.get(workspace_id)

        lay = QVBoxLayout(self)
        intro = QLabel(
            "Local files need a public web address before the API can take them. Give an "
            "S3-compatible bucket (AWS S3, Cloudflare R2, MinIO, Backblaze B2…) whose objects "
            "anyone can read. In demo mode the demo server hosts files and nothing is needed.",
            self,
        )
        intro.setWordWrap(True)
        lay.addWidget(intro)
        form = QFormLayout()
        self.kind = QComboBox(self)
        for value, text in (("auto", "Automatic (demo server in demo mode)"),
                            ("s3", "S3-compatible bucket"), ("none", "None")):
            self.kind.addItem(text, value)
        self.kind.setCurrentIndex(max(0, self.kind.findData(current.kind)))
        self.endpoint = QLineEdit(current.endpoint_url, self)
        self.endpoint.setPlaceholderText("https://<account>.r2.cloudflarestorage.com")
        self.region = QLineEdit(current.region, self)
        self.bucket = QLineEdit(current.bucket, self)
        self.prefix = QLineEdit(current.key_prefix, self)
        self.public = QLineEdit(current.public_base_url, self)
        self.public.setPlaceholderText("https://media.example.com (empty: the endpoint's URL)")
        self.acl = QLineEdit(current.acl or "", self)
        self.acl.setPlaceholderText("public-read (only for buckets that use ACLs)")
        self.access = QLineEdit(creds.access_key if creds else "", self)
        self.secret = QLineEdit(creds.secret_key if creds else "", self)
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        for label, widget in (("Host", self.kind), ("Endpoint", self.endpoint),
                              ("Region", self.region), ("Bucket", self.bucket),
                              ("Key prefix", self.prefix), ("Public base URL", self.public),
                              ("Object ACL", self.acl), ("Access key", self.access),
                              ("Secret key", self.secret)):
            form.addRow(label, widget)
        lay.addLayout(form)
        if getattr(keystore, "problem", None):
            warn = QLabel(str(keystore.problem), self)
            warn.setWordWrap(True)
            lay.addWidget(warn)
        self.result_label = QLabel("", self)
        self.result_label.setObjectName("mediaHostResult")
        self.result_label.setWordWrap(True)
        lay.addWidget(self.result_label)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.check_button = QPushButton("Check", self)
        self.check_button.setObjectName("checkMediaHost")
        buttons.addButton(self.check_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.check_button.clicked.connect(self.check)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self._http: httpx.AsyncClient | None = None

    # -- values ----------------------------------------------------------------------------

    def settings(self) -> MediaHostSettings:
        """The form as settings; ValueError (plain words) when a field is wrong."""
        try:
            return MediaHostSettings(
                kind=self.kind.currentData(), endpoint_url=self.endpoint.text(),
                region=self.region.text().strip() or "us-east-1", bucket=self.bucket.text().strip(),
                key_prefix=self.prefix.text().strip(), public_base_url=self.public.text(),
                acl=self.acl.text().strip() or None,
            )  # fmt: skip
        except ValidationError as exc:
            first = exc.errors()[0]
            field = ".".join(str(p) for p in first["loc"])
            raise ValueError(f"{field}: {first['msg'].removeprefix('Value error, ')}") from exc

    def credentials(self) -> S3Credentials | None:
        access, secret = self.access.text().strip(), self.secret.text().strip()
        return S3Credentials(access, secret) if access and secret else None

    def _say(self, ok: bool, text: str) -> None:
        self.result_label.setText(text)
        set_tone(self.result_label, "success" if ok else "danger")
        self.checked.emit(ok, text)

    # -- actions ---------------------------------------------------------------------------

    def save(self) -> None:
        try:
            settings = self.settings()
        except ValueError as exc:
            self._say(False, str(exc))
            return
        save_host_settings(self.workspace_id, settings)
        creds = self.credentials()
        if creds is not None:
            self.creds_store.set(self.workspace_id, creds)
        self.saved.emit()
        self.accept()

    def check(self) -> None:
        self.check_button.setEnabled(False)
        self.result_label.setText("Checking…")
        task = self.tasks.start(self._check(), name="media-host-check")
        task.add_done_callback(lambda _t: self.check_button.setEnabled(True))

    async def _check(self) -> None:
        try:
            settings = self.settings()
        except ValueError as exc:
            self._say(False, str(exc))
            return
        creds = self.credentials()
        if not settings.configured or creds is None:
            self._say(False, "Fill in the endpoint, the bucket and both keys first.")
            return
        async with httpx.AsyncClient() as http:
            host = S3Host(
                endpoint_url=settings.endpoint_url, region=settings.region,
                bucket=settings.bucket, credentials=creds, http=http,
                public_base_url=settings.public_base_url,
                addressing_style=settings.addressing_style, acl=settings.acl,
            )  # fmt: skip
            data = _tiny_png()
            tmp = Path(tempfile.mkdtemp(prefix="s200-hostcheck-")) / "check.png"
            await asyncio.to_thread(tmp.write_bytes, data)
            key = f"{settings.key_prefix}s200desk-check-{uuid.uuid4().hex[:8]}.png"
            try:
                url = await host.put(tmp, key, content_type="image/png", size=len(data),
                                     progress=None)
            except HostError as exc:
                self._say(False, exc.reason)
                return
            finally:
                tmp.unlink(missing_ok=True)
                tmp.parent.rmdir()
            try:
                back = await http.get(url, timeout=15.0, follow_redirects=True)
            except httpx.HTTPError as exc:
                self._say(False, f"Uploaded, but its public address cannot be reached "
                                 f"({type(exc).__name__}): check the public base URL.")
                return
            if back.status_code != 200 or back.content != data:
                self._say(False, f"Uploaded, but anyone reading {url} gets HTTP "
                                 f"{back.status_code}: make the bucket's objects public "
                                 "or set the public base URL.")
                return
            self._say(True, f"Works: a test picture was uploaded and read back from {url}.")
