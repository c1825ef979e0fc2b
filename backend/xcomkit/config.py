"""The only module that reads Airflow configuration (`[xcomkit]`, env `AIRFLOW__XCOMKIT__*`).

Settings are read once per process through a cached getter (tests call `get_settings.cache_clear()`)
and validated at first use, never at import: every Airflow process imports the backend class.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from xcomkit.errors import ConfigError
from xcomkit.location import Location
from xcomkit.provider_info import CONFIG_OPTIONS

SECTION = "xcomkit"
OPTIONS: tuple[str, ...] = tuple(CONFIG_OPTIONS)
COMPRESSIONS = ("none", "gzip", "zstd")
DATAFRAME_FORMATS = ("parquet", "csv")


@dataclass(frozen=True)
class Settings:
    """Validated `[xcomkit]` settings."""

    location: Location
    threshold: int
    compression: str
    dataframe_format: str


def _conf_get(option: str) -> str | None:
    from airflow.sdk.configuration import conf  # noqa: PLC0415 - the SDK builds its config lazily

    return conf.get(SECTION, option, fallback=CONFIG_OPTIONS[option]["default"])


def _choice(option: str, choices: tuple[str, ...]) -> str:
    value = (_conf_get(option) or "").strip().lower()
    if value not in choices:
        raise ConfigError(
            f"[{SECTION}] {option} = {value!r} is not one of {', '.join(choices)} "
            f"(env AIRFLOW__{SECTION.upper()}__{option.upper()})"
        )
    return value


@cache
def get_settings() -> Settings:
    """Read and validate every `[xcomkit]` option, naming the option and its env var on error."""
    path = _conf_get("path")
    if not path:
        raise ConfigError(
            f"[{SECTION}] path is not set: set AIRFLOW__XCOMKIT__PATH to s3://<conn_id>@<bucket>/<prefix> "
            "(or gs://, wasb://, file:///<dir>); `xcomkit export` writes it from Terraform's outputs"
        )
    raw_threshold = (_conf_get("threshold") or "0").strip()
    try:
        threshold = int(raw_threshold)
    except ValueError:
        threshold = -1
    if threshold < 0:
        raise ConfigError(
            f"[{SECTION}] threshold = {raw_threshold!r} must be a whole number of bytes >= 0 "
            "(env AIRFLOW__XCOMKIT__THRESHOLD)"
        )
    return Settings(
        location=Location.parse(path, option=f"[{SECTION}] path (env AIRFLOW__XCOMKIT__PATH)"),
        threshold=threshold,
        compression=_choice("compression", COMPRESSIONS),
        dataframe_format=_choice("dataframe_format", DATAFRAME_FORMATS),
    )
