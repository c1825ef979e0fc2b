"""Wrong credentials, missing bucket, region mismatch: each mapped to an error that names the fix.

Wrong credentials and the missing bucket come from a real server: moto with IAM enforcement on
(SeaweedFS's `weed mini` accepts any key and answers AccessDenied for a missing bucket). Region
errors are not emulated by moto or SeaweedFS, so those cases drive the store's error mapping with
botocore's Stubber, using the error shapes AWS returns (documented in each test).
"""

from __future__ import annotations

import urllib.request
from typing import TYPE_CHECKING, Any

import pytest
from botocore.exceptions import ClientError
from botocore.stub import Stubber

from xcomkit.errors import ObjectMissingError, StoreAccessError, StoreUnavailableError

if TYPE_CHECKING:
    from collections.abc import Callable

    from tests.reliability.conftest import Backend
    from xcomkit.testing.servers import S3Endpoint

pytestmark = pytest.mark.integration

BUCKET = "xcom-moto"
WRONG_SECRET = "wrong-Secret/Key+Sentinel-7f3a"


@pytest.fixture(scope="module")
def moto_keys(moto_server: S3Endpoint) -> dict[str, str]:
    """Create the bucket and an IAM user with full access, then switch moto's IAM enforcement on."""
    import boto3

    admin = dict(
        endpoint_url=moto_server.url,
        aws_access_key_id=moto_server.access_key,
        aws_secret_access_key=moto_server.secret_key,
        region_name="us-east-1",
    )
    boto3.client("s3", **admin).create_bucket(Bucket=BUCKET)
    iam = boto3.client("iam", **admin)
    iam.create_user(UserName="airflow")
    iam.put_user_policy(
        UserName="airflow",
        PolicyName="all",
        PolicyDocument='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}',
    )
    key = iam.create_access_key(UserName="airflow")["AccessKey"]
    request = urllib.request.Request(  # noqa: S310 - the local moto server
        f"{moto_server.url}/moto-api/reset-auth",
        data=b"0",
        headers={"Content-Type": "text/plain"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10):  # noqa: S310
        pass
    return {"access_key": key["AccessKeyId"], "secret_key": key["SecretAccessKey"]}


@pytest.fixture
def on_moto(
    xcomkit_env: pytest.MonkeyPatch, moto_server: S3Endpoint, moto_keys: dict[str, str]
) -> Callable[..., Backend]:
    from tests.reliability.conftest import CONN_ID, Backend, connection_uri
    from xcomkit.config import get_settings
    from xcomkit.stores import open_store

    def configure(*, bucket: str = BUCKET, **keys: str) -> Backend:
        creds = {**moto_keys, **keys}
        xcomkit_env.setenv(f"AIRFLOW_CONN_{CONN_ID.upper()}", connection_uri(moto_server.url, **creds))
        xcomkit_env.setenv("AIRFLOW__XCOMKIT__PATH", f"s3://{CONN_ID}@{bucket}/xcom")
        get_settings.cache_clear()
        open_store.cache_clear()
        return Backend(bucket, None)

    return configure


def test_valid_credentials_work(on_moto: Callable[..., Backend]) -> None:
    kit = on_moto()
    assert kit.pull(kit.push({"ok": True})) == {"ok": True}


def test_unknown_access_key_names_the_connection(on_moto: Callable[..., Backend]) -> None:
    kit = on_moto(access_key="AKIAUNKNOWNKEY000000")
    with pytest.raises(StoreAccessError) as info:
        kit.push({"a": 1})
    assert str(info.value) == (
        "the credentials of Airflow connection 'xcom_s3' were rejected (InvalidAccessKeyId) on "
        f"s3://{BUCKET}/xcom/hostile/manual__2024-01-01T00%3A00%3A00%2B00%3A00/t/-1/return_value.json: "
        "update the connection's access key and secret (xcomkit export writes them)"
    )


def test_wrong_secret_is_rejected_and_never_shown(on_moto: Callable[..., Backend]) -> None:
    kit = on_moto(secret_key=WRONG_SECRET)
    with pytest.raises(StoreAccessError, match=r"'xcom_s3' were rejected \(SignatureDoesNotMatch\)") as info:
        kit.push({"a": 1})
    texts = [str(info.value), repr(info.value), str(info.value.__cause__), repr(info.value.__cause__)]
    assert not [t for t in texts if "Sentinel" in t]


def test_missing_bucket_says_create_it(on_moto: Callable[..., Backend]) -> None:
    kit = on_moto(bucket="no-such-bucket")
    with pytest.raises(StoreAccessError, match=r"^bucket 'no-such-bucket' does not exist for connection "
                       r"'xcom_s3': create it \(terraform apply\)"):  # fmt: skip
        kit.push({"a": 1})


# --- region: no local server emulates it; AWS's error shapes through botocore's Stubber ------------------


@pytest.fixture
def stubbed(on_moto: Callable[..., Backend]) -> Any:
    on_moto()
    from xcomkit.config import get_settings
    from xcomkit.stores import open_store

    store = open_store(get_settings().location)
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
    with pytest.raises(StoreAccessError) as info:
        store.put("xcom/d/r/t/-1/k.json", b"{}")
    assert str(info.value) == (
        f"bucket {BUCKET!r} is in eu-west-1, not the region of connection 'xcom_s3' "
        '(AuthorizationHeaderMalformed): set "region_name": "eu-west-1" in the connection extra'
    )


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
    with pytest.raises(StoreAccessError, match=r"may not s3:DeleteObject on s3://xcom-moto/xcom/b"):
        store.delete_many(["xcom/a", "xcom/b"])


def test_crafted_client_error_without_status_is_not_mistaken_for_success(stubbed: Any) -> None:
    store, _ = stubbed
    err = ClientError({"Error": {"Code": "InvalidObjectState", "Message": "archived"}}, "GetObject")
    mapped = store.translate_error(err, "s3:GetObject", "xcom/k")
    assert isinstance(mapped, StoreAccessError)
    assert (
        str(mapped) == "s3:GetObject on s3://xcom-moto/xcom/k failed for connection 'xcom_s3': "
        "InvalidObjectState archived"
    )
