"""The kit in a real Celery deployment: values cross workers, the API shows references, re-runs purge.

Every check looks from the outside, as an operator would: the REST API (task states, which worker ran
what, the XCom rows) and the bucket (objects, their bytes). The DAGs also check values on the inside.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

import pytest

from tests.deployment.conftest import (
    DAGS,
    RUN_TIMEOUT,
    finished_ok,
    load_dag_module,
    objects,
    reference,
    run_cli,
    stored_value,
    tis_by_id,
    xcom_entry,
)
from xcomkit_dev.deployment import CONN_ID, Deployment

pytestmark = pytest.mark.integration


def test_only_workers_hold_the_store_connection(deployment: Deployment) -> None:
    """Every component is up and only the workers were given the connection.

    This guards the premise of the suite: since the API server, scheduler and dag-processor run without
    the store's connection, every REST call and run below shows they never read an object.
    """
    health = deployment.health()
    assert health["scheduler"]["status"] == "healthy", health
    assert health["dag_processor"]["status"] == "healthy", health
    conn_var = f"AIRFLOW_CONN_{CONN_ID.upper()}"
    holders = sorted(p.name for p in deployment.processes if p.env is not None and conn_var in p.env)
    assert holders == ["worker-alpha", "worker-beta"]
    assert {p.name for p in deployment.processes} == {
        "api-server", "scheduler", "dag-processor", "worker-alpha", "worker-beta"
    }  # fmt: skip
    assert all(p.process is not None and p.process.poll() is None for p in deployment.processes)


def test_smoke_dag(deployment: Deployment, runs: dict[str, list[str]]) -> None:
    """The kit's own smoke DAG, including its retry-purge check, passes under the scheduler and workers."""
    (run_id,) = runs["xcom_backend_smoke"]
    finished_ok(deployment, "xcom_backend_smoke", run_id)
    tis = tis_by_id(deployment, "xcom_backend_smoke", run_id)
    assert {t: ti["state"] for t, ti in tis.items()} == dict.fromkeys(tis, "success")
    assert tis["retry_purges"]["try_number"] == 2  # failed once on purpose, the scheduler retried it
    from xcomkit.smoke import SAMPLE

    assert (
        stored_value(deployment, reference(deployment, "xcom_backend_smoke", run_id, "push_json")) == SAMPLE
    )


def test_seed_dataframe_dag(deployment: Deployment, runs: dict[str, list[str]]) -> None:
    """The seed's DataFrame DAG: the stored Parquet object is exactly the frame built from the stored dict."""
    import pandas as pd

    (run_id,) = runs["fetch_pokemon_data_dag"]
    finished_ok(deployment, "fetch_pokemon_data_dag", run_id)
    extracted = stored_value(
        deployment, reference(deployment, "fetch_pokemon_data_dag", run_id, "extract_data")
    )
    ref = reference(deployment, "fetch_pokemon_data_dag", run_id, "calculate_xp_per_height")
    assert (ref["codec"], ref["shape"]) == ("parquet", [2, 4])
    expected = pd.DataFrame(extracted)
    expected["xp_per_height"] = expected["base_experience"] / expected["height"]
    pd.testing.assert_frame_equal(stored_value(deployment, ref), expected, check_exact=True)


def test_values_cross_workers(deployment: Deployment, runs: dict[str, list[str]]) -> None:
    """Producers ran on worker alpha, the consumer on worker beta, and every value arrived unchanged."""
    import pandas as pd

    (run_id,) = runs["xkd_cross_worker"]
    finished_ok(deployment, "xkd_cross_worker", run_id)
    ran_on = {
        t: (ti["queue"], ti["hostname"])
        for t, ti in tis_by_id(deployment, "xkd_cross_worker", run_id).items()
    }
    alpha, beta = ("alpha", deployment.workers["alpha"]), ("beta", deployment.workers["beta"])
    assert ran_on == {"produce_frame": alpha, "produce_json": alpha, "consume": beta}
    dag = load_dag_module(DAGS / "xkd_cross_worker.py")
    frame = stored_value(deployment, reference(deployment, "xkd_cross_worker", run_id, "produce_frame"))
    pd.testing.assert_frame_equal(frame, dag.expected_frame(), check_exact=True)
    consumed = stored_value(deployment, reference(deployment, "xkd_cross_worker", run_id, "consume"))
    assert consumed == {"rows": dag.ROWS, "id_sum": sum(range(dag.ROWS)), "json": dag.EXPECTED_JSON}


