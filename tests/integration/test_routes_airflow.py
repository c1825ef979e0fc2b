"""The README's routing example in real Airflow: DataFrames to an analytics bucket, small JSON to a
short-lived prefix, the rest to `path` — pushed, pulled, purged on retry, checked and swept per route.
"""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from dataclasses import replace
from typing import TYPE_CHECKING

import pytest

from xcomkit_dev.airflow_env import CONN_ID

if TYPE_CHECKING:
    from collections.abc import Callable

    from xcomkit_dev.airflow_env import AirflowEnv
    from xcomkit_dev.s3_servers import S3Endpoint

pytestmark = pytest.mark.integration


@pytest.fixture
def routed_env(airflow_envs: Callable[..., AirflowEnv], s3_server: S3Endpoint) -> tuple[AirflowEnv, str]:
    env = airflow_envs("sqlite-s3", fresh="routes")
    analytics = f"analytics-{uuid.uuid4().hex[:8]}"
    s3_server.client().create_bucket(Bucket=analytics)
    routes = [
        {"codecs": ["parquet", "arrow", "polars"], "path": f"s3://{CONN_ID}@{analytics}/frames"},
        {"codecs": ["json"], "max_size": 4096, "path": f"s3://{CONN_ID}@{env.bucket}/short"},
    ]
    return replace(env, env={**env.env, "AIRFLOW__XCOMKIT__ROUTES": json.dumps(routes)}), analytics


def _xcomkit(env: AirflowEnv, *args: str) -> dict:
    proc = subprocess.run(
        [sys.executable, "-m", "xcomkit.cli.main", *args, "-o", "json"],
        env=env.env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode in (0, 1), proc.stdout + proc.stderr
    return json.loads(proc.stdout)


def test_routes_in_a_real_run(routed_env: tuple[AirflowEnv, str], s3_server: S3Endpoint) -> None:
    env, analytics = routed_env
    proc = env.dags_test("xcom_backend_smoke", "xcom_backend_smoke.py")
    assert "XCOM BACKEND SMOKE OK" in proc.stdout + proc.stderr  # retry purge across routes included
    refs = {(r["task_id"], r["key"]): r["value"] for r in env.xcom_rows("xcom_backend_smoke")}
    frame, small, big = (refs[t, "return_value"] for t in ("push_frame", "push_json", "push_big"))
    assert (frame["bucket"], frame["key"].split("/")[0]) == (analytics, "frames")
    assert (small["bucket"], small["key"].split("/")[0]) == (env.bucket, "short")
    assert (big["bucket"], big["key"].split("/")[0]) == (env.bucket, "xcom")
    listed = s3_server.client().list_objects_v2(Bucket=analytics)["Contents"]
    assert [o["Key"] for o in listed] == [frame["key"]]

    doctor = _xcomkit(env, "doctor")
    put_checks = {c["check"]: c["status"] for c in doctor["checks"] if c["check"].startswith("put under")}
    assert sorted(put_checks) == sorted(
        f"put under the prefix (s3://{CONN_ID}@{bucket}/{prefix})"
        for bucket, prefix in ((analytics, "frames"), (env.bucket, "short"), (env.bucket, "xcom"))
    )
    assert set(put_checks.values()) == {"passed"}

    swept = _xcomkit(env, "sweep", "--dry-run", "--older-than", "0s")
    assert [s["location"] for s in swept["locations"]] == [
        f"s3://{CONN_ID}@{analytics}/frames",
        f"s3://{CONN_ID}@{env.bucket}/short",
        f"s3://{CONN_ID}@{env.bucket}/xcom",
    ]
    assert swept["objects"] == [], "every routed object is referenced: nothing to sweep"
