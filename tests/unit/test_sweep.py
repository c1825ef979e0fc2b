"""The orphan sweep on the local store: what it keeps (referenced, young, rewritten), deletes; the CLI."""

from __future__ import annotations

import json
import os
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from xcomkit.cli.main import main
from xcomkit.errors import ConfigError
from xcomkit.location import Location
from xcomkit.stores.local import LocalStore
from xcomkit.sweep import parse_duration, referenced_keys, sweep

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
        "scanned": 5, "kept": 2, "referenced": 1, "too_young": 1, "rewritten": 0, "orphans": 3,
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
    assert (result.deleted, result.rewritten, result.too_young, len(calls)) == (0, 1, 0, 2)
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
    with pytest.raises(ConfigError, match=r"is not a duration; use a whole number and a unit, e\.g\. 7d"):
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
    assert main(["sweep", "--dry-run", "-o", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    (summary,) = out["locations"]
    assert {k: summary[k] for k in ("scanned", "referenced", "orphans", "deleted", "dry_run")} == {
        "scanned": 2, "referenced": 1, "orphans": 1, "deleted": 0, "dry_run": True,
    }  # fmt: skip
    assert [(o["url"], o["size"]) for o in out["objects"]] == [(f"file:///{orphan}", 42)]
    assert Path("/", orphan).exists()


def test_cli_table_and_short_grace_warning(cli_store: LocalStore, capsys: pytest.CaptureFixture[str]) -> None:
    _put(cli_store, "d/r/t/-1/orphan.json", age=timedelta(minutes=10))
    assert main(["sweep", "--older-than", "1m", "-o", "plain"]) == 0
    captured = capsys.readouterr()
    lines = [line.split("\t") for line in captured.out.splitlines()]
    assert lines[0] == ["location", "scanned", "kept", "referenced", "too_young", "rewritten", "orphans",
                        "deleted", "bytes_freed", "dry_run"]  # fmt: skip
    assert lines[1][1:] == ["2", "1", "1", "0", "0", "1", "1", "10", "False"]
    assert "is under an hour" in captured.err


def test_cli_bad_duration_exits_1(cli_store: LocalStore, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sweep", "--older-than", "soon"]) == 1
    err = capsys.readouterr().err
    assert "xcomkit sweep: --older-than: 'soon' is not a duration" in err
    assert "fix: use a whole number and a unit" in err