def test_branch(deployment: Deployment, runs: dict[str, list[str]]) -> None:
    """The scheduler skips the branch not taken: `skipmixin_key` stays inline, the values go to the store."""
    (run_id,) = runs["xkd_branch"]
    finished_ok(deployment, "xkd_branch", run_id)
    states = {t: ti["state"] for t, ti in tis_by_id(deployment, "xkd_branch", run_id).items()}
    assert states == {
        "make": "success",
        "choose": "success",
        "odd": "success",
        "even": "skipped",
        "join": "success",
    }
    skip = xcom_entry(deployment, "xkd_branch", run_id, "choose", "skipmixin_key")["value"]
    assert "__xcomkit__" not in json.dumps(skip), skip
    assert stored_value(deployment, reference(deployment, "xkd_branch", run_id, "join")) == "7 is odd"


def test_mapped_over_100_inputs(deployment: Deployment, runs: dict[str, list[str]]) -> None:
    """100 mapped instances over a stored list, spread over both workers, each with its own object."""
    (run_id,) = runs["xkd_mapped"]
    finished_ok(deployment, "xkd_mapped", run_id)
    squares = [ti for t, ti in tis_by_id(deployment, "xkd_mapped", run_id).items() if t.startswith("square[")]
    assert sorted(ti["map_index"] for ti in squares) == list(range(100))
    assert {ti["state"] for ti in squares} == {"success"}
    assert {ti["hostname"] for ti in squares} == set(deployment.workers.values()), (
        "both workers take mapped tasks"
    )
    assert stored_value(deployment, reference(deployment, "xkd_mapped", run_id, "inputs")) == list(range(100))
    for i in (0, 57, 99):
        ref = reference(deployment, "xkd_mapped", run_id, "square", map_index=i)
        assert ref["map_index"] == i
        assert stored_value(deployment, ref) == {"i": i, "square": i * i}
    square_dir = reference(deployment, "xkd_mapped", run_id, "square", map_index=0)["key"].rsplit("/", 2)[0]
    assert len(objects(deployment, square_dir + "/")) == 100  # <run>/square/<map_index>/return_value.json
    assert stored_value(deployment, reference(deployment, "xkd_mapped", run_id, "total")) == sum(
        i * i for i in range(100)
    )


def test_rest_api_shows_the_reference_never_the_payload(
    deployment: Deployment, runs: dict[str, list[str]]
) -> None:
    """List and single-entry endpoints, raw and as the UI asks (deserialize): where, size, format."""
    (run_id,) = runs["xkd_cross_worker"]
    finished_ok(deployment, "xkd_cross_worker", run_id)
    base = f"/dags/xkd_cross_worker/dagRuns/{run_id}/taskInstances/produce_frame/xcomEntries"
    listed = json.dumps(deployment.api("GET", base))  # the list carries no values at all
    assert [e["key"] for e in json.loads(listed)["xcom_entries"]] == ["return_value"]
    assert "row-4999" not in listed
    answers = [
        json.dumps(deployment.api("GET", f"{base}/return_value", **params))
        for params in ({}, {"deserialize": "true"}, {"deserialize": "true", "stringify": "true"})
    ]
    ref = reference(deployment, "xkd_cross_worker", run_id, "produce_frame")
    assert ref["key"].startswith(f"xcom/xkd_cross_worker/{run_id.replace(':', '%3A').replace('+', '%2B')}/")
    assert (ref["codec"], ref["shape"]) == ("parquet", [5000, 4])
    assert ref["size"] > 50_000
    for answer in answers:
        assert ref["url"] in answer, answer[:500]
        assert ref["checksum"] in answer
        assert "row-4999" not in answer  # a value of the frame
        assert len(answer) < 2000  # a reference, not 5000 rows
    for params in ({}, {"deserialize": "true"}):
        entry = xcom_entry(deployment, "xkd_cross_worker", run_id, "produce_json", **params)
        assert entry["value"]["codec"] == "json"
        assert "héllo" not in json.dumps(entry, ensure_ascii=False)


