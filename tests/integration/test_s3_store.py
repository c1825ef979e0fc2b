"""The S3 store's refusals against real servers: denied actions named with the connection id.

moto with IAM enforced holds a user who may put and get under the prefix but not delete; SeaweedFS
answers a missing bucket. Each refusal is checked by its class and fields, as the doctor reads it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from xcomkit.errors import AccessDeniedError, BucketMissingError, CredentialsError, ObjectMissingError
from xcomkit.location import Location
from xcomkit.stores import open_store

if TYPE_CHECKING:
    from collections.abc import Callable

    from xcomkit.stores.base import Store
    from xcomkit_dev.moto_iam import MotoIAM
    from xcomkit_dev.s3_servers import S3Endpoint

pytestmark = pytest.mark.integration

BUCKET = "xcom-denied"
PREFIX = "xcom"
POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": ["s3:PutObject", "s3:GetObject"],
            "Resource": f"arn:aws:s3:::{BUCKET}/{PREFIX}/*",
        },
        {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": f"arn:aws:s3:::{BUCKET}"},
    ],
}


@pytest.fixture(scope="module")
def no_delete_user(moto_iam: MotoIAM) -> S3Endpoint:
    """A user who may put and get under the prefix but not delete; IAM enforced from here on."""
    moto_iam.root.client().create_bucket(Bucket=BUCKET)
    user = moto_iam.user("xcom-no-delete", POLICY)
    moto_iam.enforce()
    return user


@pytest.fixture
def store_of(xcomkit_env: pytest.MonkeyPatch) -> Callable[[S3Endpoint, str], Store]:
    """Open the S3 store on BUCKET/PREFIX (or another bucket) with a server identity's connection."""

    def open_with(identity: S3Endpoint, bucket: str = BUCKET) -> Store:
        xcomkit_env.setenv("AIRFLOW_CONN_XCOM_LIMITED", identity.connection_uri())
        return open_store(Location.parse(f"s3://xcom_limited@{bucket}/{PREFIX}"))

    return open_with


def test_allowed_actions_work(store_of: Callable[..., Store], no_delete_user: S3Endpoint) -> None:
    store = store_of(no_delete_user)
    checksum = store.put(f"{PREFIX}/dag/k.json", b"1")
    assert store.get(f"{PREFIX}/dag/k.json", checksum) == b"1"
    with pytest.raises(ObjectMissingError, match=rf"no object at s3://{BUCKET}/{PREFIX}/dag/missing"):
        store.get(f"{PREFIX}/dag/missing")


def test_denied_delete_names_action_connection_and_arn(
    store_of: Callable[..., Store], no_delete_user: S3Endpoint
) -> None:
    store = store_of(no_delete_user)
    store.put(f"{PREFIX}/dag/k.json", b"1")
    with pytest.raises(AccessDeniedError) as info:
        store.delete(f"{PREFIX}/dag/k.json")
    err = info.value
    assert "connection 'xcom_limited' may not s3:DeleteObject" in err.detail
    assert (err.action, err.resource) == ("s3:DeleteObject", f"arn:aws:s3:::{BUCKET}/{PREFIX}/*")
    assert err.fix.startswith(f"grant s3:DeleteObject on arn:aws:s3:::{BUCKET}/{PREFIX}/*")
    assert isinstance(err, PermissionError)


def test_write_outside_the_prefix_is_denied(
    store_of: Callable[..., Store], no_delete_user: S3Endpoint
) -> None:
    with pytest.raises(AccessDeniedError, match=f"may not s3:PutObject on s3://{BUCKET}/elsewhere/k"):
        store_of(no_delete_user).put("elsewhere/k", b"1")


def test_wrong_credentials_name_the_connection(
    store_of: Callable[..., Store], no_delete_user: S3Endpoint
) -> None:
    store = store_of(no_delete_user.with_keys("AKIAWRONG", "wrong"))
    with pytest.raises(CredentialsError) as info:
        store.put(f"{PREFIX}/k", b"1")
    assert "credentials of Airflow connection 'xcom_limited' were rejected" in info.value.detail


def test_missing_bucket_is_named(store_of: Callable[..., Store], s3_server: S3Endpoint) -> None:
    with pytest.raises(BucketMissingError) as info:
        store_of(s3_server, "no-such-bucket").get(f"{PREFIX}/k")
    assert info.value.detail == "bucket 'no-such-bucket' does not exist for connection 'xcom_limited'"
    assert info.value.resource == "arn:aws:s3:::no-such-bucket"
