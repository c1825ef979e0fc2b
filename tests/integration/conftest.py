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
# ... and run each DAG once, on one of the two (a `dags test` costs ~25 s of CPU on an older minor):
# every leg still runs both stores, the newest Airflow runs every DAG on every combination.
LEG_STORE = {
    "test_roundtrip_every_type": "sqlite-s3",
    "test_smoke_dag_passes": "sqlite-s3",
    "test_mapped_tasks_each_get_their_object": "sqlite-s3",
    "test_seed_dags": "sqlite-local",
    "test_branch_still_skips": "sqlite-local",
    "test_short_circuit_still_skips": "sqlite-local",
    "test_retry_purges_first_try": "sqlite-local",
}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On a leg, keep each DAG test's LEG_STORE combination only (all of them elsewhere)."""
    if not ONLY:
        return
    kept, dropped = [], []
    for item in items:
        combo = getattr(item, "callspec", None) and item.callspec.params.get(
            "airflow_env", item.callspec.params.get("every_airflow_env")
        )
        wanted = LEG_STORE.get(getattr(item, "originalname", ""))
        (dropped if combo and wanted and combo != wanted else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


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
