"""The FastAPI app the plugin mounts in the API server at `/xcomkit`: the preview page and its JSON.

`/xcomkit/dags/<dag>/runs/<run>/tasks/<task>[/mapped/<n>]` is the page (on Airflow 3.1+ shown inside
the task instance page; on 3.0 opened directly); `/xcomkit/api/...` is the same as JSON. Both sit
behind Airflow's own DAG-level XCom read check (`access.py`).

On 3.0 a page load carries no credentials (its UI keeps the login in localStorage and sends it as a
bearer header), so there the page URL serves a shell that holds no data and fetches the page from
`/xcomkit/page/...`, behind the same check, with that header.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape

from xcomkit.compat import api_reads_token_cookie
from xcomkit.ui.access import login_redirect, xcom_read_access
from xcomkit.ui.previews.base import human_size
from xcomkit.ui.xcoms import XComView, task_views

URL_PREFIX = "/xcomkit"
TASK = "/dags/{dag_id}/runs/{run_id}/tasks/{task_id}"
MAPPED = TASK + "/mapped/{map_index}"

_templates = Environment(
    loader=PackageLoader("xcomkit.ui", "templates"), autoescape=select_autoescape(default=True)
)
_templates.filters["size"] = human_size


def map_index_of(text: str | None) -> int:
    """Read the map index from the path; anything but a number (the UI's unfilled placeholder) is -1."""
    try:
        return int(text) if text is not None else -1
    except ValueError:
        return -1


def _page(dag_id: str, run_id: str, task_id: str, map_index: int) -> HTMLResponse:
    views = task_views(dag_id, run_id, task_id, map_index)
    html = _templates.get_template("preview.html").render(
        dag_id=dag_id, run_id=run_id, task_id=task_id, map_index=map_index, views=views
    )
    return HTMLResponse(html)


def _json(dag_id: str, run_id: str, task_id: str, map_index: int) -> JSONResponse:
    views = task_views(dag_id, run_id, task_id, map_index)
    return JSONResponse({"xcoms": [as_json(v) for v in views]})


def as_json(view: XComView) -> dict[str, Any]:
    """Return one XCom's view as JSON, its reference in the format the database stores."""
    return {**asdict(view), "reference": view.reference.to_json() if view.reference else None}


def _shell_router() -> APIRouter:
    """Serve the 3.0 page: a data-free shell that fetches `/page/...` with the UI's bearer token."""
    router = APIRouter()

    def shell() -> HTMLResponse:
        from airflow.api_fastapi.app import get_auth_manager  # noqa: PLC0415

        login = get_auth_manager().get_url_login()
        return HTMLResponse(_templates.get_template("shell.html").render(login_url=login))

    router.add_api_route(TASK, shell, response_class=HTMLResponse)
    router.add_api_route(MAPPED, shell, response_class=HTMLResponse)
    return router


def _router(pages: str) -> APIRouter:
    router = APIRouter(dependencies=[xcom_read_access()])

    @router.get(pages + TASK, response_class=HTMLResponse)
    def page(dag_id: str, run_id: str, task_id: str) -> HTMLResponse:
        return _page(dag_id, run_id, task_id, -1)

    @router.get(pages + MAPPED, response_class=HTMLResponse)
    def mapped_page(dag_id: str, run_id: str, task_id: str, map_index: str) -> HTMLResponse:
        return _page(dag_id, run_id, task_id, map_index_of(map_index))

    @router.get("/api" + TASK)
    def api(dag_id: str, run_id: str, task_id: str) -> JSONResponse:
        return _json(dag_id, run_id, task_id, -1)

    @router.get("/api" + MAPPED)
    def mapped_api(dag_id: str, run_id: str, task_id: str, map_index: str) -> JSONResponse:
        return _json(dag_id, run_id, task_id, map_index_of(map_index))

    return router


def create_app() -> FastAPI:
    """Build the app (no docs or OpenAPI routes: every route is behind the access check)."""
    app = FastAPI(title="xcomkit XCom preview", docs_url=None, redoc_url=None, openapi_url=None)
    if api_reads_token_cookie():
        app.include_router(_router(pages=""))
    else:
        app.include_router(_router(pages="/page"))
        app.include_router(_shell_router())

    @app.exception_handler(HTTPException)
    def refused(request: Request, err: HTTPException) -> Response:
        return login_redirect(request, err.status_code, err.detail)

    return app


def app_spec() -> dict[str, Any]:
    """Return the plugin's `fastapi_apps` entry."""
    return {"app": create_app(), "url_prefix": URL_PREFIX, "name": "xcomkit XCom preview"}
