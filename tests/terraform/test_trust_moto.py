"""The keyless AWS role as real Terraform renders it, exercised through moto's STS and IAM.

What moto does and does not do with it (moto 5.2, read in moto/sts and moto/iam/access_control.py):

- `AssumeRole` (signed): moto checks the caller's identity policy for `sts:AssumeRole` on the role,
  then the role's trust policy — the `AWS` principal and `StringEquals` on `sts:ExternalId`. So a
  principal the trust policy does not name is refused by moto itself, and so is a wrong external
  id. (A missing external id is not: moto skips a condition key the request does not carry.)
- `AssumeRoleWithWebIdentity` (unsigned): moto neither verifies the token nor reads the trust
  policy — any token gets credentials — and with IAM enforcement on it cannot serve an unsigned
  request at all (HTTP 500). The test lets exactly that one request through unchecked, then
  enforcement applies to everything the role's credentials do.
- The token's claims against the trust policy's conditions: evaluated here with moto's own trust
  evaluator (`IAMPolicy.is_action_permitted` with the claims as the `<issuer>:sub` / `<issuer>:aud`
  context keys, which is how AWS exposes them). It implements `StringEquals` and ignores every
  other operator, which is one more reason the aws-trust module uses `StringEquals` only (its
  `terraform test` suite asserts the exact keys and values). The OIDC signature check and the
  `Federated` principal match are AWS's and not simulated.

Then, with the role's temporary credentials, the XCom operations pass and the forbidden ones are
denied, for the read-write role and for the API server's read-only role.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

from tests.terraform.conftest import (
    MOTO_ACCOUNT,
    Terraform,
    enforce_iam,
    module_source,
    moto_client,
    write_root,
)

if TYPE_CHECKING:
    from collections.abc import Callable

pytestmark = pytest.mark.integration

BUCKET = "xcom-bucket"
PREFIX = "team/xcom"
ISSUER = "oidc.eks.us-east-1.amazonaws.com/id/XCOMKIT0TEST"
OIDC_PROVIDER = f"arn:aws:iam::{MOTO_ACCOUNT}:oidc-provider/{ISSUER}"
CALLER = f"arn:aws:iam::{MOTO_ACCOUNT}:user/airflow-caller"
EXTERNAL_ID = "xcomkit-e2e-7f3a"
DENIED = {"AccessDenied", "AccessDeniedException"}


def _trust_block(name: str, role: str, trust: str, assume: str = "auto") -> str:
    return f"""
    module "{name}" {{
      source                 = "{{source}}"
      account_id             = "{MOTO_ACCOUNT}"
      region                 = "us-east-1"
      role_name              = "{role}"
      role_path              = "/xcomkit/"
      trust                  = {trust}
      connection_assume_role = "{assume}"
    }}
    output "{name}" {{
      value = {{
        trust    = module.{name}.trust_policy_json
        role_arn = module.{name}.role_arn
        extra    = module.{name}.connection_extra
      }}
    }}
    """


@pytest.fixture(scope="module")
def rendered(terraform: Terraform, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Trust and permission documents from the real aws-trust and aws-policy modules."""
    work = tmp_path_factory.mktemp("trust")
    trust_source = module_source("aws-trust", work)
    policy_source = module_source("aws-policy", work)
    irsa = (
        f'{{ eks_irsa = [{{ oidc_provider_arn = "{OIDC_PROVIDER}", namespace = "airflow", '
        f'service_account = "airflow-worker" }}] }}'
    )
    principal = f'{{ principal_arns = ["{CALLER}"], external_id = "{EXTERNAL_ID}" }}'
    body = (
        _trust_block("irsa", "xcomkit-irsa", irsa, "assume_role_with_web_identity")
        + _trust_block("principal", "xcomkit", principal)
        + _trust_block("preview", "xcomkit-preview", f'{{ principal_arns = ["{CALLER}"] }}')
    ).replace("{source}", trust_source)
    for name, mode in (("read_write", "read_write"), ("read_only", "read_only")):
        body += f"""
        module "{name}" {{
          source = "{policy_source}"
          bucket = "{BUCKET}"
          prefix = "{PREFIX}"
          mode   = "{mode}"
        }}
        output "{name}" {{
          value = module.{name}.policy_json
        }}
        """
    write_root(work, body)
    return terraform.apply_outputs(work)


# --- the web-identity trust policy, evaluated with moto's trust evaluator -------------------------


