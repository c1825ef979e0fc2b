"""Static checks of the Terraform sources (parsed HCL): keyless defaults, output contract, module calls.

Each check comes with a test that feeds it a broken copy, so it can fail.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from tests.terraform.conftest import ALL_DIRS, CLOUD_MODULES, MODULES, ROOTS, TF_DIR

# Names `xcomkit export` reads from every root with `terraform output -json`.
ROOT_OUTPUTS = {
    "airflow_connection_id": False,
    "airflow_connection_uri": True,
    "airflow_connection_json": True,
    "airflow_env": True,
    "bucket": False,
    "prefix": False,
    "identity": False,
    # The API server's read-only identity (null / empty unless create_preview_identity).
    "airflow_preview_connection_id": False,
    "airflow_preview_connection_uri": True,
    "airflow_preview_env": True,
}


# The switch that opts into a long-lived secret, its keyless default, and the resources that hold
# a secret: each must be counted by an expression that reads the switch (directly or through a
# local defined from it), so the default plan creates none of them.
KEYLESS_DEFAULTS = {
    "aws": ("identity_mode", "role", ("aws_iam_access_key",)),
    "gcp": ("create_key", False, ("google_service_account_key",)),
    "azure": ("identity_mode", "managed_identity", ("azuread_application_password",)),
}


def _keyless_problems(hcl: dict[str, dict], directory: Path, cloud: str) -> list[str]:
    switch, keyless, secret_types = KEYLESS_DEFAULTS[cloud]
    variables = _blocks(hcl, directory, "variable")
    problems = []
    default = variables[switch]["default"]
    default = default[0] if isinstance(default, list) else default
    if default != keyless:
        problems.append(f"{cloud}: {switch} defaults to {default!r}, not the keyless {keyless!r}")
    # Locals that depend on the switch (one level of indirection is what the modules use).
    text = "".join(p.read_text() for p in directory.glob("*.tf"))
    derived = {switch} | {
        m.group(1) for m in re.finditer(rf"^\s+([a-z0-9_]+)\s+=.*var\.{switch}\b", text, re.M)
    }
    derived |= {
        m.group(1)
        for m in re.finditer(r"^\s+([a-z0-9_]+)\s+=(.*)$", text, re.M)
        if any(re.search(rf"local\.{d}\b", m.group(2)) for d in derived)
    }
    found = 0
    for rtype in secret_types:
        for path, parsed in hcl.items():
            if Path(path).parent != directory:
                continue
            for block in parsed.get("resource", []):
                for name, body in block.get(rtype, {}).items():
                    found += 1
                    count = str(body.get("count", ["<none>"])[0])
                    if not any(re.search(rf"(var|local)\.{d}\b", count) for d in derived):
                        problems.append(f"{cloud}: {rtype}.{name} count {count!r} does not read {switch}")
    if not found:
        problems.append(f"{cloud}: no {secret_types} resource found: is the check looking at the module?")
    return problems


@pytest.mark.parametrize("cloud", CLOUD_MODULES)
def test_cloud_modules_are_keyless_by_default(hcl: dict[str, dict], cloud: str) -> None:
    assert _keyless_problems(hcl, MODULES / cloud, cloud) == []


def test_keyless_check_can_fail(hcl: dict[str, dict], tmp_path: Path) -> None:
    work = tmp_path / "aws"
    work.mkdir()
    (work / "variables.tf").write_text('variable "identity_mode" {\n  default = "user"\n}\n')
    (work / "main.tf").write_text('resource "aws_iam_access_key" "k" {\n  count = 1\n  user  = "u"\n}\n')
    fake = {**hcl, **json.loads(_dump(work))}
    assert _keyless_problems(fake, work, "aws") == [
        "aws: identity_mode defaults to 'user', not the keyless 'role'",
        "aws: aws_iam_access_key.k count '1' does not read identity_mode",
    ]


@pytest.mark.parametrize("root", ROOTS)
def test_root_outputs_share_names_and_sensitivity(hcl: dict[str, dict], root: str) -> None:
    outputs: dict[str, bool] = {}
    for path, parsed in hcl.items():
        if Path(path).parent == TF_DIR / root:
            for block in parsed.get("output", []):
                for name, body in block.items():
                    outputs[name] = body.get("sensitive", [False])[0] is True
    assert set(ROOT_OUTPUTS) <= set(outputs), f"{root} lacks outputs {set(ROOT_OUTPUTS) - set(outputs)}"
    for name, sensitive in ROOT_OUTPUTS.items():
        assert outputs[name] is sensitive, (
            f"{root}: output {name} sensitive={outputs[name]}, want {sensitive}"
        )
    assert (TF_DIR / root / "terraform.tfvars.example").is_file()


def _blocks(hcl: dict[str, dict], directory: Path, kind: str) -> dict[str, dict]:
    found: dict[str, dict] = {}
    for path, parsed in hcl.items():
        if Path(path).parent == directory:
            for block in parsed.get(kind, []):
                found.update(block)
    return found


def _module_call_problems(hcl: dict[str, dict], directory: Path) -> list[str]:
    problems = []
    text = "".join(p.read_text() for p in directory.glob("*.tf"))
    for name, call in _blocks(hcl, directory, "module").items():
        source = call["source"][0] if isinstance(call["source"], list) else call["source"]
        target = (directory / source).resolve()
        variables = _blocks(hcl, target, "variable")
        outputs = _blocks(hcl, target, "output")
        args = {
            k for k in call if k not in {"source", "version", "count", "for_each", "depends_on", "providers"}
        }
        args -= {"__start_line__", "__end_line__"}
        problems += [
            f"{directory.name}: module.{name} has no variable {a!r}" for a in sorted(args - set(variables))
        ]
        required = {v for v, body in variables.items() if "default" not in body}
        problems += [f"{directory.name}: module.{name} misses {r!r}" for r in sorted(required - args)]
        for used in sorted(set(re.findall(rf"module\.{name}\.([a-z0-9_]+)", text)) - set(outputs)):
            problems.append(f"{directory.name}: module.{name} has no output {used!r}")
    return problems


@pytest.mark.parametrize("directory", ALL_DIRS, ids=lambda p: str(p.relative_to(TF_DIR)))
def test_module_calls_match_the_called_modules(hcl: dict[str, dict], directory: Path) -> None:
    # What `terraform validate` would catch for module calls, which it cannot run here without providers.
    assert _module_call_problems(hcl, directory) == []


def test_module_call_check_can_fail(hcl: dict[str, dict], tmp_path: Path) -> None:
    work = tmp_path / "root"
    work.mkdir()
    source = os.path.relpath(MODULES / "aws-policy", work)
    (work / "main.tf").write_text(
        f'module "p" {{\n  source = "{source}"\n  prefixx = "x"\n}}\n'
        'output "o" {\n  value = module.p.nope\n}\n'
    )
    fake = {**hcl, **json.loads(_dump(work))}
    assert _module_call_problems(fake, work) == [
        "root: module.p has no variable 'prefixx'",
        "root: module.p misses 'bucket'",
        "root: module.p has no output 'nope'",
    ]


def _dump(directory: Path) -> str:
    from tests.terraform.conftest import CHECKOV_PYTHON

    return subprocess.run(
        [str(CHECKOV_PYTHON), str(Path(__file__).with_name("hcl_dump.py")), str(directory)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout


def _azure_data_plane_settings(hcl: dict[str, dict], directory: Path) -> list[object]:
    found = []
    for path, parsed in hcl.items():
        if Path(path).parent != directory:
            continue
        for block in parsed.get("provider", []):
            for features in block.get("azurerm", {}).get("features", []):
                for storage in features.get("storage", []):
                    found.append(storage.get("data_plane_available", [None])[0])
    return found


def test_azure_root_keeps_plan_off_the_data_plane(hcl: dict[str, dict], tmp_path: Path) -> None:
    # With allowed_ip_ranges or public access off, azurerm 4.x reads the blob endpoint on refresh
    # unless the provider is told the data plane is unavailable (AVM storage issue 148, azurerm
    # issue 29984): plan would fail from outside the network.
    assert _azure_data_plane_settings(hcl, TF_DIR / "azure") == [False]
    # Control: a provider block without the setting is reported as such.
    (tmp_path / "providers.tf").write_text('provider "azurerm" {\n  features {}\n}\n')
    assert _azure_data_plane_settings(json.loads(_dump(tmp_path)), tmp_path) == []


SECRET_WORDS = re.compile(r"(secret|password|access_key|private_key|keyfile|sas_token|client_secret)", re.I)


def _root_secret_inputs(hcl: dict[str, dict], directory: Path) -> list[str]:
    problems = [
        f"variable {name} is sensitive"
        for name, body in _blocks(hcl, directory, "variable").items()
        if body.get("sensitive", [False])[0] is True
    ]
    example = directory / "terraform.tfvars.example"
    for line in example.read_text().splitlines():
        setting = line.split("#", 1)[0]
        if "=" in setting and SECRET_WORDS.search(setting.split("=", 1)[0]):
            problems.append(f"{example.name} sets {setting.split('=', 1)[0].strip()}")
    return problems


@pytest.mark.parametrize("root", ROOTS)
def test_roots_take_no_secret_input(hcl: dict[str, dict], root: str) -> None:
    # Keyless by default: nothing in a root's inputs or its example tfvars is a credential.
    assert _root_secret_inputs(hcl, TF_DIR / root) == []


def test_secret_input_check_can_fail(hcl: dict[str, dict], tmp_path: Path) -> None:
    (tmp_path / "variables.tf").write_text('variable "client_secret" {\n  sensitive = true\n}\n')
    (tmp_path / "terraform.tfvars.example").write_text('region = "x"\naccess_key = "AKIA"  # no\n')
    fake = {**hcl, **json.loads(_dump(tmp_path))}
    assert _root_secret_inputs(fake, tmp_path) == [
        "variable client_secret is sensitive",
        "terraform.tfvars.example sets access_key",
    ]
