"""Real Airflow on the GCS and Azure stores (gcp-storage-emulator, Azurite) through the same harness.

DataFrames and every JSON type also round-trip on these combos through test_dags.py's
`test_roundtrip_every_type` (parametrized over every combo in COMBOS); here: a seed DAG, its objects
checked in the cloud store itself. Purge is the stores' delete, covered by the contract suite (a
retry-purge DAG per cloud would add two more minutes of `airflow dags test`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from xcomkit.reference import is_reference
from xcomkit_dev.checksum import matches

if TYPE_CHECKING:
    from collections.abc import Callable

    from xcomkit_dev.airflow_env import AirflowEnv

pytestmark = pytest.mark.integration

SCHEMES = {"sqlite-gcs": "gs", "sqlite-azure": "wasb"}


@pytest.fixture(params=list(SCHEMES))
def cloud_env(request: pytest.FixtureRequest, airflow_envs: Callable[[str], AirflowEnv]) -> AirflowEnv:
    return airflow_envs(request.param)


def test_seed_dag_objects_live_in_the_cloud_store(cloud_env: AirflowEnv) -> None:
    proc = cloud_env.dags_test("simple_xcom_dag", "simple_xcom_dag.py")
    assert set(cloud_env.ti_states("simple_xcom_dag").values()) == {"success"}, proc.stdout[-3000:]
    rows = cloud_env.xcom_rows("simple_xcom_dag")
    assert rows, "the seed DAG pushed no XCom"
    keys = cloud_env.object_keys()
    for row in rows:
        ref = row["value"]
        assert is_reference(ref), f"{row['task_id']}/{row['key']} stayed inline: {ref!r}"
        assert ref["scheme"] == SCHEMES[cloud_env.name]
        assert ref["bucket"] == cloud_env.bucket
        assert ref["key"] in keys
        body = cloud_env.read_object(ref["key"])
        assert len(body) == ref["size"]
        assert matches(body, ref["checksum"])
