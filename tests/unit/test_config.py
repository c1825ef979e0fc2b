from __future__ import annotations

import pytest

from xcomkit.config import OPTIONS, get_settings
from xcomkit.errors import ConfigError
from xcomkit.location import Location
from xcomkit.provider_info import get_provider_info


def test_defaults(xcomkit_env: pytest.MonkeyPatch, local_path: str) -> None:
    xcomkit_env.setenv("AIRFLOW__XCOMKIT__PATH", local_path)
    settings = get_settings()
    assert settings.location == Location.parse(local_path)
    assert (settings.threshold, settings.compression, settings.dataframe_format) == (0, "none", "parquet")


def test_missing_path_names_the_key_and_env_var(xcomkit_env: pytest.MonkeyPatch) -> None:
    xcomkit_env.delenv("AIRFLOW__XCOMKIT__PATH", raising=False)
    with pytest.raises(
        ConfigError,
        match=r"\[xcomkit\] path \(env AIRFLOW__XCOMKIT__PATH\) is not set; set AIRFLOW__XCOMKIT__PATH",
    ):
        get_settings()


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("THRESHOLD", "-1", r"threshold \(env AIRFLOW__XCOMKIT__THRESHOLD\) = '-1' is not a whole number"),
        ("THRESHOLD", "big", r"threshold \(env AIRFLOW__XCOMKIT__THRESHOLD\) = 'big' is not a whole number"),
        ("COMPRESSION", "snappy", r"compression \(env .*\) = 'snappy' is not one of none, gzip, zstd"),
        ("DATAFRAME_FORMAT", "pickle", r"dataframe_format \(env .*\) = 'pickle' is not one of parquet, csv"),
    ],
)
def test_bad_values_name_the_option(
    xcomkit_env: pytest.MonkeyPatch, local_path: str, option: str, value: str, message: str
) -> None:
    xcomkit_env.setenv("AIRFLOW__XCOMKIT__PATH", local_path)
    xcomkit_env.setenv(f"AIRFLOW__XCOMKIT__{option}", value)
    with pytest.raises(ConfigError, match=message):
        get_settings()


def test_every_option_is_declared_for_airflow() -> None:
    options = get_provider_info()["config"]["xcomkit"]["options"]
    assert (
        tuple(options)
        == OPTIONS
        == ("path", "threshold", "compression", "dataframe_format", "routes", "preview_conn_id")
    )
    for name, spec in options.items():
        assert spec["description"].strip(), name
        assert {"type", "example", "default", "version_added"} <= set(spec), name
