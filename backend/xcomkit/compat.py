"""The one place that knows how Airflow 3 minors differ; everything else imports from here.

Nothing here imports Airflow at module import time beyond what the caller needs: every Airflow
process imports the backend, and the CLI must start without a configured Airflow.
"""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    """Resolve the Airflow objects lazily, on first use, from wherever this minor keeps them."""
    if name == "conf":
        try:
            from airflow.sdk.configuration import conf  # noqa: PLC0415 - Airflow >= 3.2
        except ImportError:
            from airflow.configuration import conf  # noqa: PLC0415
        return conf
    if name == "AirflowNotFoundException":
        try:
            from airflow.sdk.exceptions import AirflowNotFoundException  # noqa: PLC0415 - Airflow >= 3.2
        except ImportError:
            from airflow.exceptions import AirflowNotFoundException  # noqa: PLC0415
        return AirflowNotFoundException
    if name == "BaseHook":
        from airflow.sdk import BaseHook  # noqa: PLC0415

        return BaseHook
    raise AttributeError(name)


def serde_serialize(value: Any) -> Any:
    """Airflow's serde, as the default XCom backend serializes a value."""
    try:
        from airflow.sdk.serde import serialize  # noqa: PLC0415 - Airflow >= 3.2
    except ImportError:
        from airflow.serialization.serde import serialize  # noqa: PLC0415
    return serialize(value)


def serde_deserialize(tree: Any) -> Any:
    """Undo `serde_serialize`."""
    try:
        from airflow.sdk.serde import deserialize  # noqa: PLC0415 - Airflow >= 3.2
    except ImportError:
        from airflow.serialization.serde import deserialize  # noqa: PLC0415
    return deserialize(tree)


def base_xcom() -> type:
    """Airflow's BaseXCom, the class the backend extends (importing it may initialise Airflow)."""
    from airflow.sdk.bases.xcom import BaseXCom  # noqa: PLC0415

    return BaseXCom


def stored_value(result: Any) -> Any:
    """Return the value as the metadata database stores it, from what the Task SDK hands us."""
    return getattr(result, "value", result)
