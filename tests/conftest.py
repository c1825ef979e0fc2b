"""The suites' shared fixtures come from the development harness (`xcomkit_dev.pytest_plugin`).

Here only what is this repository's: every suite's DAG folder goes into the Airflow environments.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
# tests/bare runs only in the venv without extras that `make test-bare` builds (it says so itself).
collect_ignore = [] if os.environ.get("XCOMKIT_BARE") else ["bare"]


@pytest.fixture(scope="session")
def airflow_dag_folders() -> list[Path]:
    """The repository's DAGs and every suite's DAG folder."""
    return [TESTS.parent / "dags", *sorted(p for p in TESTS.glob("*/dags") if p.is_dir())]