def _web_identity_decision(trust_json: str, role_arn: str, sub: str, aud: str) -> str:
    from moto.iam.access_control import IAMPolicy

    claims = {f"{ISSUER}:sub": sub, f"{ISSUER}:aud": aud}
    return (
        IAMPolicy(trust_json)
        .is_action_permitted("sts:AssumeRoleWithWebIdentity", role_arn, None, claims)
        .name
    )


WORKER = "system:serviceaccount:airflow:airflow-worker"


@pytest.mark.parametrize(
    ("sub", "aud", "decision"),
    [
        (WORKER, "sts.amazonaws.com", "PERMITTED"),
        ("system:serviceaccount:airflow:airflow-webserver", "sts.amazonaws.com", "DENIED"),
        ("system:serviceaccount:other-team:airflow-worker", "sts.amazonaws.com", "DENIED"),
        (WORKER, "https://kubernetes.default.svc", "DENIED"),
    ],
    ids=["the-trusted-service-account", "another-service-account", "another-namespace", "another-audience"],
)
def test_only_the_trusted_service_account_token_matches(
    rendered: dict, sub: str, aud: str, decision: str
) -> None:
    irsa = rendered["irsa"]
    assert _web_identity_decision(irsa["trust"], irsa["role_arn"], sub, aud) == decision


def test_the_refusal_comes_from_the_rendered_condition(rendered: dict) -> None:
    # Control: the same statement without its condition admits the other service account, so the
    # DENIED above is the rendered sub/aud condition at work, not the evaluator refusing anything.
    policy = json.loads(rendered["irsa"]["trust"])
    for statement in policy["Statement"]:
        statement.pop("Condition")
    other = "system:serviceaccount:airflow:airflow-webserver"
    decision = _web_identity_decision(
        json.dumps(policy), rendered["irsa"]["role_arn"], other, "sts.amazonaws.com"
    )
    assert decision == "PERMITTED"


def test_web_identity_connection_extra_names_the_role(rendered: dict) -> None:
    assert rendered["irsa"]["extra"] == {
        "role_arn": f"arn:aws:iam::{MOTO_ACCOUNT}:role/xcomkit/xcomkit-irsa",
        "assume_role_method": "assume_role_with_web_identity",
        "assume_role_with_web_identity_federation": "file",
        "assume_role_with_web_identity_token_file": "/var/run/secrets/eks.amazonaws.com/serviceaccount/token",
    }


# --- moto: the roles, their trust and permission policies, IAM enforced ---------------------------


@pytest.fixture(scope="module")
def cloud(moto_url: str, rendered: dict) -> dict:
    """Roles and users created with moto's root credentials, then IAM enforcement on."""
    s3, iam = moto_client("s3", moto_url), moto_client("iam", moto_url)
    s3.create_bucket(Bucket=BUCKET)
    for key in (f"{PREFIX}/existing", "outside/x"):
        s3.put_object(Bucket=BUCKET, Key=key, Body=b"seed")
    roles = {}
    for name, policy in (("irsa", "read_write"), ("principal", "read_write"), ("preview", "read_only")):
        arn = rendered[name]["role_arn"]
        role_name = arn.rsplit("/", 1)[1]
        created = iam.create_role(
            RoleName=role_name, Path="/xcomkit/", AssumeRolePolicyDocument=rendered[name]["trust"]
        )["Role"]
        assert created["Arn"] == arn, "the ARN aws-trust computes must be the one IAM assigns"
        iam.put_role_policy(RoleName=role_name, PolicyName="xcomkit", PolicyDocument=rendered[policy])
        roles[name] = arn
    keys = {}
    assume_all = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": list(roles.values())}],
        }
    )
    # Both users may call sts:AssumeRole on every role: only the trust policy tells them apart.
    for user in ("airflow-caller", "intruder"):
        iam.create_user(UserName=user)
        iam.put_user_policy(UserName=user, PolicyName="assume", PolicyDocument=assume_all)
        keys[user] = iam.create_access_key(UserName=user)["AccessKey"]
    # One request unchecked: the unsigned AssumeRoleWithWebIdentity, which moto cannot serve under
    # enforcement (see the module docstring). Everything after it is checked.
    import boto3
    from botocore import UNSIGNED
    from botocore.config import Config

    enforce_iam(moto_url, unauthenticated=1)
    web = boto3.client(
        "sts", endpoint_url=moto_url, region_name="us-east-1", config=Config(signature_version=UNSIGNED)
    )
    token = "header.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6YWlyZmxvdzphaXJmbG93LXdvcmtlciJ9.sig"
    web_creds = web.assume_role_with_web_identity(
        RoleArn=roles["irsa"], RoleSessionName="airflow-worker", WebIdentityToken=token
    )["Credentials"]
    return {"url": moto_url, "roles": roles, "keys": keys, "web": web_creds}


