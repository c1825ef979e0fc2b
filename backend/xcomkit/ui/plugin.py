"""The Airflow plugin (entry point `airflow.plugins`): installing xcomkit is enough to get the view.

Every Airflow process loads plugins, task runners included, so this module stays light: the FastAPI
app (fastapi, jinja2, Airflow's API security) is built on first access of `fastapi_apps`, which only
the API server reads. On 3.1+ an external view puts the page on the task instance page; on 3.0 the
page is reachable at its URL (`compat.has_task_instance_views`).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from xcomkit.compat import AirflowPlugin, has_task_instance_views

HREF = "/xcomkit/dags/{DAG_ID}/runs/{RUN_ID}/tasks/{TASK_ID}/mapped/{MAP_INDEX}"


@cache
def _fastapi_apps() -> list[dict[str, Any]]:
    from xcomkit.ui.app import app_spec  # noqa: PLC0415 - API server only; see the module docstring

    return [app_spec()]


class _OnFirstAccess:
    """A class attribute computed when first read (Airflow reads plugin attributes off the class)."""

    def __get__(self, obj: object, owner: type) -> list[dict[str, Any]]:
        return _fastapi_apps()


def task_instance_views() -> list[dict[str, Any]]:
    """Return the view on the task instance page, on the Airflow minors whose UI shows one."""
    if not has_task_instance_views():
        return []
    return [
        {
            "name": "XCom preview",
            "href": HREF,
            "destination": "task_instance",
            "url_route": "xcom-preview",
        }
    ]


class XComKitPlugin(AirflowPlugin):
    """Adds the XCom preview to the Airflow UI."""

    name = "xcomkit"
    fastapi_apps = _OnFirstAccess()
    external_views = task_instance_views()
