"""The orphan sweep: what it keeps (referenced, young, rewritten), what it deletes, and in how many calls."""

from __future__ import annotations

import hashlib
import json
import os
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.reliability.conftest import install_dags
from xcomkit.cli.main import main
from xcomkit.location import Location
from xcomkit.stores.local import LocalStore
from xcomkit.sweep import parse_duration, referenced_keys, sweep

if TYPE_CHECKING:
    from collections.abc import Callable

    from tests.reliability.conftest import Backend
    from xcomkit.testing.faultproxy import FaultProxy

WEEK = timedelta(days=7)


@pytest.fixture
def local(tmp_path: Path) -> LocalStore:
    return LocalStore(Location.parse(f"file://{tmp_path}/store"))


def _put(store: LocalStore, key: str, *, age: timedelta = timedelta(0), size: int = 10) -> str:
    full = f"{store.location.prefix}/{key}"
    store.put(full, b"x" * size)
    when = time.time() - age.total_seconds()
    os.utime(Path("/", full), (when, when))
    return full


def test_keeps_referenced_and_young_deletes_old_orphans(local: LocalStore) -> None:
    referenced = _put(local, "d/r/t/-1/return_value.json", age=30 * WEEK)
    young = _put(local, "d/r/t/0/return_value.json", age=timedelta(days=6))
    orphans = [_put(local, f"d/old/t/{i}/return_value.json", age=2 * WEEK, size=100) for i in range(3)]

    result = sweep(local, older_than=WEEK, references=lambda: {referenced})

    assert result.summary() == {
        "scanned": 5, "kept": 2, "referenced": 1, "too_young": 1, "orphans": 3,
        "deleted": 3, "bytes_freed": 300, "dry_run": False,
    }  # fmt: skip
    assert {o.key for o in local.list(local.location.prefix + "/")} == {referenced, young}
    assert sorted(o.key for o in result.orphans) == sorted(orphans)


def test_dry_run_deletes_nothing(local: LocalStore) -> None:
    orphan = _put(local, "d/r/t/-1/k.json", age=2 * WEEK)
    result = sweep(local, older_than=WEEK, references=set, dry_run=True)
    assert [o.key for o in result.orphans] == [orphan]
    assert (result.deleted, result.bytes_freed) == (0, 0)
    assert Path("/", orphan).exists()


def test_dag_id_limits_the_sweep_to_that_dag(local: LocalStore) -> None:
    mine = _put(local, "etl%20daily/r/t/-1/k.json", age=2 * WEEK)
    other = _put(local, "etl/r/t/-1/k.json", age=2 * WEEK)
    prefix_alike = _put(local, "etl%20daily2/r/t/-1/k.json", age=2 * WEEK)
    result = sweep(local, older_than=WEEK, references=set, dag_id="etl daily")
    assert [o.key for o in result.orphans] == [mine]
    assert Path("/", other).exists()
    assert Path("/", prefix_alike).exists()


def test_object_rewritten_during_the_sweep_is_kept(local: LocalStore) -> None:
    """A run deleted and re-created with the same run id rewrites the same key while the sweep runs."""
    key = _put(local, "d/scheduled/t/-1/return_value.json", age=2 * WEEK)
    calls = []

    def references() -> set[str]:
        calls.append(1)
        if len(calls) == 1:  # between the first listing and the confirming one: the task rewrites it
            local.put(key, b"new value")
        return set()

    result = sweep(local, older_than=WEEK, references=references)
    assert (result.deleted, result.too_young, len(calls)) == (0, 1, 2)
    assert Path("/", key).read_bytes() == b"new value"


def test_reference_committed_during_the_sweep_is_kept(local: LocalStore) -> None:
    key = _put(local, "d/r/t/-1/return_value.json", age=2 * WEEK)
    answers = iter([set(), {key}])
    result = sweep(local, older_than=WEEK, references=lambda: next(answers))
    assert (result.deleted, result.referenced) == (0, 1)
    assert Path("/", key).exists()


def test_referenced_keys_reads_every_stored_shape() -> None:
    location = Location.parse("s3://c@bucket/xcom")
    ref = {"__xcomkit__": 1, "scheme": "s3", "bucket": "bucket", "key": "xcom/a"}
    values: list[Any] = [
        ref,
        json.dumps({**ref, "key": "xcom/b"}),  # JSON text in the JSON column
        json.dumps(json.dumps({**ref, "key": "xcom/c"})),  # text of text
        json.dumps({**ref, "key": "xcom/d"}).encode(),
        {"__xcomkit__": 1, "key": "xcom/e"},  # malformed (no bucket): still protects its key
        {**ref, "bucket": "other-bucket", "key": "xcom/f"},  # another store: protects nothing here
        {**ref, "scheme": "gs", "key": "xcom/g"},
        {"inline": "xcom/h"},
        "just a string mentioning xcom/i",
        '{"__xcomkit__": broken json',
        None,
        42,
    ]
    assert referenced_keys(values, location) == {"xcom/a", "xcom/b", "xcom/c", "xcom/d", "xcom/e"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7d", WEEK),
        ("12h", timedelta(hours=12)),
        ("0s", timedelta(0)),
        ("2w", 2 * WEEK),
        (" 30m ", timedelta(minutes=30)),
    ],
)
def test_parse_duration(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["7", "d", "-1d", "1.5h", "7 days", ""])
def test_parse_duration_refuses(text: str) -> None:
    with pytest.raises(ValueError, match=r"is not a duration: use a whole number and a unit, e\.g\. 7d"):
        parse_duration(text)


# --- the CLI in-process (the database read replaced; the Airflow test below reads a real one) ----------


