"""Real Airflow (`airflow dags test`, Task SDK) on PostgreSQL + SeaweedFS: width, faults and secrets.

- 200 mapped task instances (`dags test` runs them one after another in one process; the concurrent
  case is test_concurrency.py, 200 threads on one store): every value back intact, one object per
  instance, no collision, nothing lost. `dags test --use-executor` with the LocalExecutor needs an
  execution API server, which `dags test` does not start.
- The store behind the fault proxy: transient 503s are absorbed by botocore's retries; a store that
  drops every upload fails the producing task, and no XCom row points at a missing or partial object.
- The connection's secret never appears in the run's output or task logs.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

import pytest

from xcomkit.reference import is_reference
from xcomkit_dev.airflow_env import CONN_ID
from xcomkit_dev.checksum import matches
from xcomkit_dev.faultproxy import Fault, FaultProxy

if TYPE_CHECKING:
    from xcomkit_dev.airflow_env import AirflowEnv
    from xcomkit_dev.s3_servers import S3Endpoint

pytestmark = pytest.mark.integration


@pytest.fixture
def env(pg_s3_env: AirflowEnv) -> AirflowEnv:
    return pg_s3_env


def _no_dangling(env: AirflowEnv) -> int:
    """Every reference in the XCom table points at a complete object (size and SHA-256 as recorded)."""
    import sqlalchemy as sa

    from xcomkit.reference import from_db_column

    with env.engine.connect() as conn:
        values = [from_db_column(r[0]) for r in conn.execute(sa.text("SELECT value FROM xcom"))]
    refs = [v for v in values if is_reference(v)]
    keys = env.object_keys()
    for ref in refs:
        assert ref["key"] in keys, f"dangling reference: {ref['url']}"
        body = env.read_object(ref["key"])
        assert len(body) == ref["size"], ref["url"]
        assert matches(body, ref["checksum"]), ref["url"]
    return len(refs)


def _wide_objects(env: AirflowEnv) -> None:
    rows = [r for r in env.xcom_rows("xk_wide") if r["task_id"] == "push"]
    assert sorted(r["map_index"] for r in rows) == list(range(200))
    keys = [r["value"]["key"] for r in rows]
    assert len(set(keys)) == 200, "two mapped instances wrote the same key"
    assert set(keys) <= env.object_keys()
    assert set(env.ti_states("xk_wide").values()) == {"success"}


def test_200_mapped_instances_sequential(env: AirflowEnv) -> None:
    proc = env.dags_test("xk_wide", "xk_wide.py")
    assert "WIDE OK: 200 values intact" in proc.stdout + proc.stderr
    _wide_objects(env)
    _no_dangling(env)


def _through_proxy(env: AirflowEnv, fault_proxy: FaultProxy, s3: S3Endpoint) -> AirflowEnv:
    retries = {"mode": "standard", "total_max_attempts": 3}
    config = {"retries": retries, "read_timeout": 5, "connect_timeout": 5}
    uri = s3.connection_uri(fault_proxy.url, config_kwargs=config)
    return replace(env, env={**env.env, f"AIRFLOW_CONN_{CONN_ID.upper()}": uri})


def test_transient_503s_in_a_real_run(
    env: AirflowEnv, fault_proxy: FaultProxy, s3_server: S3Endpoint
) -> None:
    fault_proxy.add(Fault("status", method="PUT", times=2))
    fault_proxy.add(Fault("status", method="GET", path=r"/xcom/xk_faulty/", times=1))
    proc = _through_proxy(env, fault_proxy, s3_server).dags_test("xk_faulty", "xk_faulty.py")
    assert "FAULTY OK" in proc.stdout + proc.stderr
    assert env.ti_states("xk_faulty") == {"produce": "success", "consume": "success"}
    assert fault_proxy.count("PUT") >= 4, "the injected 503s were not retried through the proxy"
    _no_dangling(env)


def test_store_down_during_upload_fails_the_task_cleanly(
    env: AirflowEnv, fault_proxy: FaultProxy, s3_server: S3Endpoint
) -> None:
    fault_proxy.add(Fault("drop", method="PUT", times=None))
    proc = _through_proxy(env, fault_proxy, s3_server).dags_test("xk_faulty", "xk_faulty.py", check=False)
    out = proc.stdout + proc.stderr
    assert env.ti_states("xk_faulty") == {"produce": "failed", "consume": "upstream_failed"}
    assert "StoreUnavailableError" in out
    assert "s3:PutObject on s3://" in out
    assert [r for r in env.xcom_rows("xk_faulty") if r["key"] == "return_value"] == []
    run_id = env.latest_run("xk_faulty")
    from xcomkit.keys import encode_segment

    left = [k for k in env.object_keys() if f"/{encode_segment(run_id)}/" in k]
    assert left == [], f"a dropped upload left objects: {left}"
    _no_dangling(env)


def test_no_secret_in_run_output_or_task_logs(env: AirflowEnv, s3_server: S3Endpoint) -> None:
    proc = env.dags_test("xk_faulty", "xk_faulty.py")
    secret = s3_server.secret_key
    assert secret in env.env[f"AIRFLOW_CONN_{CONN_ID.upper()}"], "the run did not use the secret"
    texts: dict[str, Any] = {"dags test output": proc.stdout + proc.stderr}
    texts.update(
        {str(p): p.read_text(errors="replace") for p in (env.home / "logs").rglob("*") if p.is_file()}
    )
    # `dags test` runs the tasks in its own process: their log lines are in its output (and in
    # files under logs/ where Airflow writes them).
    assert "FAULTY OK" in texts["dags test output"], "the task's own output was not captured"
    leaks = [name for name, text in texts.items() if secret in text]
    assert leaks == []