def _as_user(cloud: dict, user: str, service: str = "sts") -> object:
    key = cloud["keys"][user]
    return moto_client(service, cloud["url"], key["AccessKeyId"], key["SecretAccessKey"])


def _s3_with(cloud: dict, creds: dict) -> object:
    return moto_client(
        "s3", cloud["url"], creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"]
    )


def _assume(cloud: dict, user: str, role: str, **kwargs: str) -> dict:
    sts = _as_user(cloud, user)
    return sts.assume_role(RoleArn=cloud["roles"][role], RoleSessionName="airflow", **kwargs)["Credentials"]


def _xcom_ops(s3: object) -> None:
    key = f"{PREFIX}/dag/run/task/0/return_value.json"
    s3.put_object(Bucket=BUCKET, Key=key, Body=b'{"a": 1}')
    assert s3.get_object(Bucket=BUCKET, Key=key)["Body"].read() == b'{"a": 1}'
    listed = s3.list_objects_v2(Bucket=BUCKET, Prefix=f"{PREFIX}/")
    assert key in [obj["Key"] for obj in listed.get("Contents", [])]
    s3.delete_object(Bucket=BUCKET, Key=key)


def _forbidden(s3: object) -> dict[str, Callable[[], object]]:
    return {
        "put outside the prefix": lambda: s3.put_object(Bucket=BUCKET, Key="outside/a", Body=b"x"),
        "get outside the prefix": lambda: s3.get_object(Bucket=BUCKET, Key="outside/x"),
        "put in a sibling prefix": lambda: s3.put_object(Bucket=BUCKET, Key=f"{PREFIX}-evil/a", Body=b"x"),
        "list all buckets": lambda: s3.list_buckets(),  # noqa: PLW0108 - s3 is bound late
        "delete the bucket": lambda: s3.delete_bucket(Bucket=BUCKET),
    }


def _assert_denied(call: Callable[[], object]) -> None:
    from botocore.exceptions import ClientError

    with pytest.raises(ClientError) as err:
        call()
    assert err.value.response["Error"]["Code"] in DENIED, err.value.response["Error"]


def test_web_identity_credentials_do_the_xcom_operations(cloud: dict) -> None:
    _xcom_ops(_s3_with(cloud, cloud["web"]))


@pytest.mark.parametrize("call", list(_forbidden(None)))
def test_web_identity_credentials_are_denied_the_rest(cloud: dict, call: str) -> None:
    _assert_denied(_forbidden(_s3_with(cloud, cloud["web"]))[call])


def test_the_trusted_principal_assumes_the_role_and_does_the_xcom_operations(cloud: dict) -> None:
    creds = _assume(cloud, "airflow-caller", "principal", ExternalId=EXTERNAL_ID)
    _xcom_ops(_s3_with(cloud, creds))
    for call in _forbidden(_s3_with(cloud, creds)).values():
        _assert_denied(call)


def test_a_principal_the_trust_policy_does_not_name_is_refused(cloud: dict) -> None:
    # Same identity policy (sts:AssumeRole on the role) as airflow-caller: moto refuses it on the
    # trust policy's AWS principal alone.
    _assert_denied(lambda: _assume(cloud, "intruder", "principal", ExternalId=EXTERNAL_ID))


def test_a_wrong_external_id_is_refused(cloud: dict) -> None:
    _assert_denied(lambda: _assume(cloud, "airflow-caller", "principal", ExternalId="guessed"))


def test_the_read_only_role_reads_and_cannot_write(cloud: dict) -> None:
    s3 = _s3_with(cloud, _assume(cloud, "airflow-caller", "preview"))
    assert s3.get_object(Bucket=BUCKET, Key=f"{PREFIX}/existing")["Body"].read() == b"seed"
    for call in (
        lambda: s3.put_object(Bucket=BUCKET, Key=f"{PREFIX}/new", Body=b"x"),
        lambda: s3.delete_object(Bucket=BUCKET, Key=f"{PREFIX}/existing"),
        lambda: s3.list_objects_v2(Bucket=BUCKET, Prefix=f"{PREFIX}/"),
        lambda: s3.get_object(Bucket=BUCKET, Key="outside/x"),
    ):
        _assert_denied(call)
