"""`xcomkit export` against real Terraform core: a root that was never applied says to apply it."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from xcomkit.terraform_outputs import TerraformError, read_outputs
from xcomkit_dev.terraform import TERRAFORM

if TYPE_CHECKING:
    from pathlib import Path


def test_not_applied_root_says_to_apply(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text('output "bucket" {\n  value = "b"\n}\n')
    with pytest.raises(TerraformError, match="not been applied yet") as info:
        read_outputs(tmp_path, str(TERRAFORM))
    assert info.value.fix.startswith(f"run `make apply CLOUD={tmp_path.name}`")
