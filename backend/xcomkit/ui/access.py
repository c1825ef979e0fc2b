"""Who may see a preview: exactly who may read the DAG's XComs through Airflow's own API.

Every endpoint depends on the API server's own check (`requires_access_dag`, method GET, entity
XCOM), so the configured auth manager decides: no token → 401, a user without that DAG → 403. The
DAG id comes from the path, as in Airflow's XCom endpoints. Nothing here has a way around it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.responses import Response


def xcom_read_access() -> Any:
    """Return the FastAPI dependency Airflow's XCom endpoints use for reading (`GET`, `XCOM`)."""
    from airflow.api_fastapi.auth.managers.models.resource_details import DagAccessEntity  # noqa: PLC0415
    from airflow.api_fastapi.core_api.security import requires_access_dag  # noqa: PLC0415
    from fastapi import Depends  # noqa: PLC0415

    return Depends(requires_access_dag(method="GET", access_entity=DagAccessEntity.XCOM))


def login_redirect(request: Request, status_code: int, detail: Any) -> Response:
    """Send a browser that is not logged in to Airflow's login page and back; JSON callers get 401.

    Only a page request (`Accept: text/html`, not under `/api`) is redirected, as the Airflow UI does.
    """
    from airflow.api_fastapi.app import get_auth_manager  # noqa: PLC0415
    from starlette.responses import JSONResponse, RedirectResponse  # noqa: PLC0415

    page = "/api/" not in request.url.path and "text/html" in request.headers.get("accept", "")
    if status_code == 401 and page:
        return RedirectResponse(get_auth_manager().get_url_login(next_url=str(request.url)), 303)
    return JSONResponse({"detail": detail}, status_code)
