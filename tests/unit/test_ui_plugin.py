"""The plugin loads on every supported Airflow: the app on 3.0+, the task instance view on 3.1+."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import entry_points

from xcomkit.compat import api_reads_token_cookie, has_task_instance_views
from xcomkit.ui.app import map_index_of


def test_installing_the_package_registers_the_plugin() -> None:
    (found,) = [ep for ep in entry_points(group="airflow.plugins") if ep.name == "xcomkit"]
    assert found.load().name == "xcomkit"


def test_the_view_is_on_the_task_instance_page_where_the_ui_has_one() -> None:
    from xcomkit.ui.plugin import XComKitPlugin

    views = XComKitPlugin.external_views
    if has_task_instance_views():
        (view,) = views
        assert view["destination"] == "task_instance"
        assert view["href"] == "/xcomkit/dags/{DAG_ID}/runs/{RUN_ID}/tasks/{TASK_ID}/mapped/{MAP_INDEX}"
    else:
        assert views == []


def test_the_app_routes_sit_behind_airflows_xcom_read_check() -> None:
    from xcomkit.ui.plugin import XComKitPlugin

    (spec,) = XComKitPlugin.fastapi_apps
    assert spec["url_prefix"] == "/xcomkit"
    routes = {route.path: route for route in spec["app"].routes if hasattr(route, "dependant")}
    task = "/dags/{dag_id}/runs/{run_id}/tasks/{task_id}"
    mapped = task + "/mapped/{map_index}"
    # 3.0: the page URL is a data-free shell that fetches /page/... with the UI's bearer token.
    pages = "" if api_reads_token_cookie() else "/page"
    checked = {pages + task, pages + mapped, "/api" + task, "/api" + mapped}
    assert set(routes) == checked | ({task, mapped} if pages else set())
    for path in set(routes) - checked:
        assert not routes[path].dependant.dependencies
    for route in (routes[path] for path in checked):
        # Airflow's own check, or (3.0) that check handed the user of the header or the login cookie.
        checks = [getattr(d.call, "airflow_check", d.call) for d in route.dependant.dependencies]
        assert any(c.__qualname__.startswith("requires_access_dag.") for c in checks), route.path


def test_loading_the_plugin_builds_no_app() -> None:
    # Task runners load every plugin: importing this one must not pull in the API server.
    code = (
        "import sys; from xcomkit.ui.plugin import XComKitPlugin; "
        "print('fastapi' in sys.modules, 'airflow.api_fastapi.core_api.security' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split()[-1] == "False"


def test_an_unfilled_map_index_placeholder_means_not_mapped() -> None:
    assert map_index_of("3") == 3
    assert map_index_of("-1") == -1
    assert map_index_of("{MAP_INDEX}") == -1
