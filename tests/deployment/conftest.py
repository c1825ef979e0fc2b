"""A real Celery deployment of Airflow 3 (API server, scheduler, dag-processor, two workers) for this suite.

The deployment starts once for the test module; every DAG run the tests look at is triggered through the REST
API right after startup, so the runs overlap instead of queueing behind each other. Tests then wait
for their own run, and look at it only from the outside: the REST API and the bucket.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from xcomkit.reference import FORMAT_VERSION
from xcomkit_dev.celery_stack import celery_deployment
from xcomkit_dev.checksum import matches
from xcomkit_dev.deployment import Deployment

if TYPE_CHECKING:
    from collections.abc import Iterator
    from types import ModuleType

    from xcomkit_dev.s3_servers import S3Endpoint

REPO = Path(__file__).resolve().parents[2]
DAGS = Path(__file__).with_name("dags")
DAG_FILES = [
    REPO / "dags" / "xcom_backend_smoke.py",
    REPO / "dags" / "fetch_pokemon_data_dag.py",
    *sorted(DAGS.glob("xkd_*.py")),
]
# DAG id → how many runs to trigger at startup (the orphan test deletes one of two runs).
RUNS = {
    "xcom_backend_smoke": 1,
    "fetch_pokemon_data_dag": 1,
    "xkd_cross_worker": 1,
    "xkd_branch": 1,
    "xkd_mapped": 1,
    "xkd_clear": 1,
    "xkd_orphans": 2,
}
RUN_TIMEOUT = 900  # seconds per run; all runs together took ~4 min on a 2-core machine at load 8


# Outside pytest's tmp dirs, which other pytest sessions on the machine rotate away: the last run's logs
# (every component, every task try) stay here to read after a failure.
WORKDIR = REPO / "build" / "e2e-celery"


# Module scope: the deployment stops as soon as its tests are done, not at the end of `make test`.
@pytest.fixture(scope="module")
def deployment(s3_server: S3Endpoint) -> Iterator[Deployment]:
    """The running deployment; its home and logs are under build/e2e-celery/ until the next run."""
    shutil.rmtree(WORKDIR, ignore_errors=True)
    started = time.monotonic()
    with celery_deployment(WORKDIR, s3_server, DAG_FILES) as running:
        print(
            f"\ndeployment ready in {time.monotonic() - started:.0f}s at {running.api_url} ({running.home})"
        )
        yield running


@pytest.fixture(scope="module")
def runs(deployment: Deployment) -> dict[str, list[str]]:
    """Run ids by DAG id, all triggered at once through the REST API."""
    return {dag_id: [deployment.trigger(dag_id) for _ in range(n)] for dag_id, n in RUNS.items()}


def finished_ok(deployment: Deployment, dag_id: str, run_id: str) -> None:
    """Wait for the run and fail with its task states, failed task logs and process logs if not success."""
    run = deployment.wait(dag_id, run_id, RUN_TIMEOUT)
    if run["state"] != "success":
        pytest.fail(f"{dag_id} run {run_id} ended {run['state']}:\n{deployment.report(dag_id, run_id)}")


def tis_by_id(deployment: Deployment, dag_id: str, run_id: str) -> dict[str, dict[str, Any]]:
    """Task instances of a run by `task_id` (or `task_id[map_index]` when mapped)."""
    return {
        ti["task_id"] if ti["map_index"] < 0 else f"{ti['task_id']}[{ti['map_index']}]": ti
        for ti in deployment.task_instances(dag_id, run_id)
    }


def xcom_entry(
    deployment: Deployment, dag_id: str, run_id: str, task_id: str, key: str = "return_value", **params: Any
) -> dict[str, Any]:
    """One XCom entry through the REST API's single-entry endpoint (as the UI asks for it by default)."""
    path = f"/dags/{dag_id}/dagRuns/{run_id}/taskInstances/{task_id}/xcomEntries/{key}"
    return deployment.api("GET", path, **params)


def reference(deployment: Deployment, dag_id: str, run_id: str, task_id: str, **kw: Any) -> dict[str, Any]:
    """The kit's reference stored for an XCom, as the REST API returns it (never the value)."""
    value = xcom_entry(deployment, dag_id, run_id, task_id, **kw)["value"]
    assert isinstance(value, dict), (
        f"{dag_id}/{task_id}: expected a reference, the API returned {value!r:.300}"
    )
    assert value.get("__xcomkit__") == FORMAT_VERSION, f"{dag_id}/{task_id}: not a reference: {value!r:.300}"
    return value


def stored_value(deployment: Deployment, ref: dict[str, Any]) -> Any:
    """Read a referenced object straight from the bucket, check it against the reference, decode it."""
    from xcomkit.codecs.registry import get_codec
    from xcomkit.compression import decompress

    assert ref["bucket"] == deployment.bucket
    assert ref["url"] == f"s3://{deployment.bucket}/{ref['key']}"
    data = deployment.s3.client().get_object(Bucket=deployment.bucket, Key=ref["key"])["Body"].read()
    assert len(data) == ref["size"]
    assert matches(data, ref["checksum"])
    return get_codec(ref["codec"]).decode(decompress(data, ref["compression"]))


def objects(deployment: Deployment, prefix: str = "") -> dict[str, bytes]:
    """Every object under `prefix` in the deployment's bucket, with its content (admin client)."""
    client = deployment.s3.client()
    pages = client.get_paginator("list_objects_v2").paginate(Bucket=deployment.bucket, Prefix=prefix)
    keys = [o["Key"] for page in pages for o in page.get("Contents", [])]
    return {k: client.get_object(Bucket=deployment.bucket, Key=k)["Body"].read() for k in keys}


def run_cli(deployment: Deployment, *argv: str) -> subprocess.CompletedProcess[str]:
    """Run a command (`xcomkit sweep`) as an operator would: a worker's config, DB and connection."""
    return subprocess.run(argv, env=deployment.env, capture_output=True, text=True, timeout=300, check=False)


def load_dag_module(path: Path) -> ModuleType:
    """Import a DAG file to reuse its expected values (the file is the single definition of them)."""
    spec = importlib.util.spec_from_file_location(f"xkd_expected_{path.stem}", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """On a failure, attach the tail of every component's log to the report."""
    outcome = yield
    report = outcome.get_result()
    running = getattr(item, "funcargs", {}).get("deployment")
    if report.failed and isinstance(running, Deployment):
        report.sections.append(("deployment logs", running.log_tails()))
