"""DAGs run by real Airflow with the backend on: values come back equal, the DB holds references only."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from xcomkit.reference import is_reference
from xcomkit_dev.checksum import matches

if TYPE_CHECKING:
    from xcomkit_dev.airflow_env import AirflowEnv

pytestmark = pytest.mark.integration


def _refs(env: AirflowEnv, dag_id: str) -> dict[tuple[str, int, str], dict]:
    return {(r["task_id"], r["map_index"], r["key"]): r["value"] for r in env.xcom_rows(dag_id)}


def test_roundtrip_every_type(every_airflow_env: AirflowEnv) -> None:
    env = every_airflow_env
    proc = env.dags_test("xk_roundtrip", "xk_roundtrip.py")
    assert "ROUNDTRIP OK" in proc.stdout + proc.stderr

    refs = _refs(env, "xk_roundtrip")
    keys = env.object_keys()
    expected_codecs = {"bytes": "bytes", "return_value": "parquet"}
    for (task_id, map_index, key), value in refs.items():
        assert is_reference(value), f"{task_id}/{key} is stored inline: {value!r}"
        assert value["task_id"] == task_id
        assert value["map_index"] == map_index
        assert value["codec"] == expected_codecs.get(key, "json")
        assert value["key"] in keys
        body = env.read_object(value["key"])
        assert len(body) == value["size"]
        assert matches(body, value["checksum"])
        # <prefix>/<dag_id>/<run_id>/<task_id>/<map_index>/<key>.<ext>, run id percent-encoded
        parts = value["key"].split("/")
        assert parts[-5] == "xk_roundtrip"
        assert ":" not in parts[-4]
        assert parts[-3:-1] == [task_id, str(map_index)]
    frame_ref = refs[("push_frame", -1, "return_value")]
    assert frame_ref["shape"] == [1_000_000, 6]
    assert env.read_object(frame_ref["key"])[:4] == b"PAR1", "not a real Parquet file"


def test_seed_dags(airflow_env: AirflowEnv) -> None:
    for dag_id in ("simple_xcom_dag", "fetch_pokemon_data_dag"):
        proc = airflow_env.dags_test(dag_id, f"{dag_id}.py")
        assert set(airflow_env.ti_states(dag_id).values()) == {"success"}
        assert all(is_reference(r["value"]) for r in airflow_env.xcom_rows(dag_id))
    assert "has a base xp to height ratio of" in proc.stdout + proc.stderr


def test_branch_still_skips(airflow_env: AirflowEnv) -> None:
    airflow_env.dags_test("xk_branch", "xk_branching.py")
    states = airflow_env.ti_states("xk_branch")
    assert states == {"make": "success", "choose": "success", "odd": "success", "even": "skipped"}
    refs = _refs(airflow_env, "xk_branch")
    skip = refs[("choose", -1, "skipmixin_key")]
    assert skip == {"followed": ["odd"]}, "the scheduler reads skipmixin_key raw: it must stay inline"
    assert is_reference(refs[("make", -1, "return_value")])


def test_short_circuit_still_skips(airflow_env: AirflowEnv) -> None:
    airflow_env.dags_test("xk_short_circuit", "xk_branching.py")
    assert airflow_env.ti_states("xk_short_circuit") == {"gate": "success", "after": "skipped"}


def test_mapped_tasks_each_get_their_object(airflow_env: AirflowEnv) -> None:
    airflow_env.dags_test("xk_mapped", "xk_mapped.py")
    refs = _refs(airflow_env, "xk_mapped")
    mapped = {k: v for k, v in refs.items() if k[0] == "square" and k[2] == "return_value"}
    assert sorted(k[1] for k in mapped) == list(range(50))
    assert len({v["key"] for v in mapped.values()}) == 50
    assert {v["key"] for v in mapped.values()} <= airflow_env.object_keys()


def test_retry_purges_first_try(airflow_env: AirflowEnv) -> None:
    airflow_env.dags_test("xk_retry", "xk_retry.py")
    assert airflow_env.ti_states("xk_retry") == {"flaky": "success"}
    refs = _refs(airflow_env, "xk_retry")
    assert ("flaky", -1, "first_try_only") not in refs
    leftovers = [k for k in airflow_env.object_keys() if "/xk_retry/" in k and "first_try_only" in k]
    assert leftovers == [], f"the first try's object was not purged: {leftovers}"


def test_smoke_dag_passes(airflow_env: AirflowEnv) -> None:
    """The DAG shipped in the package (dags/xcom_backend_smoke.py only imports it)."""
    proc = airflow_env.dags_test("xcom_backend_smoke", "xcom_backend_smoke.py")
    assert "XCOM BACKEND SMOKE OK" in proc.stdout + proc.stderr
    assert set(airflow_env.ti_states("xcom_backend_smoke").values()) == {"success"}
    refs = _refs(airflow_env, "xcom_backend_smoke")
    assert refs[("push_frame", -1, "return_value")]["codec"] == "parquet"
