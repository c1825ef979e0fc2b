"""Wrong credentials, missing bucket, region mismatch: each mapped to an error that names the fix.

Wrong credentials and the missing bucket come from a real server: moto with IAM enforcement on
(SeaweedFS's `weed mini` accepts any key and answers AccessDenied for a missing bucket). Region
errors are not emulated by moto or SeaweedFS, so those cases drive the store's error mapping with
botocore's Stubber, using the error shapes AWS returns (documented in each test).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from botocore.exceptions import ClientError
from botocore.stub import Stubber

from xcomkit.errors import (
    AccessDeniedError,
    BucketMissingError,
    CredentialsError,
    ObjectMissingError,
    StoreAccessError,
    StoreUnavailableError,
    WrongRegionError,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from xcomkit_dev.moto_iam import MotoIAM
    from xcomkit_dev.s3_servers import S3Endpoint
    from xcomkit_dev.worker import Worker

pytestmark = pytest.mark.integration

BUCKET = "xcom-moto"
WRONG_SECRET = "wrong-Secret/Key+Sentinel-7f3a"


@pytest.fixture(scope="module")
def moto_user(moto_iam: MotoIAM) -> S3Endpoint:
    """The bucket and an IAM user with full access, then moto's IAM enforcement on."""
    moto_iam.root.client().create_bucket(Bucket=BUCKET)
    user = moto_iam.user("airflow")
    moto_iam.enforce()
    return user


@pytest.fixture
def on_moto(s3_worker: Callable[..., Worker], moto_user: S3Endpoint) -> Callable[..., Worker]:
    def configure(
        *, bucket: str = BUCKET, access_key: str | None = None, secret_key: str | None = None
    ) -> Worker:
        server = moto_user.with_keys(access_key or moto_user.access_key, secret_key or moto_user.secret_key)
        return s3_worker(server=server, bucket=bucket)

    return configure


def test_valid_credentials_work(on_moto: Callable[..., Worker]) -> None:
    kit = on_moto()
    assert kit.pull(kit.push({"ok": True})) == {"ok": True}


def test_unknown_access_key_names_the_connection(on_moto: Callable[..., Worker]) -> None:
    kit = on_moto(access_key="AKIAUNKNOWNKEY000000")
    with pytest.raises(CredentialsError) as info:
        kit.push({"a": 1})
    assert info.value.detail == (
        "the credentials of Airflow connection 'xcom_s3' were rejected (InvalidAccessKeyId) on "
        f"s3://{BUCKET}/xcom/hostile/manual__2024-01-01T00%3A00%3A00%2B00%3A00/t/-1/return_value.json"
    )
    assert info.value.fix.startswith("update the connection's access key and secret")
    assert info.value.action == "s3:PutObject"


def test_wrong_secret_is_rejected_and_never_shown(on_moto: Callable[..., Worker]) -> None:
    kit = on_moto(secret_key=WRONG_SECRET)
    with pytest.raises(StoreAccessError, match=r"'xcom_s3' were rejected \(SignatureDoesNotMatch\)") as info:
        kit.push({"a": 1})
    texts = [str(info.value), repr(info.value), str(info.value.__cause__), repr(info.value.__cause__)]
    assert not [t for t in texts if "Sentinel" in t]


def test_missing_bucket_says_create_it(on_moto: Callable[..., Worker]) -> None:
    kit = on_moto(bucket="no-such-bucket")
    with pytest.raises(BucketMissingError) as info:
        kit.push({"a": 1})
    assert info.value.detail == "bucket 'no-such-bucket' does not exist for connection 'xcom_s3'"
    assert info.value.fix.startswith("create it (terraform apply)")
    assert info.value.resource == "arn:aws:s3:::no-such-bucket"


# --- region: no local server emulates it; AWS's error shapes through botocore's Stubber ------------------


@pytest.fixture
def stubbed(on_moto: Callable[..., Worker]) -> Any:
    store = on_moto().store
    with Stubber(store.client) as stubber:
        yield store, stubber


def test_region_mismatch_from_the_error_body(stubbed: Any) -> None:
    # AWS answers a SigV4 request signed for the wrong region with 400 AuthorizationHeaderMalformed
    # and <Region> in the error body.
    store, stubber = stubbed
    stubber.add_client_error(
        "put_object",
        service_error_code="AuthorizationHeaderMalformed",
        service_message="the region 'us-east-1' is wrong; expecting 'eu-west-1'",
        service_error_meta={"Region": "eu-west-1"},
    )
    with pytest.raises(WrongRegionError) as info:
        store.put("xcom/d/r/t/-1/k.json", b"{}")
    assert info.value.detail == (
        f"bucket {BUCKET!r} is in eu-west-1, not the region of connection 'xcom_s3' "
        "(AuthorizationHeaderMalformed)"
    )
    assert info.value.fix == 'set "region_name": "eu-west-1" in the connection extra'


def test_region_mismatch_from_a_redirect(stubbed: Any) -> None:
    # A GET to the wrong regional endpoint: 301 PermanentRedirect, region in x-amz-bucket-region.
    store, stubber = stubbed
    stubber.add_client_error(
        "get_object",
        service_error_code="PermanentRedirect",
        http_status_code=301,
        response_meta={"HTTPHeaders": {"x-amz-bucket-region": "ap-southeast-2"}},
    )
    with pytest.raises(
        StoreAccessError, match=r"is in ap-southeast-2, .*\"region_name\": \"ap-southeast-2\""
    ):
        store.get("xcom/d/r/t/-1/k.json")


def test_head_style_404_is_a_missing_object(stubbed: Any) -> None:
    store, stubber = stubbed
    stubber.add_client_error("get_object", service_error_code="NoSuchKey", http_status_code=404)
    with pytest.raises(
        ObjectMissingError, match=rf"^no object at s3://{BUCKET}/xcom/k.json \(connection 'xcom_s3'\)"
    ):
        store.get("xcom/k.json")


def test_server_error_after_retries_is_unavailable(stubbed: Any) -> None:
    # What botocore raises once its retries are spent on 503s (the proxy tests exercise the retries).
    store, stubber = stubbed
    stubber.add_client_error("delete_object", service_error_code="SlowDown", http_status_code=503)
    with pytest.raises(
        StoreUnavailableError, match=r"s3:DeleteObject on .* kept failing after retries \(SlowDown\)"
    ):
        store.delete("xcom/k.json")


def test_partial_delete_failure_names_the_key(stubbed: Any) -> None:
    store, stubber = stubbed
    stubber.add_response(
        "delete_objects",
        {"Errors": [{"Key": "xcom/b", "Code": "AccessDenied", "Message": "Access Denied"}]},
    )
    with pytest.raises(AccessDeniedError, match=r"may not s3:DeleteObject on s3://xcom-moto/xcom/b") as info:
        store.delete_many(["xcom/a", "xcom/b"])
    assert (info.value.action, info.value.resource) == ("s3:DeleteObject", "arn:aws:s3:::xcom-moto/xcom/*")


def test_crafted_client_error_without_status_is_not_mistaken_for_success(stubbed: Any) -> None:
    store, _ = stubbed
    err = ClientError({"Error": {"Code": "InvalidObjectState", "Message": "archived"}}, "GetObject")
    mapped = store.translate_error(err, "get", "xcom/k")
    assert type(mapped) is StoreAccessError
    assert (
        mapped.detail == "s3:GetObject on s3://xcom-moto/xcom/k failed for connection 'xcom_s3': "
        "InvalidObjectState archived"
    )
    assert mapped.action == "s3:GetObject"
