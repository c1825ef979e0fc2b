"""The only module that reads Airflow configuration (`[xcomkit]`, env `AIRFLOW__XCOMKIT__*`).

Settings are read once per process through a cached getter (tests call `get_settings.cache_clear()`)
and validated at first use, never at import: every Airflow process imports the backend class.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from xcomkit.errors import ConfigError
from xcomkit.location import Location
from xcomkit.provider_info import CONFIG_OPTIONS

if TYPE_CHECKING:
    from xcomkit.reference import Reference

SECTION = "xcomkit"
OPTIONS: tuple[str, ...] = tuple(CONFIG_OPTIONS)
COMPRESSIONS = ("none", "gzip", "zstd")
DATAFRAME_FORMATS = ("parquet", "csv")
ROUTE_FIELDS = frozenset({"path", "codecs", "min_size", "max_size"})


def env_var(option: str) -> str:
    """Return the environment variable that sets `[xcomkit] <option>`."""
    return f"AIRFLOW__{SECTION.upper()}__{option.upper()}"


def _where(option: str) -> str:
    return f"[{SECTION}] {option} (env {env_var(option)})"


@dataclass(frozen=True)
class Route:
    """Values of these codecs (all if None) and stored sizes go to `location` instead of `path`."""

    location: Location
    codecs: frozenset[str] | None = None
    min_size: int | None = None
    max_size: int | None = None

    def matches(self, codec: str, size: int) -> bool:
        """Tell whether a value of this codec and stored size takes this route."""
        return (
            (self.codecs is None or codec in self.codecs)
            and (self.min_size is None or size >= self.min_size)
            and (self.max_size is None or size <= self.max_size)
        )


@dataclass(frozen=True)
class Settings:
    """Validated `[xcomkit]` settings."""

    location: Location
    threshold: int
    compression: str
    dataframe_format: str
    routes: tuple[Route, ...] = ()
    preview_conn_id: str | None = None

    @property
    def locations(self) -> tuple[Location, ...]:
        """Every location XComs may be written to: the routes' and `path`, without repeats."""
        return tuple(dict.fromkeys([*(r.location for r in self.routes), self.location]))

    def location_for(self, codec: str, size: int) -> Location:
        """Where a value of this codec and stored size goes: the first route that matches, else `path`."""
        for route in self.routes:
            if route.matches(codec, size):
                return route.location
        return self.location

    def location_of(self, ref: Reference) -> Location:
        """Return the configured location a reference points into; refuse one outside all of them."""
        for location in self.locations:
            if ref.is_within(location):
                return location
        raise ref.outside(list(self.locations))


def _conf_get(option: str) -> str | None:
    from xcomkit.compat import conf  # noqa: PLC0415 - Airflow builds its config lazily

    return conf.get(SECTION, option, fallback=CONFIG_OPTIONS[option]["default"])


def _choice(option: str, choices: tuple[str, ...]) -> str:
    value = (_conf_get(option) or "").strip().lower()
    if value not in choices:
        raise ConfigError(
            f"{_where(option)} = {value!r} is not one of {', '.join(choices)}",
            f"set it to one of {', '.join(choices)}",
            resource=env_var(option),
        )
    return value


def _size(value: Any, what: str, option: str) -> int | None:
    if value is None:
        return None
    if type(value) is not int or value < 0:
        raise ConfigError(
            f"{_where(option)}: {what} = {value!r} is not a whole number of bytes >= 0",
            "write sizes as plain integers (bytes)",
            resource=env_var(option),
        )
    return value


def _route(raw: Any, index: int) -> Route:
    option = "routes"
    if not isinstance(raw, dict) or not isinstance(raw.get("path"), str):
        raise ConfigError(
            f"{_where(option)}: route {index} is {raw!r}, not an object with a path",
            'write each route as {"path": "s3://<conn_id>@<bucket>/<prefix>", "codecs": [...], '
            '"min_size": N, "max_size": N}',
            resource=env_var(option),
        )
    unknown = set(raw) - ROUTE_FIELDS
    if unknown:
        raise ConfigError(
            f"{_where(option)}: route {index} has unknown field(s) {', '.join(sorted(unknown))}",
            f"use only {', '.join(sorted(ROUTE_FIELDS))}",
            resource=env_var(option),
        )
    codecs = raw.get("codecs")
    if codecs is not None and (
        not isinstance(codecs, list) or not codecs or not all(isinstance(c, str) for c in codecs)
    ):
        raise ConfigError(
            f"{_where(option)}: route {index} codecs = {codecs!r} is not a non-empty list of codec names",
            'list codec names, e.g. ["parquet", "arrow", "polars"], or leave codecs out for every codec',
            resource=env_var(option),
        )
    route = Route(
        location=Location.parse(raw["path"], option=f"{_where(option)} route {index} path"),
        codecs=None if codecs is None else frozenset(codecs),
        min_size=_size(raw.get("min_size"), "min_size", option),
        max_size=_size(raw.get("max_size"), "max_size", option),
    )
    if route.min_size is not None and route.max_size is not None and route.min_size > route.max_size:
        raise ConfigError(
            f"{_where(option)}: route {index} min_size {route.min_size} > max_size {route.max_size}",
            "swap them, or drop one",
            resource=env_var(option),
        )
    return route


def _routes() -> tuple[Route, ...]:
    text = (_conf_get("routes") or "").strip()
    if not text:
        return ()
    try:
        raw = json.loads(text)
    except ValueError as err:
        raise ConfigError(
            f"{_where('routes')} is not valid JSON ({err})",
            "write it as a JSON list of routes (see `airflow config list --section xcomkit`)",
            resource=env_var("routes"),
        ) from err
    if not isinstance(raw, list):
        raise ConfigError(
            f"{_where('routes')} is a JSON {type(raw).__name__}, not a list",
            "write it as a JSON list of routes, tried in order",
            resource=env_var("routes"),
        )
    return tuple(_route(item, index) for index, item in enumerate(raw))


def _threshold() -> int:
    raw = (_conf_get("threshold") or "0").strip()
    try:
        threshold = int(raw)
    except ValueError:
        threshold = -1
    if threshold < 0:
        raise ConfigError(
            f"{_where('threshold')} = {raw!r} is not a whole number of bytes >= 0",
            "set it to 0 (every value to the store) or a size in bytes, e.g. 65536",
            resource=env_var("threshold"),
        )
    return threshold


@cache
def get_settings() -> Settings:
    """Read and validate every `[xcomkit]` option, naming the option and its env var on error."""
    path = _conf_get("path")
    if not path:
        raise ConfigError(
            f"{_where('path')} is not set",
            "set AIRFLOW__XCOMKIT__PATH to s3://<conn_id>@<bucket>/<prefix> (or gs://, wasb://, "
            "file:///<dir>); `xcomkit export` writes it from Terraform's outputs",
            resource=env_var("path"),
        )
    return Settings(
        location=Location.parse(path, option=_where("path")),
        threshold=_threshold(),
        compression=_choice("compression", COMPRESSIONS),
        dataframe_format=_choice("dataframe_format", DATAFRAME_FORMATS),
        routes=_routes(),
        preview_conn_id=(_conf_get("preview_conn_id") or "").strip() or None,
    )