def test_clear_and_rerun_purges_the_old_objects(deployment: Deployment, runs: dict[str, list[str]]) -> None:
    """Clearing a task through the REST API: its re-run purges the first try's objects, then overwrites."""
    (run_id,) = runs["xkd_clear"]
    finished_ok(deployment, "xkd_clear", run_id)
    first = reference(deployment, "xkd_clear", run_id, "pusher", key="first_try_only")
    returned = reference(deployment, "xkd_clear", run_id, "pusher")
    run_prefix = returned["key"].rsplit("/", 3)[0] + "/"
    assert set(objects(deployment, run_prefix)) == {first["key"], returned["key"]}
    assert stored_value(deployment, returned) == {"try": 1}

    body = {"dag_run_id": run_id, "task_ids": ["pusher"], "only_failed": False, "dry_run": False}
    cleared = deployment.api("POST", "/dags/xkd_clear/clearTaskInstances", body)
    assert [ti["task_id"] for ti in cleared["task_instances"]] == ["pusher"]
    deadline = time.monotonic() + RUN_TIMEOUT
    while not _reran(ti := tis_by_id(deployment, "xkd_clear", run_id)["pusher"]):
        assert ti["state"] not in {"failed", "upstream_failed"}, deployment.report("xkd_clear", run_id)
        assert time.monotonic() < deadline, f"pusher not re-run in time: {ti}"
        time.sleep(1)

    left = objects(deployment, run_prefix)
    assert first["key"] not in left, "the first try's object survived the re-run: purge was not called"
    assert set(left) == {returned["key"]}
    entries = deployment.api("GET", f"/dags/xkd_clear/dagRuns/{run_id}/taskInstances/pusher/xcomEntries")
    keys = [e["key"] for e in entries["xcom_entries"]]
    assert keys == ["return_value"]
    again = reference(deployment, "xkd_clear", run_id, "pusher")
    assert again["key"] == returned["key"]  # deterministic: overwritten in place, nothing orphaned
    assert again["checksum"] != returned["checksum"]
    assert stored_value(deployment, again) == {"try": 2}


def _reran(ti: dict[str, Any]) -> bool:
    return ti["try_number"] >= 2 and ti["state"] == "success"


def test_deleted_run_leaves_orphans_that_the_sweep_removes(
    deployment: Deployment, runs: dict[str, list[str]]
) -> None:
    """REST DELETE of a run drops its XCom rows, not its objects; `xcomkit sweep` deletes those."""
    deleted, kept = runs["xkd_orphans"]
    for run_id in (deleted, kept):
        finished_ok(deployment, "xkd_orphans", run_id)
    prefix = {
        r: reference(deployment, "xkd_orphans", r, "first")["key"].rsplit("/", 3)[0] + "/"
        for r in runs["xkd_orphans"]
    }
    orphans = set(objects(deployment, prefix[deleted]))
    kept_objects = objects(deployment, prefix[kept])
    assert len(orphans) == 2
    assert len(kept_objects) == 2

    deployment.api("DELETE", f"/dags/xkd_orphans/dagRuns/{deleted}")
    remaining_runs = {r["dag_run_id"] for r in deployment.api("GET", "/dags/xkd_orphans/dagRuns")["dag_runs"]}
    assert remaining_runs == {kept}
    assert set(objects(deployment, prefix[deleted])) == orphans, "Airflow does not call the backend on delete"

    sweep = [
        sys.executable,
        "-m",
        "xcomkit.cli.main",
        "sweep",
        "--older-than",
        "0s",
        "--dag-id",
        "xkd_orphans",
    ]
    dry = run_cli(deployment, *sweep, "--dry-run", "-o", "json")
    assert dry.returncode == 0, dry.stderr
    assert {o["url"].split("/", 3)[3] for o in json.loads(dry.stdout)["objects"]} == orphans
    assert set(objects(deployment, prefix[deleted])) == orphans

    done = run_cli(deployment, *sweep, "-o", "json")
    assert done.returncode == 0, done.stderr
    (summary,) = json.loads(done.stdout)["locations"]
    assert (summary["deleted"], summary["orphans"]) == (2, 2), summary
    assert objects(deployment, prefix[deleted]) == {}
    assert objects(deployment, prefix[kept]) == kept_objects
    assert stored_value(deployment, reference(deployment, "xkd_orphans", kept, "second")) == {
        "run": kept,
        "part": 2,
    }
