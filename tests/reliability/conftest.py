"""The reliability suite's own fixture: the PostgreSQL + SeaweedFS Airflow environment it shares.

Everything else (SeaweedFS, the fault proxy, `s3_worker`, moto) comes from the harness
(xcomkit_dev.pytest_plugin). The suite's DAGs (tests/reliability/dags) are in every environment.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from collections.abc import Callable

    from xcomkit_dev.airflow_env import AirflowEnv


@pytest.fixture
def pg_s3_env(airflow_envs: Callable[[str], AirflowEnv]) -> AirflowEnv:
    """Real Airflow on PostgreSQL with the S3 store (SeaweedFS), shared by this suite's Airflow tests."""
    return airflow_envs("pg-s3")
