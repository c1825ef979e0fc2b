"""Importing the backend, as every Airflow process does, in either order, with the backend configured."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from pathlib import Path

BACKEND = "xcomkit.backend.ObjectStorageXComBackend"
FIRST_XCOMKIT = """
import sys
import xcomkit.backend as backend
assert "airflow" not in sys.modules, "importing the backend module imported Airflow"
cls = backend.ObjectStorageXComBackend
from airflow.sdk.execution_time.xcom import XCom
assert XCom is cls, (XCom, cls)
print("RESOLVED", cls.__mro__[1].__name__, cls.__mro__[2].__name__)
"""
FIRST_AIRFLOW = """
import airflow
from airflow.sdk.execution_time.xcom import XCom
from xcomkit.backend import ObjectStorageXComBackend
assert XCom is ObjectStorageXComBackend
print("RESOLVED")
"""


@pytest.mark.parametrize("program", [FIRST_XCOMKIT, FIRST_AIRFLOW], ids=["xcomkit-first", "airflow-first"])
def test_backend_imports_cleanly_in_either_order(program: str, tmp_path: Path) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW")},
        "AIRFLOW_HOME": str(tmp_path),
        "AIRFLOW__CORE__XCOM_BACKEND": BACKEND,
        "AIRFLOW__XCOMKIT__PATH": f"file://{tmp_path}/store",
    }
    proc = subprocess.run(
        [sys.executable, "-W", "error::DeprecationWarning:xcomkit", "-c", program],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    assert "RESOLVED" in proc.stdout
    assert "does not define" not in output, output
    assert "warning" not in output.lower(), output


def test_unknown_attribute_is_an_attribute_error() -> None:
    import xcomkit.backend

    with pytest.raises(AttributeError, match="has no attribute 'Nope'"):
        _ = xcomkit.backend.Nope


def test_airflow_2_is_refused_in_one_line_naming_the_range(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from xcomkit import compat
    from xcomkit.cli.main import main
    from xcomkit.errors import EnvironmentProblem

    monkeypatch.setattr(compat, "version", lambda name: "2.11.0")
    with pytest.raises(
        EnvironmentProblem,
        match=r"^xcomkit supports apache-airflow>=3\.0; this environment has Airflow 2\.11",
    ):
        compat.base_xcom()
    assert main(["doctor"]) == 1
    err = capsys.readouterr().err
    assert (
        err.splitlines()[0]
        == "xcomkit doctor: xcomkit supports apache-airflow>=3.0; this environment has Airflow 2.11"
    )


def test_unmigrated_database_is_an_environment_fault(tmp_path: Path) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW")},
        "AIRFLOW_HOME": str(tmp_path),
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{tmp_path}/never-migrated.db",
        "AIRFLOW__XCOMKIT__PATH": f"file://{tmp_path}/store",
    }
    proc = subprocess.run(
        [sys.executable, "-m", "xcomkit.cli.main", "sweep", "--dry-run"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "cannot read the XCom table of Airflow's metadata database" in proc.stderr
    assert "fix: run `airflow db migrate`" in proc.stderr
    assert "bug in xcomkit" not in proc.stderr
