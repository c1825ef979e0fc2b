"""The orphan sweep against real servers: 10,000 orphans in ten requests, and after `airflow db clean`."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest

from xcomkit.location import Location
from xcomkit.sweep import referenced_keys, sweep
from xcomkit_dev.checksum import matches

if TYPE_CHECKING:
    from collections.abc import Callable

    from xcomkit_dev.airflow_env import AirflowEnv
    from xcomkit_dev.faultproxy import FaultProxy
    from xcomkit_dev.worker import Worker

pytestmark = pytest.mark.integration

WEEK = timedelta(days=7)


# --- S3: 10,000 orphans, counted at the HTTP level through the proxy --------------------------------


def test_ten_thousand_orphans_in_ten_delete_requests(
    s3_worker: Callable[..., Worker], fault_proxy: FaultProxy
) -> None:
    kit = s3_worker(fault_proxy.url)
    referenced = {kit.push({"i": i}, task_id="keep", map_index=i)["key"] for i in range(25)}
    orphans = [f"xcom/gone/run/t/{i}/return_value.json" for i in range(10_000)]
    with ThreadPoolExecutor(16) as pool:  # straight to the server: setup is not what we count
        list(pool.map(lambda k: kit.admin.put_object(Bucket=kit.bucket, Key=k, Body=b"{}"), orphans))
    fault_proxy.clear()

    result = sweep(kit.store, older_than=WEEK, references=lambda: referenced,
                   now=datetime.now(UTC) + 2 * WEEK)  # fmt: skip

    assert (result.scanned, result.referenced, result.deleted) == (10_025, 25, 10_000)
    assert set(kit.keys()) == referenced
    delete_calls = fault_proxy.count("POST", r"\?delete")
    print(f"sweep of 10,000 orphans: {delete_calls} DeleteObjects, {fault_proxy.count('GET')} list requests")
    assert delete_calls <= 10
    assert fault_proxy.count("DELETE") == 0, "the sweep fell back to one DeleteObject per key"


# --- real Airflow: rows removed by `airflow db clean`, objects swept by the CLI ----------------------


def _all_reference_keys(env: Any) -> set[str]:
    import sqlalchemy as sa

    with env.engine.connect() as conn:
        values = [r[0] for r in conn.execute(sa.text("SELECT value FROM xcom"))]
    location = Location.parse(env.store_path)
    return referenced_keys(values, location)


def _sweep_cli(env: Any, *args: str) -> dict[str, Any]:
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "xcomkit.cli.main", "sweep", "-o", "json", *args],
        env=env.env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = json.loads(proc.stdout)
    (summary,) = out["locations"]
    return {**summary, "objects": [{**o, "key": o["url"].split("/", 3)[3]} for o in out["objects"]]}


def test_sweep_after_db_clean_in_real_airflow(airflow_envs: Callable[..., AirflowEnv]) -> None:
    env = airflow_envs("pg-s3", fresh="sweep")  # its own database and bucket: nothing else ran here
    env.dags_test("xk_faulty", "xk_faulty.py")
    env.dags_test("simple_xcom_dag", "simple_xcom_dag.py")
    cleaned = {r["value"]["key"] for r in env.xcom_rows("xk_faulty")}
    assert len(cleaned) == 4  # produce: the dict and, as multiple_outputs, each key; consume: its count
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    env.airflow("db", "clean", "--tables", "xcom", "--dag-ids", "xk_faulty",
                "--clean-before-timestamp", tomorrow, "--skip-archive", "--yes")  # fmt: skip
    assert env.xcom_rows("xk_faulty") == []
    dag_objects = {k for k in env.object_keys() if k.startswith("xcom/xk_faulty/")}
    assert dag_objects == cleaned, "db clean removed objects, or the run left others behind"

    default = _sweep_cli(env)  # 7 days of grace: everything here is minutes old
    assert (default["deleted"], default["orphans"], default["too_young"]) == (0, 0, len(cleaned))

    dry = _sweep_cli(env, "--older-than", "0s", "--dry-run", "--dag-id", "xk_faulty")
    assert {o["key"] for o in dry["objects"]} == cleaned
    assert cleaned <= env.object_keys()

    done = _sweep_cli(env, "--older-than", "0s")
    assert {o["key"] for o in done["objects"]} == cleaned
    assert done["deleted"] == len(cleaned)
    left = env.object_keys()
    # Nothing lost, nothing left behind: what remains is exactly what the XCom table references.
    assert {k for k in left if k.startswith("xcom/")} == _all_reference_keys(env)
    for row in env.xcom_rows("simple_xcom_dag"):  # the DAG whose rows stayed: its objects intact
        ref = row["value"]
        assert matches(env.read_object(ref["key"]), ref["checksum"])
