"""Settings › Media hosting against a real S3-compatible server (moto) on loopback."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from memory_keyring import MemoryKeyring
from ui_support import until

from s200desk.secrets import KeyStore
from s200desk.services.media import HostCredentialStore, load_host_settings
from s200desk.ui.media.host_dialog import MediaHostDialog
from s200desk.ui.qt import Qt
from s200desk.ui.tasks import TaskKeeper

moto_server = pytest.importorskip("moto.server")
boto3 = pytest.importorskip("boto3")




@pytest.fixture(scope="module")
def s3() -> Iterator[tuple[str, str, str]]:
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                          aws_access_key_id="AKIDUI", aws_secret_access_key="ui-secret")
    public, private = f"pub-{uuid.uuid4().hex[:8]}", f"priv-{uuid.uuid4().hex[:8]}"
    for name in (public, private):
        client.create_bucket(Bucket=name)
    client.put_bucket_policy(Bucket=public, Policy=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*",
        "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{public}/*"}]}))
    try:
        yield endpoint, public, private
    finally:
        server.stop()


def fill(dialog: MediaHostDialog, endpoint: str, bucket: str) -> None:
    dialog.kind.setCurrentIndex(dialog.kind.findData("s3"))
    dialog.endpoint.setText(endpoint)
    dialog.region.setText("us-east-1")
    dialog.bucket.setText(bucket)
    dialog.access.setText("AKIDUI")
    dialog.secret.setText("ui-secret")


@pytest.mark.parametrize(
    ("which", "ok", "words"),
    [
        ("public", True, "Works: a test picture was uploaded and read back"),
        ("private", False, "make the bucket's objects public"),
        ("missing", False, "there is no bucket named"),
    ],
)
def test_check_tells_what_is_wrong(
    qtbot: Any, arun: Any, s3: tuple[str, str, str], which: str, ok: bool, words: str
) -> None:
    endpoint, public, private = s3
    bucket = {"public": public, "private": private, "missing": "no-such-bucket"}[which]
    tasks = TaskKeeper()
    dialog = MediaHostDialog("ws1", KeyStore(MemoryKeyring()), tasks)
    qtbot.addWidget(dialog)
    fill(dialog, endpoint, bucket)
    results: list[tuple[bool, str]] = []
    dialog.checked.connect(lambda good, text: results.append((good, text)))
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    arun(until(lambda: bool(results), timeout=20, what="check finished"))
    assert results[0][0] is ok and words in results[0][1], results
    arun(tasks.aclose())


def test_save_puts_keys_in_the_keyring_and_the_rest_on_disk(
    qtbot: Any, s3: tuple[str, str, str]
) -> None:
    backend = MemoryKeyring()
    keystore = KeyStore(backend)
    dialog = MediaHostDialog("ws1", keystore, TaskKeeper())
    qtbot.addWidget(dialog)
    fill(dialog, s3[0], s3[1])
    dialog.endpoint.setText("http://s3.example.com")  # not https, not this computer
    dialog.save()
    assert "https" in dialog.result_label.text()
    dialog.endpoint.setText(s3[0])
    with qtbot.waitSignal(dialog.saved, timeout=2000):
        dialog.save()
    saved = load_host_settings("ws1")
    assert (saved.kind, saved.endpoint_url, saved.bucket) == ("s3", s3[0], s3[1])
    creds = HostCredentialStore(keystore).get("ws1")
    assert creds is not None and creds.secret_key == "ui-secret"
    assert "ui-secret" not in saved.model_dump_json()