@pytest.fixture
def cli_store(xcomkit_env: pytest.MonkeyPatch, local_path: str) -> LocalStore:
    xcomkit_env.setenv("AIRFLOW__XCOMKIT__PATH", local_path)
    store = LocalStore(Location.parse(local_path))
    keep = _put(store, "d/r/t/-1/keep.json", age=2 * WEEK)
    xcomkit_env.setattr("xcomkit.sweep.referenced_keys_from_db", lambda location: {keep})
    return store


def test_cli_json_dry_run(cli_store: LocalStore, capsys: pytest.CaptureFixture[str]) -> None:
    orphan = _put(cli_store, "d/r/t/-1/orphan.json", age=2 * WEEK, size=42)
    assert main(["sweep", "--dry-run", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {k: out[k] for k in ("scanned", "referenced", "orphans", "deleted", "dry_run")} == {
        "scanned": 2, "referenced": 1, "orphans": 1, "deleted": 0, "dry_run": True,
    }  # fmt: skip
    assert [(o["key"], o["size"]) for o in out["objects"]] == [(orphan, 42)]
    assert Path("/", orphan).exists()


def test_cli_table_and_short_grace_warning(cli_store: LocalStore, capsys: pytest.CaptureFixture[str]) -> None:
    _put(cli_store, "d/r/t/-1/orphan.json", age=timedelta(minutes=10))
    assert main(["sweep", "--older-than", "1m"]) == 0
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert lines[0].split() == ["scanned", "kept", "referenced", "too_young", "orphans", "deleted",
                                "bytes_freed", "dry_run"]  # fmt: skip
    assert lines[2].split() == ["2", "1", "1", "0", "1", "1", "10", "False"]
    assert "is under an hour" in captured.err


def test_cli_bad_duration_exits_1(cli_store: LocalStore, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sweep", "--older-than", "soon"]) == 1
    assert "xcomkit sweep: --older-than: 'soon' is not a duration" in capsys.readouterr().err


# --- S3: 10,000 orphans, counted at the HTTP level through the proxy --------------------------------


@pytest.mark.integration
def test_ten_thousand_orphans_in_ten_delete_requests(
    backend_on: Callable[..., Backend], proxy: FaultProxy
) -> None:
    kit = backend_on(proxy.url)
    referenced = {kit.push({"i": i}, task_id="keep", map_index=i)["key"] for i in range(25)}
    orphans = [f"xcom/gone/run/t/{i}/return_value.json" for i in range(10_000)]
    with ThreadPoolExecutor(16) as pool:  # straight to the server: setup is not what we count
        list(pool.map(lambda k: kit.admin.put_object(Bucket=kit.bucket, Key=k, Body=b"{}"), orphans))
    proxy.clear()

    result = sweep(kit.store, older_than=WEEK, references=lambda: referenced,
                   now=datetime.now(timezone.utc) + 2 * WEEK)  # fmt: skip

    assert (result.scanned, result.referenced, result.deleted) == (10_025, 25, 10_000)
    assert set(kit.keys()) == referenced
    delete_calls = proxy.count("POST", r"\?delete")
    print(f"sweep of 10,000 orphans: {delete_calls} DeleteObjects, {proxy.count('GET')} list requests")
    assert delete_calls <= 10
    assert proxy.count("DELETE") == 0, "the sweep fell back to one DeleteObject per key"


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
        [sys.executable, "-m", "xcomkit.cli.main", "sweep", "--format", "json", *args],
        env=env.env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return json.loads(proc.stdout)


@pytest.mark.integration
def test_sweep_after_db_clean_in_real_airflow(pg_s3_env: Any) -> None:
    env = pg_s3_env
    install_dags(env)
    env.dags_test("xk_faulty", "xk_faulty.py")
    env.dags_test("simple_xcom_dag", "simple_xcom_dag.py")
    cleaned = {r["value"]["key"] for r in env.xcom_rows("xk_faulty")}
    assert len(cleaned) == 4  # produce: the dict and, as multiple_outputs, each key; consume: its count
    tomorrow = (datetime.now(timezone.utc) + timedelta(days=1)).isoformat()
    env.airflow("db", "clean", "--tables", "xcom", "--dag-ids", "xk_faulty",
                "--clean-before-timestamp", tomorrow, "--skip-archive", "--yes")  # fmt: skip
    assert env.xcom_rows("xk_faulty") == []
    assert cleaned <= env.object_keys(), "db clean removed objects: then there is nothing to sweep"
    # db clean removed the rows of every xk_faulty run (other tests ran it in this shared environment
    # too), so every object under the DAG is an orphan now, not only this run's four.
    dag_objects = {k for k in env.object_keys() if k.startswith("xcom/xk_faulty/")}

    default = _sweep_cli(env)  # 7 days of grace: everything here is minutes old
    assert (default["deleted"], default["orphans"]) == (0, 0)
    assert default["too_young"] >= len(cleaned)

    dry = _sweep_cli(env, "--older-than", "0s", "--dry-run", "--dag-id", "xk_faulty")
    assert {o["key"] for o in dry["objects"]} == dag_objects
    assert dag_objects <= env.object_keys()

    done = _sweep_cli(env, "--older-than", "0s")
    assert {o["key"] for o in done["objects"]} >= dag_objects
    assert done["deleted"] == len(done["objects"])
    left = env.object_keys()
    assert not dag_objects & left
    # Nothing lost, nothing left behind: what remains is exactly what the XCom table references.
    assert {k for k in left if k.startswith("xcom/")} == _all_reference_keys(env)
    for row in env.xcom_rows("simple_xcom_dag"):  # the DAG whose rows stayed: its objects intact
        ref = row["value"]
        assert hashlib.sha256(env.read_object(ref["key"])).hexdigest() == ref["sha256"]
