"""Without the extras: every store, codec and command that needs one names its `pip install` line.

Runs only in a venv with Airflow and none of xcomkit's extras (`make test-bare`, a CI leg); it
fails, not skips, when an extra is installed, since it would then prove nothing.
"""

from __future__ import annotations

import json
from importlib.util import find_spec

import pytest

from xcomkit.cli.main import main
from xcomkit.errors import MissingExtraError
from xcomkit.location import Location
from xcomkit.stores import open_store

EXTRAS_MODULES = (
    "boto3",
    "airflow.providers.amazon",
    "google.cloud.storage",
    "pandas",
    "pyarrow",
    "numpy",
    "polars",
    "python_terraform",
)


def _absent(module: str) -> bool:
    try:
        return find_spec(module) is None
    except ModuleNotFoundError:
        return True


def test_this_venv_really_lacks_the_extras() -> None:
    present = [m for m in EXTRAS_MODULES if not _absent(m)]
    assert present == [], f"not a bare venv: {present} installed (run make test-bare)"


@pytest.mark.parametrize(
    ("path", "extra"),
    [
        ("s3://conn@bucket/xcom", "aws"),
        ("gs://conn@bucket/xcom", "gcp"),
        ("wasb://conn@container/xcom", "azure"),
    ],
)
def test_store_names_its_extra(path: str, extra: str, xcomkit_env: pytest.MonkeyPatch) -> None:
    with pytest.raises(MissingExtraError) as info:
        open_store(Location.parse(path))
    assert info.value.fix.startswith(f"pip install 'xcomkit[{extra}]'")
    assert path in info.value.detail


def test_reading_a_parquet_object_names_the_pandas_extra() -> None:
    from xcomkit.codecs.registry import get_codec

    with pytest.raises(MissingExtraError) as info:
        get_codec("parquet").decode(b"PAR1")
    assert info.value.fix == "pip install 'xcomkit[pandas]'"


@pytest.mark.parametrize(
    ("codec", "extra"),
    [("series", "pandas"), ("numpy", "numpy"), ("arrow", "arrow"), ("polars", "polars")],
)
def test_reading_a_data_object_names_its_extra(codec: str, extra: str) -> None:
    """A worker without the library meets the type only when it pulls an object written elsewhere."""
    from xcomkit.codecs.registry import get_codec

    with pytest.raises(MissingExtraError) as info:
        get_codec(codec).decode(b"\x93NUMPY")
    assert info.value.fix == f"pip install 'xcomkit[{extra}]'"


def test_zstd_compression_names_the_pandas_extra() -> None:
    from xcomkit.compression import compress

    with pytest.raises(MissingExtraError) as info:
        compress(b"x", "zstd")
    assert info.value.fix.startswith("pip install 'xcomkit[pandas]'")


def test_export_names_the_cli_extra(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "python-terraform, which is not installed" in err
    assert "fix: pip install 'xcomkit[cli]'" in err


def test_doctor_reports_the_missing_extra_as_a_failed_check(
    xcomkit_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    xcomkit_env.setenv("AIRFLOW__CORE__XCOM_BACKEND", "xcomkit.backend.ObjectStorageXComBackend")
    xcomkit_env.setenv("AIRFLOW__XCOMKIT__PATH", "s3://conn@bucket/xcom")
    xcomkit_env.setenv("AIRFLOW_CONN_CONN", "aws://")
    assert main(["doctor", "-o", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    failed = [c for c in report["checks"] if c["status"] == "failed"]
    assert [c["check"] for c in failed] == ["store available"]
    assert failed[0]["fix"].startswith("pip install 'xcomkit[aws]'")
