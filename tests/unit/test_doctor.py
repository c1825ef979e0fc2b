"""`xcomkit doctor` and the checks the smoke DAG starts with, on the local store and with fake S3 answers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from botocore.exceptions import ClientError

from xcomkit.checks import FAILED, NOT_CHECKED, PASSED, SetupError, assert_setup, run_checks
from xcomkit.checks.probes import must_be_denied
from xcomkit.checks.s3 import AUTHORISED_BUT_INVALID, SDK_ERRORS
from xcomkit.cli.main import main
from xcomkit.location import Location
from xcomkit.stores.s3 import S3Store

if TYPE_CHECKING:
    from collections.abc import Callable

BACKEND = "xcomkit.backend.ObjectStorageXComBackend"


@pytest.fixture
def configured(xcomkit_env: pytest.MonkeyPatch, local_path: str) -> str:
    xcomkit_env.setenv("AIRFLOW__CORE__XCOM_BACKEND", BACKEND)
    xcomkit_env.setenv("AIRFLOW__XCOMKIT__PATH", local_path)
    return local_path


def test_local_setup_passes_and_leaves_no_probe(configured: str) -> None:
    results = run_checks()
    statuses = {c.name: c.status for c in results}
    assert statuses["backend configured"] == PASSED
    assert statuses["put under the prefix"] == PASSED
    assert statuses["get under the prefix"] == PASSED
    assert statuses["delete under the prefix"] == PASSED
    assert statuses["connection present"] == NOT_CHECKED
    assert not [c for c in results if c.failed]
    root = Path(configured.removeprefix("file://"))
    assert not [p for p in root.rglob("*") if p.is_file()], "the probe object was left behind"


def test_backend_not_configured_is_named_with_the_variable(
    xcomkit_env: pytest.MonkeyPatch, local_path: str
) -> None:
    xcomkit_env.setenv("AIRFLOW__CORE__XCOM_BACKEND", "airflow.sdk.bases.xcom.BaseXCom")
    xcomkit_env.setenv("AIRFLOW__XCOMKIT__PATH", local_path)
    results = run_checks()
    assert results[0].status == FAILED
    assert "put under the prefix" not in {c.name for c in results}
    with pytest.raises(SetupError, match=f"backend configured: .*AIRFLOW__CORE__XCOM_BACKEND={BACKEND}"):
        assert_setup()


def test_missing_path_is_named(xcomkit_env: pytest.MonkeyPatch) -> None:
    xcomkit_env.setenv("AIRFLOW__CORE__XCOM_BACKEND", BACKEND)
    xcomkit_env.delenv("AIRFLOW__XCOMKIT__PATH", raising=False)
    with pytest.raises(SetupError, match=r"\[xcomkit\] settings: .*path .*is not set"):
        assert_setup()


def test_missing_connection_is_named(xcomkit_env: pytest.MonkeyPatch) -> None:
    xcomkit_env.setenv("AIRFLOW__CORE__XCOM_BACKEND", BACKEND)
    xcomkit_env.setenv("AIRFLOW__XCOMKIT__PATH", "s3://nowhere_conn@bucket/xcom")
    xcomkit_env.delenv("AIRFLOW_CONN_NOWHERE_CONN", raising=False)
    with pytest.raises(SetupError, match=r"'nowhere_conn'.* is not defined.*AIRFLOW_CONN_NOWHERE_CONN"):
        assert_setup()


def test_wrong_connection_type_is_named(xcomkit_env: pytest.MonkeyPatch) -> None:
    xcomkit_env.setenv("AIRFLOW__CORE__XCOM_BACKEND", BACKEND)
    xcomkit_env.setenv("AIRFLOW__XCOMKIT__PATH", "s3://pg_conn@bucket/xcom")
    xcomkit_env.setenv("AIRFLOW_CONN_PG_CONN", "postgres://u:p@host/db")
    with pytest.raises(SetupError, match="has type 'postgres', a s3:// path needs 'aws'"):
        assert_setup()


def _denied(code: str) -> Callable[[], None]:
    def call() -> None:
        raise ClientError({"Error": {"Code": code, "Message": code}}, "PutBucketPolicy")

    return call


@pytest.mark.parametrize(
    ("call", "status"),
    [
        (_denied("AccessDenied"), PASSED),
        (_denied("MalformedPolicy"), FAILED),  # authorised: the service got as far as parsing
        (lambda: None, FAILED),  # the call went through
        (_denied("NotImplemented"), NOT_CHECKED),  # proves neither way
    ],
)
def test_must_be_denied(call: Callable[[], None], status: str) -> None:
    store = S3Store(Location.parse("s3://c@bucket/xcom"))
    check = must_be_denied(
        store,
        "no bucket policy change",
        "s3:PutBucketPolicy",
        call,
        allowed="allowed",
        fix="remove it",
        errors=SDK_ERRORS,
        authorised=lambda err: err.response["Error"]["Code"] in AUTHORISED_BUT_INVALID,
    )
    assert check.status == status
    assert check.failed is (status == FAILED)
    if status == FAILED:
        assert check.fix == "remove it"


def test_cli_json_and_exit_codes(
    configured: str, xcomkit_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["doctor", "-o", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    rows = report["checks"]
    assert {r["check"] for r in rows} >= {"backend configured", "put under the prefix"}
    assert all(set(r) == {"status", "check", "detail", "fix"} for r in rows)
    assert {r["status"] for r in rows} <= {"passed", "not_checked"}
    assert report["summary"] == {
        "passed": sum(r["status"] == "passed" for r in rows),
        "failed": 0,
        "not_checked": sum(r["status"] == "not_checked" for r in rows),
    }
    assert report["summary"]["passed"] >= 5

    xcomkit_env.setenv("AIRFLOW__CORE__XCOM_BACKEND", "airflow.sdk.bases.xcom.BaseXCom")
    assert main(["doctor"]) == 1
    out = capsys.readouterr().out
    assert "✗ failed" in out
    assert "1 failed" in out


def test_cli_yaml_and_plain(configured: str, capsys: pytest.CaptureFixture[str]) -> None:
    import yaml

    assert main(["doctor", "-o", "yaml"]) == 0
    report = yaml.safe_load(capsys.readouterr().out)
    assert report["summary"]["failed"] == 0
    assert main(["doctor", "--output", "plain"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split("\t") == ["status", "check", "detail", "fix"]
    assert any(line.startswith("✓ passed\tput under the prefix\t") for line in lines)


def test_table_fits_the_terminal(
    configured: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    assert main(["doctor"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert max(len(line) for line in lines) <= 80, "\n".join(lines)
    assert any("put under the prefix" in line for line in lines)


def test_refused_assume_role_is_a_credentials_error_naming_the_trust_policy() -> None:
    from xcomkit.errors import CredentialsError

    store = S3Store(Location.parse("s3://xcomkit_aws@bucket/xcom"))
    refused = ClientError({"Error": {"Code": "AccessDenied", "Message": "not authorized"}}, "AssumeRole")
    mapped = store.translate_error(refused, "put", "xcom/k")
    assert isinstance(mapped, CredentialsError)
    assert mapped.detail.startswith("connection 'xcomkit_aws' could not assume its role_arn (AssumeRole: ")
    assert "trust policy" in mapped.fix
    assert mapped.action == "sts:AssumeRole"
