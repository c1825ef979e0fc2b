"""A test auth manager: Airflow's SimpleAuthManager, with each user limited to the DAGs it names.

Airflow's SimpleAuthManager grants a role on every DAG; the preview's access tests need a user who
may read one DAG and not another, as a real auth manager (FAB, Keycloak) would set up. Access comes
from `XCOMKIT_DEV_DAG_ACCESS`, JSON `{"user": ["dag_id", ...] or ["*"]}`; a user it does not name
sees no DAG. Everything else (login page, tokens, roles) is SimpleAuthManager's. Never ship this.
"""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING, Any

from airflow.api_fastapi.auth.managers.simple.simple_auth_manager import SimpleAuthManager

if TYPE_CHECKING:
    from airflow.api_fastapi.auth.managers.models.resource_details import DagAccessEntity, DagDetails

ACCESS_ENV = "XCOMKIT_DEV_DAG_ACCESS"


def dag_access() -> dict[str, list[str]]:
    """Return the configured user → DAG ids map (`*` for every DAG)."""
    return json.loads(os.environ.get(ACCESS_ENV) or "{}")


class DagScopedAuthManager(SimpleAuthManager):
    """SimpleAuthManager whose DAG checks also ask `XCOMKIT_DEV_DAG_ACCESS`."""

    def is_authorized_dag(
        self,
        *,
        method: Any,
        user: Any,
        access_entity: DagAccessEntity | None = None,
        details: DagDetails | None = None,
    ) -> bool:
        """Allow what SimpleAuthManager allows, on the DAGs this user is given only."""
        allowed = dag_access().get(user.get_name(), [])
        dag_id = details.id if details else None
        if dag_id is not None and "*" not in allowed and dag_id not in allowed:
            return False
        return super().is_authorized_dag(
            method=method, user=user, access_entity=access_entity, details=details
        )
