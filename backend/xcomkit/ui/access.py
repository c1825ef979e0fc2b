"""Who may see a preview: exactly who may read the DAG's XComs through Airflow's own API.

Every endpoint depends on the API server's own check (`requires_access_dag`, method GET, entity
XCOM), so the configured auth manager decides: no token → 401, a user without that DAG → 403. The
DAG id comes from the path, as in Airflow's XCom endpoints. Nothing here has a way around it.

On Airflow 3.0 the API server's user dependency reads only the `Authorization` header, and a page
opened in the browser carries the login as the `_token` cookie: there the token is taken from the
header or that cookie and handed to Airflow's own `get_user`, then to the same check.
"""

from __future__ import annotations

from typing import Any

# Imported at runtime, not under TYPE_CHECKING: FastAPI reads the dependencies' annotations from this
# module's globals. Only the API server imports it (through app.py).
from airflow.api_fastapi.app import get_auth_manager
from airflow.api_fastapi.auth.managers.base_auth_manager import COOKIE_NAME_JWT_TOKEN
from airflow.api_fastapi.auth.managers.models.resource_details import DagAccessEntity
from airflow.api_fastapi.core_api.security import get_user, requires_access_dag
from fastapi import Depends, HTTPException, Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from xcomkit.compat import api_reads_token_cookie


def xcom_read_access() -> Any:
    """Return the FastAPI dependency Airflow's XCom endpoints use for reading (`GET`, `XCOM`)."""
    check = requires_access_dag(method="GET", access_entity=DagAccessEntity.XCOM)
    if api_reads_token_cookie():
        return Depends(check)
    return Depends(_with_cookie_user(check))


def _with_cookie_user(check: Any) -> Any:
    """Wrap Airflow's check with a user taken from the bearer header or the `_token` cookie (3.0)."""

    async def browser_user(request: Request) -> Any:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        token = token if scheme.lower() == "bearer" else request.cookies.get(COOKIE_NAME_JWT_TOKEN, "")
        if not token:
            raise HTTPException(401, "Not authenticated", headers={"WWW-Authenticate": "Bearer"})
        return await get_user(token)  # Airflow's: 401 for an expired token, 403 for an invalid one

    def requires_xcom_read(request: Request, user: Any = Depends(browser_user)) -> None:  # noqa: B008
        check(request, user)

    requires_xcom_read.airflow_check = check  # type: ignore[attr-defined] - for tests and readers
    return requires_xcom_read


def login_redirect(request: Request, status_code: int, detail: Any) -> Response:
    """Send a browser that is not logged in to Airflow's login page and back; JSON callers get 401.

    Only a page request (`Accept: text/html`, not under `/api`) is redirected, as the Airflow UI does.
    """
    page = "/api/" not in request.url.path and "text/html" in request.headers.get("accept", "")
    if status_code == 401 and page:
        return RedirectResponse(get_auth_manager().get_url_login(next_url=str(request.url)), 303)
    return JSONResponse({"detail": detail}, status_code)
