"""The one place that knows how Airflow 3 minors differ; everything else imports from here.

Measured on 3.0.6, 3.1.8, 3.2.2 and 3.3.2 (the CI matrix): `BaseXCom` lives in
`airflow.sdk.bases.xcom` everywhere, and the Task SDK hands `deserialize_value` and `purge` an
object with `.value` everywhere. What moved:

- config parser `conf`: airflow.configuration (3.0, 3.1), airflow.sdk.configuration (3.2+);
- serde: airflow.serialization.serde (3.0, 3.1; a deprecated alias from 3.2), airflow.sdk.serde (3.2+);
- AirflowNotFoundException, AirflowFailException: airflow.exceptions (3.0, 3.1), airflow.sdk.exceptions
  (3.2+);
- BaseHook: airflow.hooks.base (3.0), airflow.sdk (3.1+);
- the API server's user dependency reads the `_token` cookie a browser sends (3.1+); 3.0 reads only
  the `Authorization` header (its UI copies the cookie into a header; a plain page load has none);
- plugins' `external_views` and `react_apps` (a view on the task instance page): 3.1+ only; 3.0
  mounts a plugin's `fastapi_apps` but has no place for them in its UI.

Each name is tried where the newest minor keeps it first, so a deprecated alias is never used
where the real one exists. Nothing here imports Airflow at module import time: every Airflow
process imports the backend, and the CLI must start without a configured Airflow.
"""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from xcomkit.errors import EnvironmentProblem

# The oldest Airflow CI proves (pyproject.toml declares the same floor; CI runs every 3.x minor).
FLOOR = (3, 0)
SUPPORTED_TEXT = "apache-airflow>=3.0"

# name -> where to find it, newest location first.
LOCATIONS: dict[str, tuple[str, ...]] = {
    "conf": ("airflow.sdk.configuration", "airflow.configuration"),
    "serialize": ("airflow.sdk.serde", "airflow.serialization.serde"),
    "deserialize": ("airflow.sdk.serde", "airflow.serialization.serde"),
    "AirflowNotFoundException": ("airflow.sdk.exceptions", "airflow.exceptions"),
    "AirflowFailException": ("airflow.sdk.exceptions", "airflow.exceptions"),
    "BaseHook": ("airflow.sdk", "airflow.hooks.base"),
    "create_session": ("airflow.utils.session",),
    "AirflowPlugin": ("airflow.plugins_manager",),
}
# The first minor whose UI shows a plugin's external views on the task instance page.
TASK_INSTANCE_VIEWS = (3, 1)
_resolved: dict[str, Any] = {}


def _find(name: str) -> Any:
    for module_name in LOCATIONS[name]:
        try:
            module = import_module(module_name)
        except ImportError:
            continue
        found = getattr(module, name, None)
        if found is not None:
            return found
    check_airflow()
    raise EnvironmentProblem(
        f"{name} is in none of {', '.join(LOCATIONS[name])} in this Airflow",
        f"install a supported Airflow ({SUPPORTED_TEXT}) or report this Airflow release to xcomkit",
    )


def __getattr__(name: str) -> Any:
    """Resolve an Airflow object on first use, from wherever this minor keeps it."""
    if name not in LOCATIONS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    if name not in _resolved:
        _resolved[name] = _find(name)
    return _resolved[name]


def airflow_version() -> tuple[int, int]:
    """Return the installed Airflow's (major, minor), from its package metadata (no Airflow import)."""
    try:
        text = version("apache-airflow-core")
    except PackageNotFoundError:
        try:
            text = version("apache-airflow")
        except PackageNotFoundError:
            raise EnvironmentProblem(
                "Airflow is not installed in this environment",
                f'pip install "{SUPPORTED_TEXT}" "xcomkit" (with Airflow\'s constraints file)',
            ) from None
    major, minor = (int(part) for part in text.split(".")[:2])
    return major, minor


def check_airflow() -> None:
    """Refuse an Airflow older than the floor in one line naming the supported range."""
    found = airflow_version()
    if found < FLOOR:
        raise EnvironmentProblem(
            f"xcomkit supports {SUPPORTED_TEXT}; this environment has Airflow {found[0]}.{found[1]}",
            f"install a supported Airflow, or an xcomkit release that supports {found[0]}.{found[1]}",
        )


def serde_serialize(value: Any) -> Any:
    """Serialize with Airflow's serde, as the default XCom backend does."""
    return __getattr__("serialize")(value)


def serde_deserialize(tree: Any) -> Any:
    """Undo `serde_serialize`."""
    return __getattr__("deserialize")(tree)


def base_xcom() -> type:
    """Return Airflow's BaseXCom, which the backend extends (importing it may initialise Airflow)."""
    check_airflow()
    from airflow.sdk.bases.xcom import BaseXCom  # noqa: PLC0415 - the same module in every 3.x

    return BaseXCom


def stored_value(result: Any) -> Any:
    """Return the value as the metadata database stores it, from what the Task SDK hands us.

    Every 3.x hands `deserialize_value` an XComResult (one value) or a namedtuple wrapper (lists,
    lazy sequences), and `purge` an XComResult: all have `.value`.
    """
    return getattr(result, "value", result)


def has_task_instance_views() -> bool:
    """Tell whether this Airflow's UI shows plugin views on the task instance page (3.1+)."""
    return airflow_version() >= TASK_INSTANCE_VIEWS


def api_reads_token_cookie() -> bool:
    """Tell whether the API server's own user dependency takes the browser's `_token` cookie (3.1+).

    Probed, not versioned: 3.0's `get_user` takes only the bearer token; later ones take the request.
    """
    import inspect  # noqa: PLC0415

    from airflow.api_fastapi.core_api import security  # noqa: PLC0415 - API server only

    return "request" in inspect.signature(security.get_user).parameters
