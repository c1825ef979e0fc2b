"""Every resource, data source and provider block checked against the providers' real schemas.

Schemas: the jsii manifests of `@cdktf/provider-aws` 21.22.1 (aws 6.25.0), `@cdktf/provider-google`
16.12.1 (google 6.50.0), `@cdktf/provider-azurerm` 14.23.1 (azurerm 4.55.0) and
`@cdktf/provider-azuread` 14.3.1 (azuread 3.7.0) and `@cdktf/provider-time` 11.0.1 (time 0.13.1), see
provider_schema.py. Checked: the type exists,
every argument and nested block (also inside `dynamic`) exists, required ones are present, every
`<type>.<name>.<attribute>` reference names a real attribute, and the version constraints admit
these provider versions. (`terraform validate` needs the provider plugins, which cannot be
downloaded here.)
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.terraform import provider_schema as ps
from tests.terraform.conftest import TF_DIR

PROVIDERS = {"aws": "6.25.0", "google": "6.50.0", "azurerm": "4.55.0", "azuread": "3.7.0", "time": "0.13.1"}
LOCATION = {"__start_line__", "__end_line__"}
REFERENCE = re.compile(
    r"(?<![\w.])(?P<data>data\.)?(?P<type>(?:aws|google|azurerm|azuread|time)_[a-z0-9_]+)\.(?P<name>[a-z0-9_]+)"
    r"(?:\[[^\]]*\])?\.(?P<attr>[a-z0-9_]+)"
)


def _provider_of(resource_type: str) -> str:
    return resource_type.split("_", 1)[0]


def check_body(body: dict, schema: ps.Block, where: str) -> list[str]:
    """Problems of one block body (python-hcl2 form) against its schema block."""
    problems = []
    present = set()
    for key, value in body.items():
        if key in LOCATION or key in ps.META_ARGUMENTS:
            continue
        if key == "dynamic":
            for item in value:
                for name, spec in item.items():
                    present.add(name)
                    if name not in schema.blocks:
                        problems.append(f"{where}: dynamic block {name!r} is not a block of this schema")
                        continue
                    for content in spec.get("content", []):
                        problems += check_body(content, schema.blocks[name], f"{where}.{name}")
            continue
        present.add(key)
        if key in schema.arguments:
            continue
        if key in schema.blocks:
            if not (isinstance(value, list) and all(isinstance(v, dict) for v in value)):
                problems.append(f"{where}: {key!r} is a block, written as an argument")
                continue
            for nested in value:
                problems += check_body(nested, schema.blocks[key], f"{where}.{key}")
            continue
        problems.append(f"{where}: unknown argument or block {key!r}")
    for name in sorted(schema.required - present):
        problems.append(f"{where}: required {name!r} is missing")
    return problems


def check_file(parsed: dict, where: str) -> list[str]:
    problems = []
    for kind, label in (("resource", "resources"), ("data", "data_sources")):
        for block in parsed.get(kind, []):
            for rtype, instances in block.items():
                provider = ps.load(_provider_of(rtype))
                classes = getattr(provider, label)
                if rtype not in classes:
                    problems.append(
                        f"{where}: {kind} type {rtype!r} does not exist in {provider.name} {provider.version}"
                    )
                    continue
                schema = ps.block(provider, provider.config_struct(classes[rtype]))
                for name, body in instances.items():
                    problems += check_body(body, schema, f"{where}: {kind}.{rtype}.{name}")
    for block in parsed.get("provider", []):
        for name, body in block.items():
            provider = ps.load(name)
            schema = ps.block(provider, provider.config_struct(provider.provider_class))
            problems += check_body(body, schema, f"{where}: provider.{name}")
    return problems


def check_references(text: str, where: str) -> list[str]:
    problems = []
    for match in REFERENCE.finditer(text):
        rtype = match.group("type")
        provider = ps.load(_provider_of(rtype))
        classes = provider.data_sources if match.group("data") else provider.resources
        if rtype not in classes:
            problems.append(f"{where}: reference to unknown type {match.group(0)!r}")
        elif match.group("attr") not in provider.attributes(classes[rtype]):
            problems.append(f"{where}: {rtype} has no attribute {match.group('attr')!r} ({match.group(0)})")
    return problems


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def admits(constraint: str, version: str) -> bool:
    """Whether a Terraform version constraint string admits `version` (=, !=, >, >=, <, <=, ~>)."""
    have = _version(version)
    for part in constraint.split(","):
        op, want_text = re.fullmatch(r"\s*(~>|>=|<=|!=|=|>|<)?\s*([0-9.]+)\s*", part).groups()  # type: ignore[union-attr]
        want = _version(want_text)
        padded = want + (0,) * (len(have) - len(want))
        ok = {
            None: have == padded,
            "=": have == padded,
            "!=": have != padded,
            ">": have > padded,
            ">=": have >= padded,
            "<": have < padded,
            "<=": have <= padded,
            "~>": have >= padded and have[: len(want) - 1] == want[: len(want) - 1],
        }[op]
        if not ok:
            return False
    return True


def test_schemas_are_the_pinned_provider_versions() -> None:
    for name, version in PROVIDERS.items():
        assert ps.load(name).version == version, name


def test_every_block_matches_the_provider_schema(hcl: dict[str, dict]) -> None:
    problems = []
    checked = 0
    for path, parsed in hcl.items():
        problems += check_file(parsed, str(Path(path).relative_to(TF_DIR)))
        checked += sum(len(b) for kind in ("resource", "data", "provider") for b in parsed.get(kind, []))
    assert checked >= 30, "fewer blocks than expected: is the HCL dump empty?"
    assert not problems, "\n".join(problems)


def test_every_attribute_reference_exists() -> None:
    problems = []
    for path in sorted(TF_DIR.rglob("*.tf")):
        if ".terraform" not in path.parts:
            problems += check_references(path.read_text(), str(path.relative_to(TF_DIR)))
    assert not problems, "\n".join(problems)


def test_version_constraints_admit_the_schema_versions(hcl: dict[str, dict]) -> None:
    seen: dict[str, set[str]] = {}
    for path, parsed in hcl.items():
        used = {_provider_of(t) for kind in ("resource", "data") for b in parsed.get(kind, []) for t in b}
        directory = str(Path(path).parent)
        seen.setdefault(directory, set()).update(used)
        for terraform_block in parsed.get("terraform", []):
            for required in terraform_block.get("required_providers", []):
                for name, raw in required.items():
                    spec = raw[0] if isinstance(raw, list) else raw
                    assert spec["source"] == f"hashicorp/{name}", (path, name)
                    assert admits(spec["version"], PROVIDERS[name]), (path, name, spec["version"])
                    seen[directory].discard(name)
    undeclared = {d: p for d, p in seen.items() if p}
    assert not undeclared, f"providers used without required_providers: {undeclared}"


# --- the checker must be able to fail -------------------------------------------------------------


def test_checker_flags_unknown_missing_and_misplaced() -> None:
    parsed = {
        "resource": [
            {
                "aws_s3_bucket_versioning": {
                    "x": {"bucket": ["b"], "versioning_configuraton": [{"status": ["Enabled"]}]}
                }
            },
            {"aws_s3_bucket": {"y": {"bucket": ["b"], "acceleration": ["Enabled"]}}},
            {"google_storage_bucket": {"z": {"name": ["b"], "lifecycle_rule": "${var.x}"}}},
            {"azurerm_storage_account": {"w": {"name": ["a"], "dynamic": [{"nope": {"content": [{}]}}]}}},
            {"aws_s3_bucket_magic": {"v": {}}},
        ],
        "provider": [{"azurerm": {"use_mssi": [True], "features": [{}]}}],
    }
    problems = "\n".join(check_file(parsed, "fake.tf"))
    assert "unknown argument or block 'versioning_configuraton'" in problems
    assert "required 'versioning_configuration' is missing" in problems
    assert "unknown argument or block 'acceleration'" in problems
    assert "required 'location' is missing" in problems  # google bucket
    assert "'lifecycle_rule' is a block, written as an argument" in problems
    assert "dynamic block 'nope'" in problems
    assert "'aws_s3_bucket_magic' does not exist" in problems
    assert "provider.azurerm: unknown argument or block 'use_mssi'" in problems


def test_reference_checker_flags_made_up_attributes() -> None:
    text = (
        "x = aws_s3_bucket.this.bucket_arn\n"
        "y = data.aws_region.current.region\n"
        "z = azurerm_storage_account.a[0].blob_url"
    )
    problems = check_references(text, "fake.tf")
    assert len(problems) == 2
    assert "bucket_arn" in problems[0]
    assert "blob_url" in problems[1]


def test_admits() -> None:
    assert admits(">= 6.0, < 7.0", "6.25.0")
    assert not admits(">= 5.0, < 6.0", "6.25.0")
    assert admits("~> 4.9", "4.55.0")
    assert not admits("~> 4.9.0", "4.55.0")
    assert admits("3.7.0", "3.7.0")
    assert not admits("!= 3.7.0", "3.7.0")


@pytest.mark.parametrize("name", sorted(PROVIDERS))
def test_schema_loader_sees_known_types(name: str) -> None:
    provider = ps.load(name)
    if name == "time":  # four resources, no data source
        assert {"time_rotating", "time_static"} <= set(provider.resources)
        return
    assert len(provider.resources) > 40
    assert provider.data_sources
