"""The Terraform roots the e2e flow applies: the rendered policy, a user's root, the keyless role root."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from xcomkit_dev.connection_root import SHARED_OUTPUTS_TF, apply_connection_root
from xcomkit_dev.terraform import MODULES, TERRAFORM, Terraform, module_source, write_root

if TYPE_CHECKING:
    from pathlib import Path

BUCKET = "xcomkit-e2e"
PREFIX = "team/xcom"
CONN_ID = "xcomkit_aws"
ACCOUNT = "123456789012"  # moto's default account
CALLER = "caller"
EXTERNAL_ID = "xcomkit-e2e-external-id"
ADMIN_CONN_ID = "moto_admin"


def render_policy(terraform: Terraform, work: Path) -> dict[str, str]:
    """The permission policy, and the trust policy of the role the `caller` user assumes."""
    write_root(
        work,
        f"""
        module "policy" {{
          source = "{module_source("aws-policy", work)}"
          bucket = "{BUCKET}"
          prefix = "{PREFIX}"
        }}
        module "trust" {{
          source    = "{module_source("aws-trust", work)}"
          account_id = "{ACCOUNT}"
          region     = "us-east-1"
          role_name  = "xcomkit-e2e"
          role_path  = "/xcomkit/"
          trust = {{
            principal_arns = ["arn:aws:iam::{ACCOUNT}:user/{CALLER}"]
            external_id    = "{EXTERNAL_ID}"
          }}
        }}
        output "policy_json" {{
          value = module.policy.policy_json
        }}
        output "trust_policy_json" {{
          value = module.trust.trust_policy_json
        }}
        output "role_arn" {{
          value = module.trust.role_arn
        }}
        """,
    )
    return terraform.apply_outputs(work)


ROLE_ROOT_TF = """\
variable "login" {{
  type = string
}}
variable "password" {{
  type      = string
  sensitive = true
}}
variable "endpoint_url" {{
  type = string
}}
module "trust" {{
  source     = "{trust}"
  account_id = "{account}"
  region     = "us-east-1"
  role_name  = "xcomkit-e2e"
  role_path  = "/xcomkit/"
  trust = {{
    principal_arns = ["arn:aws:iam::{account}:user/{caller}"]
    external_id    = "{external_id}"
  }}
}}
module "connection" {{
  source   = "{connection}"
  conn_id  = "{conn_id}"
  conn_type = "aws"
  login    = var.login
  password = var.password
  # As terraform/aws renders it (region, endpoint, then the trust module's assume-role extras),
  # plus moto's STS endpoint: the hook never uses endpoint_url for the assume-role call.
  extra = merge(
    {{
      region_name    = "us-east-1"
      endpoint_url   = var.endpoint_url
      service_config = {{ sts = {{ endpoint_url = var.endpoint_url }} }}
    }},
    module.trust.connection_extra,
  )
  storage_scheme = "s3"
  bucket         = "{bucket}"
  prefix         = "{prefix}"
}}
"""


def apply_role_root(terraform: Terraform, work: Path, key: dict, url: str) -> Path:
    """The keyless root: the caller's key, and the role it assumes, through the real modules."""
    write_root(
        work,
        (ROLE_ROOT_TF + SHARED_OUTPUTS_TF).format(
            trust=module_source("aws-trust", work),
            connection=module_source("airflow-connection", work),
            account=ACCOUNT,
            caller=CALLER,
            external_id=EXTERNAL_ID,
            conn_id=CONN_ID,
            bucket=BUCKET,
            prefix=PREFIX,
            identity="module.trust.role_arn",
        ),
    )
    tfvars = work / "terraform.tfvars.json"
    tfvars.touch(mode=0o600)
    tfvars.write_text(
        json.dumps({"login": key["AccessKeyId"], "password": key["SecretAccessKey"], "endpoint_url": url})
    )
    terraform.apply_outputs(work)
    return work


def without(policy_json: str, action: str) -> str:
    policy = json.loads(policy_json)
    for statement in policy["Statement"]:
        statement["Action"] = [a for a in statement["Action"] if a != action]
    assert action not in json.dumps(policy)
    return json.dumps(policy)


def apply_root(work: Path, user: str, key: dict, url: str) -> Path:
    """The test root: the user's key through the real airflow-connection module (shared outputs)."""
    return apply_connection_root(
        work,
        modules_dir=MODULES,
        terraform=TERRAFORM,
        conn_id=CONN_ID,
        bucket=BUCKET,
        prefix=PREFIX,
        login=key["AccessKeyId"],
        password=key["SecretAccessKey"],
        extra={"region_name": "us-east-1", "endpoint_url": url},
        identity=f"arn:aws:iam::123456789012:user/{user}",
    )
