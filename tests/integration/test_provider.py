"""xcomkit is a registered Airflow provider: `airflow providers list` and `airflow config list` show it."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.integration


def _airflow(tmp_path: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW")}
    env |= {"AIRFLOW_HOME": str(tmp_path), "AIRFLOW__XCOMKIT__PATH": "file:///tmp/xcomkit-provider-test"}
    proc = subprocess.run(
        [sys.executable, "-m", "airflow", *args],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return proc.stdout


def test_listed_as_provider(tmp_path: Path) -> None:
    assert "xcomkit" in _airflow(tmp_path, "providers", "list")


def test_config_section_is_declared(tmp_path: Path) -> None:
    described = _airflow(
        tmp_path, "config", "list", "--section", "xcomkit", "--include-descriptions", "--include-env-vars"
    )
    assert "Variable: AIRFLOW__XCOMKIT__DATAFRAME_FORMAT" in described
    out = _airflow(tmp_path, "config", "list", "--section", "xcomkit", "--show-values")
    assert "[xcomkit]" in out
    for option in (
        "path = file:///tmp/xcomkit-provider-test",
        "threshold = 0",
        "compression = none",
        "dataframe_format = parquet",
    ):
        assert option in out
