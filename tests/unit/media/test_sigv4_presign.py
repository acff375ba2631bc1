"""Our SigV4 presigner: AWS's published example, and byte-for-byte what botocore produces."""

from __future__ import annotations

from datetime import UTC, datetime
from unittest import mock
from urllib.parse import parse_qsl, urlsplit

import pytest

from s200desk.services.media.sigv4 import presign_url


def test_aws_documented_example() -> None:
    # https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html
    url = presign_url(
        "GET", "https://examplebucket.s3.amazonaws.com/test.txt",
        access_key="AKIAIOSFODNN7EXAMPLE", secret_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        region="us-east-1", expires=86400, now=datetime(2013, 5, 24, tzinfo=UTC),
    )  # fmt: skip
    assert url.endswith(
        "X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"
    )


@pytest.mark.parametrize(
    ("style", "endpoint", "key", "acl", "token"),
    [
        ("path", "http://127.0.0.1:9000", "s200desk/2026/11/ä b+c.png", "public-read", None),
        ("path", "https://acc.r2.cloudflarestorage.com", "x/y.mp4", None, None),
        ("virtual", "https://s3.eu-central-1.amazonaws.com", "p/q r.webm", None, "TOKEN/+="),
    ],
)
def test_same_url_as_botocore(
    style: str, endpoint: str, key: str, acl: str | None, token: str | None
) -> None:
    botocore_session = pytest.importorskip("botocore.session")
    from botocore.config import Config

    from s200desk.services.media.hosts import S3Credentials, S3Host

    fixed = datetime(2026, 11, 28, 10, 0, 0)
    client = botocore_session.get_session().create_client(
        "s3", region_name="eu-central-1", endpoint_url=endpoint, aws_access_key_id="AKID",
        aws_secret_access_key="se/cr+et", aws_session_token=token,
        config=Config(signature_version="s3v4", s3={"addressing_style": style}),
    )  # fmt: skip
    params = {"Bucket": "media-test", "Key": key}
    if acl:
        params["ACL"] = acl
    with mock.patch("botocore.auth.get_current_datetime", return_value=fixed):
        expected = client.generate_presigned_url("put_object", Params=params, ExpiresIn=3600)

    host = S3Host(
        endpoint_url=endpoint, region="eu-central-1", bucket="media-test",
        credentials=S3Credentials("AKID", "se/cr+et", token), http=mock.Mock(),
        addressing_style=style, acl=acl, now=lambda: fixed.replace(tzinfo=UTC),
    )  # fmt: skip
    url, headers = host.presigned_put(key, "image/png")
    # Same path and the same parameters (the signature among them); botocore does not sort the
    # security token into place in the query string, which S3 does not require.
    assert url.split("?")[0] == expected.split("?")[0]
    assert sorted(parse_qsl(urlsplit(url).query)) == sorted(parse_qsl(urlsplit(expected).query))
    if token is None:
        assert url == expected
    assert headers.get("x-amz-acl") == acl


def test_expiry_bounds() -> None:
    with pytest.raises(ValueError):
        presign_url("PUT", "https://h/b/k", access_key="a", secret_key="s", region="r", expires=0)
    with pytest.raises(ValueError):
        presign_url("PUT", "ftp://h/b/k", access_key="a", secret_key="s", region="r")


def test_credentials_repr_hides_the_secret() -> None:
    from s200desk.services.media.hosts import S3Credentials

    text = repr(S3Credentials("AKIDEXAMPLE", "very-secret"))
    assert "very-secret" not in text and "AKIDEXAMPLE" not in text
