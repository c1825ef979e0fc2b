"""Terraform provider schemas, read from the jsii manifests of the CDKTF provider packages.

`scripts/install_tf_tools.sh` extracts `build/schemas/<provider>.jsii` from `@cdktf/provider-<name>`.
Each resource or data source is a jsii class whose doc summary names the Terraform type and whose
constructor takes a `...Config` struct: one property per argument or nested block, `optional` unless
Terraform requires it. Nested blocks are structs too (directly, or as an array of structs).
The Terraform spelling of each name is in the property's docs (`{@link ...#bucket_prefix ...}`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_DIR = ROOT / "build" / "schemas"

# Arguments every resource/data block accepts (Terraform meta-arguments), and blocks.
META_ARGUMENTS = frozenset(
    {"count", "for_each", "depends_on", "provider", "lifecycle", "provisioner", "connection"}
)

_SUMMARY = re.compile(
    r"registry\.terraform\.io/providers/hashicorp/(?P<provider>[a-z0-9]+)/(?P<version>[0-9.]+)/docs/"
    r"(?P<kind>resources|data-sources)/\S+ (?P<type>[a-z0-9_]+)\}"
)
_LINK_NAME = re.compile(r"#(?P<name>[a-z0-9_]+) [A-Za-z0-9]+#")


@dataclass
class Block:
    """Arguments (name -> required) and nested blocks (name -> Block) of one schema block."""

    arguments: dict[str, bool] = field(default_factory=dict)
    blocks: dict[str, Block] = field(default_factory=dict)
    is_required: bool = False

    @property
    def required(self) -> set[str]:
        return {name for name, req in self.arguments.items() if req} | {
            name for name, child in self.blocks.items() if child.is_required
        }


@dataclass(frozen=True)
class Provider:
    name: str
    version: str
    resources: dict[str, str]  # terraform type -> jsii class fqn
    data_sources: dict[str, str]
    provider_class: str
    types: dict

    def config_struct(self, class_fqn: str) -> str:
        params = self.types[class_fqn]["initializer"]["parameters"]
        return next(p for p in params if p["name"] == "config")["type"]["fqn"]

    def attributes(self, class_fqn: str) -> set[str]:
        """Names readable on an instance (computed attributes and arguments), Terraform spelling."""
        props = {p["name"] for p in self.types[class_fqn].get("properties", []) if not p.get("static")}
        return {
            re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower() for name in props if not name.endswith("Input")
        }


def _struct_fqn(type_ref: dict, types: dict) -> str | None:
    """The struct (datatype interface) inside a jsii type reference, if any."""
    if "fqn" in type_ref:
        target = types.get(type_ref["fqn"])
        if target and target.get("kind") == "interface" and target.get("datatype"):
            return type_ref["fqn"]
        return None
    if "collection" in type_ref:
        return _struct_fqn(type_ref["collection"]["elementtype"], types)
    if "union" in type_ref:
        for member in type_ref["union"]["types"]:
            found = _struct_fqn(member, types)
            if found:
                return found
    return None


def _tf_name(prop: dict) -> str:
    docs = prop.get("docs", {})
    match = _LINK_NAME.search(docs.get("remarks", "") + " " + docs.get("summary", ""))
    if match:
        return match.group("name")
    return re.sub(r"(?<!^)([A-Z])", r"_\1", prop["name"]).lower()


@cache
def load(provider: str) -> Provider:
    path = SCHEMA_DIR / f"{provider}.jsii"
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: run `make tf-tools` (scripts/install_tf_tools.sh)")
    types = json.loads(path.read_text())["types"]
    resources: dict[str, str] = {}
    data_sources: dict[str, str] = {}
    version = None
    provider_class = None
    for fqn, jtype in types.items():
        if jtype.get("kind") == "class" and jtype.get("base") == "cdktf.TerraformProvider":
            provider_class = fqn
            continue
        if jtype.get("kind") != "class" or jtype.get("base") not in (
            "cdktf.TerraformResource",
            "cdktf.TerraformDataSource",
        ):
            continue
        match = _SUMMARY.search(jtype.get("docs", {}).get("summary", ""))
        if not match or match.group("provider") != provider:
            raise ValueError(f"{fqn}: cannot read the Terraform type from its docs summary")
        version = match.group("version")
        target = resources if match.group("kind") == "resources" else data_sources
        target[match.group("type")] = fqn
    if not resources or version is None or provider_class is None:
        raise ValueError(f"{path}: no resource or provider classes found")
    return Provider(provider, version, resources, data_sources, provider_class, types)


def block(provider: Provider, struct_fqn: str) -> Block:
    """The schema block described by a Config (or nested) struct."""
    result = Block()
    for prop in provider.types[struct_fqn].get("properties", []):
        name = _tf_name(prop)
        nested = _struct_fqn(prop["type"], provider.types)
        if nested:
            child = block(provider, nested)
            child.is_required = not prop.get("optional", False)
            result.blocks[name] = child
        else:
            result.arguments[name] = not prop.get("optional", False)
    return result
