"""The S3 store's refusals against real servers: denied actions named with the connection id."""

from __future__ import annotations

import json
import urllib.request
from typing import TYPE_CHECKING

import pytest

from xcomkit.errors import ObjectMissingError, StoreAccessError
from xcomkit.location import Location
from xcomkit.stores import open_store
from xcomkit_dev.s3_servers import S3Endpoint, moto

if TYPE_CHECKING:
    from collections.abc import Iterator

pytestmark = pytest.mark.integration

BUCKET = "xcom-denied"
PREFIX = "xcom"


def _policy(actions: list[str]) -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Action": actions, "Resource": f"arn:aws:s3:::{BUCKET}/{PREFIX}/*"},
                {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": f"arn:aws:s3:::{BUCKET}"},
            ],
        }
    )


@pytest.fixture(scope="module")
def iam_moto() -> Iterator[tuple[S3Endpoint, S3Endpoint]]:
    """moto with IAM enforced, and a user who may put and get but not delete."""
    import boto3

    with moto() as root:
        root.client().create_bucket(Bucket=BUCKET)
        iam = boto3.client(
            "iam",
            endpoint_url=root.url,
            aws_access_key_id="a",
            aws_secret_access_key="b",
            region_name="us-east-1",
        )
        iam.create_user(UserName="xcom-no-delete")
        iam.put_user_policy(
            UserName="xcom-no-delete",
            PolicyName="xcom",
            PolicyDocument=_policy(["s3:PutObject", "s3:GetObject"]),
        )
        key = iam.create_access_key(UserName="xcom-no-delete")["AccessKey"]
        request = urllib.request.Request(  # noqa: S310 - loopback moto server
            f"{root.url}/moto-api/reset-auth",
            data=b"0",
            headers={"Content-Type": "text/plain"},
            method="POST",
        )
        urllib.request.urlopen(request).close()  # noqa: S310
        yield root, S3Endpoint(root.url, key["AccessKeyId"], key["SecretAccessKey"])


@pytest.fixture
def denied_store(iam_moto: tuple[S3Endpoint, S3Endpoint], monkeypatch: pytest.MonkeyPatch):
    _, user = iam_moto
    monkeypatch.setenv("AIRFLOW_CONN_XCOM_LIMITED", user.connection_uri())
    open_store.cache_clear()
    yield open_store(Location.parse(f"s3://xcom_limited@{BUCKET}/{PREFIX}"))
    open_store.cache_clear()


def test_allowed_actions_work(denied_store) -> None:
    denied_store.put(f"{PREFIX}/dag/k.json", b"1")
    assert denied_store.get(f"{PREFIX}/dag/k.json") == b"1"
    with pytest.raises(ObjectMissingError, match=rf"no object at s3://{BUCKET}/{PREFIX}/dag/missing"):
        denied_store.get(f"{PREFIX}/dag/missing")


def test_denied_delete_names_action_connection_and_arn(denied_store) -> None:
    denied_store.put(f"{PREFIX}/dag/k.json", b"1")
    with pytest.raises(StoreAccessError) as info:
        denied_store.delete(f"{PREFIX}/dag/k.json")
    message = str(info.value)
    assert "connection 'xcom_limited' may not s3:DeleteObject" in message
    assert f"grant s3:DeleteObject on arn:aws:s3:::{BUCKET}/{PREFIX}/*" in message
    assert isinstance(info.value, PermissionError)


def test_write_outside_the_prefix_is_denied(denied_store) -> None:
    with pytest.raises(StoreAccessError, match="may not s3:PutObject on s3://xcom-denied/elsewhere/k"):
        denied_store.put("elsewhere/k", b"1")


def test_wrong_credentials_name_the_connection(
    iam_moto: tuple[S3Endpoint, S3Endpoint], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, _ = iam_moto
    monkeypatch.setenv("AIRFLOW_CONN_XCOM_BAD", S3Endpoint(root.url, "AKIAWRONG", "wrong").connection_uri())
    open_store.cache_clear()
    store = open_store(Location.parse(f"s3://xcom_bad@{BUCKET}/{PREFIX}"))
    with pytest.raises(StoreAccessError, match="credentials of Airflow connection 'xcom_bad' were rejected"):
        store.put(f"{PREFIX}/k", b"1")
    open_store.cache_clear()


def test_missing_bucket_is_named(s3_server: S3Endpoint, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AIRFLOW_CONN_XCOM_WEED", s3_server.connection_uri())
    open_store.cache_clear()
    store = open_store(Location.parse("s3://xcom_weed@no-such-bucket/xcom"))
    with pytest.raises(
        StoreAccessError, match="bucket 'no-such-bucket' does not exist for connection 'xcom_weed'"
    ):
        store.get("xcom/k")
    open_store.cache_clear()


def test_large_value_goes_multipart_and_round_trips(
    s3_server: S3Endpoint, monkeypatch: pytest.MonkeyPatch
) -> None:
    from xcomkit.stores import s3 as s3_module

    s3_server.client().create_bucket(Bucket="xcom-large")
    monkeypatch.setenv("AIRFLOW_CONN_XCOM_WEED", s3_server.connection_uri())
    monkeypatch.setattr(s3_module, "MULTIPART_THRESHOLD", 8 * 1024 * 1024)
    monkeypatch.setattr(s3_module, "MULTIPART_CHUNK", 5 * 1024 * 1024)
    open_store.cache_clear()
    store = open_store(Location.parse("s3://xcom_weed@xcom-large/xcom"))
    data = bytes(range(256)) * (64 * 1024)  # 16 MiB: four parts
    store.put("xcom/big.bin", data)
    head = s3_server.client().head_object(Bucket="xcom-large", Key="xcom/big.bin")
    assert "-" in head["ETag"], "expected a multipart ETag"
    assert store.get("xcom/big.bin") == data
    open_store.cache_clear()
