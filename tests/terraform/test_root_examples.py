"""Each root's terraform.tfvars.example passes every validation on its way down, keyless.

The roots need providers that cannot be installed here, so each is applied as a stand-in: the
root's own variables.tf and example values, its `module "xcomkit"` call exactly as written, and in
place of the cloud module its variables.tf plus the provider-free modules it feeds (aws-trust,
gcp-iam, airflow-connection) called with the same inputs. Real Terraform then evaluates every
validation rule of the root, the cloud module and those modules on the example — and the rendered
connection is checked to carry no secret.
"""

from __future__ import annotations

import json
import re
import shutil
from typing import TYPE_CHECKING

import pytest

from tests.terraform.conftest import MODULES, ROOTS, TF_DIR, Terraform

if TYPE_CHECKING:
    from pathlib import Path

# What the cloud module does with its inputs, reduced to the provider-free calls (resource
# attributes replaced by fixed example values).
STUBS = {
    "aws": """
module "trust" {
  source     = "../aws-trust"
  count      = var.identity_mode == "role" ? 1 : 0
  account_id = "123456789012"
  region     = "eu-west-1"
  role_name  = coalesce(var.role_name, var.name)
  role_path  = var.iam_path
  trust      = var.trust
  connection_assume_role = var.connection_assume_role
}
module "connection" {
  source           = "../airflow-connection"
  conn_id          = var.conn_id
  conn_type        = "aws"
  extra            = merge({ region_name = "eu-west-1" }, try(module.trust[0].connection_extra, {}))
  storage_scheme   = "s3"
  bucket           = "xcomkit-example-bucket"
  prefix           = var.prefix
  xcomkit_settings = var.xcomkit_settings
}
""",
    "gcp": """
module "iam" {
  source                    = "../gcp-iam"
  project_id                = var.project_id
  bucket                    = var.bucket_name
  prefix                    = var.prefix
  workload_identity         = var.workload_identity
  preview_workload_identity = var.preview_workload_identity
  workload_identity_project = var.workload_identity_project
}
module "connection" {
  source           = "../airflow-connection"
  conn_id          = var.conn_id
  conn_type        = "google_cloud_platform"
  extra = merge(
    { project = var.project_id },
    var.impersonation ? { impersonation_chain = "sa@p.iam.gserviceaccount.com" } : {},
  )
  storage_scheme   = "gs"
  bucket           = var.bucket_name
  prefix           = var.prefix
  xcomkit_settings = var.xcomkit_settings
}
""",
    "azure": """
module "connection" {
  source           = "../airflow-connection"
  conn_id          = var.conn_id
  conn_type        = "wasb"
  host             = "${var.storage_account_name}.blob.core.windows.net"
  login            = var.storage_account_name
  extra            = { managed_identity_client_id = "00000000-0000-0000-0000-000000000001" }
  storage_scheme   = "wasb"
  bucket           = var.container_name
  prefix           = var.prefix
  xcomkit_settings = var.xcomkit_settings
}
""",
}
OUTPUTS = """
output "env" {
  value     = module.xcomkit.env
  sensitive = true
}
"""
SECRET_FIELDS = ("password",)
SECRET_EXTRAS = ("aws_secret_access_key", "keyfile_dict", "client_secret", "sas_token", "account_key")


def _stand_in(work: Path, root: str) -> Path:
    modules = work / "modules"
    for pure in ("airflow-connection", "aws-trust", "gcp-iam"):
        shutil.copytree(MODULES / pure, modules / pure, ignore=shutil.ignore_patterns("tests", ".terraform*"))
    cloud = modules / root
    cloud.mkdir()
    shutil.copy(MODULES / root / "variables.tf", cloud / "variables.tf")
    (cloud / "stub.tf").write_text(
        STUBS[root] + 'output "env" {\n  value     = module.connection.env\n  sensitive = true\n}\n'
    )
    top = work / root
    top.mkdir()
    shutil.copy(TF_DIR / root / "variables.tf", top / "variables.tf")
    shutil.copy(TF_DIR / root / "terraform.tfvars.example", top / "terraform.tfvars")
    call = re.search(r'^module "xcomkit" \{\n.*?^\}\n', (TF_DIR / root / "main.tf").read_text(), re.M | re.S)
    assert call, f'terraform/{root}/main.tf has no module "xcomkit" call'
    # The Azure root feeds the resource group it creates; the stand-in feeds the same variables.
    text = call.group(0).replace("azurerm_resource_group.this.name", "var.resource_group_name")
    text = text.replace("azurerm_resource_group.this.location", "var.location")
    (top / "main.tf").write_text(text + OUTPUTS)
    return top


@pytest.mark.parametrize("root", ROOTS)
def test_example_tfvars_pass_every_validation_keyless(
    terraform: Terraform, tmp_path: Path, root: str
) -> None:
    top = _stand_in(tmp_path, root)
    env = terraform.apply_outputs(top)["env"]
    conn = json.loads(env[f"AIRFLOW_CONN_XCOMKIT_{root.upper()}"])
    assert not any(conn.get(field) for field in SECRET_FIELDS), conn
    assert not set(conn.get("extra", {})) & set(SECRET_EXTRAS), conn
    assert env["AIRFLOW__XCOMKIT__PATH"].startswith(
        {"aws": "s3://", "gcp": "gs://", "azure": "wasb://"}[root]
    )


def test_stand_in_catches_an_invalid_example(terraform: Terraform, tmp_path: Path) -> None:
    # Control: a wildcard service account in the example's trust fails aws-trust's validation.
    top = _stand_in(tmp_path, "aws")
    tfvars = top / "terraform.tfvars"
    tfvars.write_text(
        tfvars.read_text().replace('service_account   = "airflow-worker"', 'service_account   = "*"')
    )
    assert '"*"' in tfvars.read_text()
    terraform.run("init", "-input=false", "-no-color", cwd=top)
    proc = terraform.run("plan", "-input=false", "-no-color", cwd=top, check=False)
    assert proc.returncode != 0
    assert "wildcards are not accepted" in proc.stdout + proc.stderr
