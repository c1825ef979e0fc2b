"""The IAM policy real Terraform renders, enforced by moto's IAM: what XCom needs works, the rest is denied.

moto evaluates actions and resource ARNs but ignores conditions (and would treat a conditional Deny
as unconditional), so the `s3:prefix` condition on ListBucket and the TLS-only bucket policy are
asserted statically by the aws-policy `terraform test` suite instead.
"""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from collections.abc import Callable

from tests.terraform.conftest import Terraform, enforce_iam, module_source, moto_client, write_root

BUCKET = "xcom-bucket"
OTHER = "other-bucket"
PREFIX = "team/xcom"
DENIED_CODES = {"AccessDenied", "AccessDeniedException"}

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def policy_json(terraform: Terraform, tmp_path_factory: pytest.TempPathFactory) -> str:
    work = tmp_path_factory.mktemp("policy")
    write_root(
        work,
        f"""
        module "policy" {{
          source = "{module_source("aws-policy", work)}"
          bucket = "{BUCKET}"
          prefix = "{PREFIX}"
        }}
        output "policy_json" {{
          value = module.policy.policy_json
        }}
        """,
    )
    return terraform.apply_outputs(work)["policy_json"]


@pytest.fixture(scope="module")
def clients(moto_url: str, policy_json: str) -> dict:
    """Set up with moto's root credentials, then switch IAM enforcement on."""
    os.environ.pop("AWS_PROFILE", None)
    s3, iam = moto_client("s3", moto_url), moto_client("iam", moto_url)
    for bucket in (BUCKET, OTHER):
        s3.create_bucket(Bucket=bucket)
    for bucket, key in ((OTHER, f"{PREFIX}/x"), (BUCKET, "outside/x"), (BUCKET, f"{PREFIX}/existing")):
        s3.put_object(Bucket=bucket, Key=key, Body=b"seed")

    iam.create_user(UserName="airflow")
    arn = iam.create_policy(PolicyName="xcomkit-xcom", PolicyDocument=policy_json)["Policy"]["Arn"]
    iam.attach_user_policy(UserName="airflow", PolicyArn=arn)
    airflow_key = iam.create_access_key(UserName="airflow")["AccessKey"]

    iam.create_user(UserName="admin")
    iam.put_user_policy(
        UserName="admin",
        PolicyName="all",
        PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
        ),
    )
    admin_key = iam.create_access_key(UserName="admin")["AccessKey"]

    enforce_iam(moto_url)

    def pair(key: dict) -> dict:
        return {
            "s3": moto_client("s3", moto_url, key["AccessKeyId"], key["SecretAccessKey"]),
            "iam": moto_client("iam", moto_url, key["AccessKeyId"], key["SecretAccessKey"]),
        }

    return {"airflow": pair(airflow_key), "admin": pair(admin_key)}


def test_xcom_operations_under_the_prefix_are_allowed(clients: dict) -> None:
    s3 = clients["airflow"]["s3"]
    key = f"{PREFIX}/dag/run/task/0/return_value.json"
    s3.put_object(Bucket=BUCKET, Key=key, Body=b'{"a": 1}')
    assert s3.get_object(Bucket=BUCKET, Key=key)["Body"].read() == b'{"a": 1}'
    listed = s3.list_objects_v2(Bucket=BUCKET, Prefix=f"{PREFIX}/")
    assert key in [obj["Key"] for obj in listed.get("Contents", [])]
    s3.delete_object(Bucket=BUCKET, Key=key)
    upload = s3.create_multipart_upload(Bucket=BUCKET, Key=f"{PREFIX}/big.parquet")
    s3.abort_multipart_upload(Bucket=BUCKET, Key=f"{PREFIX}/big.parquet", UploadId=upload["UploadId"])


def _denials(s3: object, iam: object) -> dict[str, Callable[[], object]]:
    objs = f"{PREFIX}/existing"
    return {
        "put_object in another bucket": lambda: s3.put_object(Bucket=OTHER, Key=f"{PREFIX}/a", Body=b"x"),
        "get_object in another bucket": lambda: s3.get_object(Bucket=OTHER, Key=f"{PREFIX}/x"),
        "list another bucket": lambda: s3.list_objects_v2(Bucket=OTHER, Prefix=f"{PREFIX}/"),
        "put_object outside the prefix": lambda: s3.put_object(Bucket=BUCKET, Key="outside/a", Body=b"x"),
        "get_object outside the prefix": lambda: s3.get_object(Bucket=BUCKET, Key="outside/x"),
        "delete_object outside the prefix": lambda: s3.delete_object(Bucket=BUCKET, Key="outside/x"),
        "put_object in a sibling prefix": lambda: s3.put_object(
            Bucket=BUCKET, Key=f"{PREFIX}-evil/a", Body=b"x"
        ),
        "delete_bucket": lambda: s3.delete_bucket(Bucket=BUCKET),
        "put_bucket_policy": lambda: s3.put_bucket_policy(
            Bucket=BUCKET,
            Policy=json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}
                    ],
                }
            ),
        ),
        "get_bucket_policy": lambda: s3.get_bucket_policy(Bucket=BUCKET),
        "put_public_access_block": lambda: s3.put_public_access_block(
            Bucket=BUCKET,
            PublicAccessBlockConfiguration={
                "BlockPublicAcls": False,
                "IgnorePublicAcls": False,
                "BlockPublicPolicy": False,
                "RestrictPublicBuckets": False,
            },
        ),
        "put_object_acl": lambda: s3.put_object_acl(Bucket=BUCKET, Key=objs, ACL="public-read"),
        "put_bucket_lifecycle_configuration": lambda: s3.put_bucket_lifecycle_configuration(
            Bucket=BUCKET,
            LifecycleConfiguration={
                "Rules": [{"ID": "x", "Status": "Enabled", "Filter": {}, "Expiration": {"Days": 1}}]
            },
        ),
        "list_buckets": lambda: s3.list_buckets(),  # noqa: PLW0108 - s3 is None when listing names
        "create_bucket": lambda: s3.create_bucket(Bucket="new-bucket"),
        "iam list_users": lambda: iam.list_users(),  # noqa: PLW0108
        "iam create_access_key": lambda: iam.create_access_key(UserName="airflow"),
    }


DENIED = tuple(_denials(None, None))


@pytest.mark.parametrize("call", DENIED)
def test_everything_else_is_denied(clients: dict, call: str) -> None:
    from botocore.exceptions import ClientError

    with pytest.raises(ClientError) as err:
        _denials(clients["airflow"]["s3"], clients["airflow"]["iam"])[call]()
    assert err.value.response["Error"]["Code"] in DENIED_CODES, err.value.response["Error"]
    assert err.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403


def test_deny_matrix_is_large_enough() -> None:
    assert len(DENIED) >= 10


@pytest.mark.parametrize(
    "call", ["get_bucket_policy", "put_object outside the prefix", "list_buckets", "iam list_users"]
)
def test_admin_control_is_allowed(clients: dict, call: str) -> None:
    # Control: the same calls with an allow-all identity do not fail on authorization, so the
    # denials above come from the policy and not from a broken setup.
    from botocore.exceptions import ClientError

    code = None
    try:
        _denials(clients["admin"]["s3"], clients["admin"]["iam"])[call]()
    except ClientError as err:  # get_bucket_policy on a bucket without one: 404, not 403
        code = err.response["Error"]["Code"]
    assert code not in DENIED_CODES


def test_policy_file_is_the_rendered_one(policy_json: str) -> None:
    statements = json.loads(policy_json)["Statement"]
    assert {s["Sid"] for s in statements} == {"ListXComPrefix", "ReadWriteXComObjects"}
