"""Who may see a preview: exactly who may read the DAG's XComs through Airflow's own API.

Every endpoint depends on the API server's own check (`requires_access_dag`, method GET, entity
XCOM), so the configured auth manager decides: no token → 401, a user without that DAG → 403. The
DAG id comes from the path, as in Airflow's XCom endpoints. Nothing here has a way around it.
"""

from __future__ import annotations

from typing import Any


def xcom_read_access() -> Any:
    """Return the FastAPI dependency Airflow's XCom endpoints use for reading (`GET`, `XCOM`)."""
    from airflow.api_fastapi.auth.managers.models.resource_details import DagAccessEntity  # noqa: PLC0415
    from airflow.api_fastapi.core_api.security import requires_access_dag  # noqa: PLC0415
    from fastapi import Depends  # noqa: PLC0415

    return Depends(requires_access_dag(method="GET", access_entity=DagAccessEntity.XCOM))
