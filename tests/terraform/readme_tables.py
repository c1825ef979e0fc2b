"""Inputs/outputs tables for the Terraform READMEs, between terraform-docs style markers.

`python -m tests.terraform.readme_tables` rewrites the tables of every module and root;
`test_readme_tables_are_current` fails when a README is out of date. (terraform-docs itself is a Go
binary this project cannot download.)
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TF_DIR = ROOT / "terraform"
DIRS = sorted([*TF_DIR.glob("modules/*"), TF_DIR / "aws", TF_DIR / "gcp", TF_DIR / "azure"])
BEGIN, END = "<!-- BEGIN_TF_DOCS -->", "<!-- END_TF_DOCS -->"


def parse(directory: Path) -> dict[str, dict]:
    proc = subprocess.run(
        [
            str(ROOT / ".venv-checkov" / "bin" / "python"),
            str(Path(__file__).with_name("hcl_dump.py")),
            str(directory),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return {
        path: parsed for path, parsed in json.loads(proc.stdout).items() if Path(path).parent == directory
    }


def _unwrap(value: object) -> object:
    return value[0] if isinstance(value, list) and len(value) == 1 else value


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _type(raw: object) -> str:
    text = str(_unwrap(raw))
    return text[2:-1] if text.startswith("${") and text.endswith("}") else text


def tables(directory: Path) -> str:
    variables, outputs = {}, {}
    for parsed in parse(directory).values():
        for block in parsed.get("variable", []):
            variables.update(block)
        for block in parsed.get("output", []):
            outputs.update(block)
    lines = [BEGIN, "## Inputs", ""]
    if variables:
        lines += ["| Name | Description | Type | Default | Required |", "|---|---|---|---|:---:|"]
        for name in sorted(variables):
            body = variables[name]
            required = "default" not in body
            default = "n/a" if required else f"`{json.dumps(_unwrap(body['default']))}`"
            description = _cell(str(_unwrap(body.get("description", ""))))
            type_ = _cell(_type(body.get("type", "any")))
            lines.append(
                f"| `{name}` | {description} | `{type_}` | {_cell(default)} | {'yes' if required else 'no'} |"
            )
    else:
        lines.append("No inputs.")
    lines += ["", "## Outputs", "", "| Name | Description | Sensitive |", "|---|---|:---:|"]
    for name in sorted(outputs):
        body = outputs[name]
        sensitive = _unwrap(body.get("sensitive", False)) is True
        description = _cell(str(_unwrap(body.get("description", ""))))
        lines.append(f"| `{name}` | {description} | {'yes' if sensitive else 'no'} |")
    lines.append(END)
    return "\n".join(lines)


def render(readme: str, directory: Path) -> str:
    if BEGIN not in readme or END not in readme:
        raise ValueError(f"{directory}/README.md has no {BEGIN} ... {END} markers")
    head, rest = readme.split(BEGIN, 1)
    tail = rest.split(END, 1)[1]
    return head + tables(directory) + tail


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for directory in DIRS:
        path = directory / "README.md"
        current = path.read_text()
        wanted = render(current, directory)
        if wanted != current:
            stale.append(str(path))
            if not check:
                path.write_text(wanted)
    print("\n".join(stale) or "up to date")
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
