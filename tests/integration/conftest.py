"""Real Airflow 3 (`airflow dags test`) on PostgreSQL and SQLite, against SeaweedFS and the local store.

The environments come from the harness (`airflow_envs`, see xcomkit_dev.airflow_env); these fixtures
pick which combinations each test runs on.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import pytest

from xcomkit_dev.airflow_env import COMBOS

if TYPE_CHECKING:
    from collections.abc import Callable

    from xcomkit_dev.airflow_env import AirflowEnv


# The older-Airflow CI legs (make test-airflow) narrow both fixtures to the local store and SeaweedFS.
ONLY = [c for c in os.environ.get("XCOMKIT_TEST_COMBOS", "").split(",") if c]


@pytest.fixture(params=ONLY or ["pg-s3", "sqlite-local"])
def airflow_env(request: pytest.FixtureRequest, airflow_envs: Callable[[str], AirflowEnv]) -> AirflowEnv:
    """PostgreSQL with the S3 store, and SQLite with the local store (each DB and each store once)."""
    return airflow_envs(request.param)


@pytest.fixture(params=ONLY or list(COMBOS))
def every_airflow_env(
    request: pytest.FixtureRequest, airflow_envs: Callable[[str], AirflowEnv]
) -> AirflowEnv:
    """Every database × store combination (PostgreSQL/SQLite × S3/local, SQLite × GCS/Azure)."""
    return airflow_envs(request.param)
