"""One Airflow environment (SQLite, SeaweedFS) with the preview DAG run, and one real API server.

Session-scoped, so the suite's modules share one `airflow api-server`. alice may read every DAG;
bob only the seed tutorial's `simple_xcom_dag`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest
import requests

from xcomkit_dev.api_server import ApiServer, User, api_server

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from xcomkit_dev.airflow_env import AirflowEnv

ALICE = User("alice", "alice-password", ("*",))
BOB = User("bob", "bob-password", ("simple_xcom_dag",))
DAG = "xk_preview"


@dataclass(frozen=True)
class PreviewStack:
    """The environment, its API server, and the preview DAG's run."""

    env: AirflowEnv
    server: ApiServer
    run_id: str

    def page(self, task_id: str, dag_id: str = DAG, run_id: str | None = None) -> str:
        """Return the URL of a task instance's preview page."""
        from urllib.parse import quote

        run = quote(run_id or self.run_id, safe="")
        return f"{self.server.url}/xcomkit/dags/{dag_id}/runs/{run}/tasks/{task_id}"

    def data_page(self, task_id: str) -> str:
        """Return the URL that serves the page's data (3.0: behind the shell, at /xcomkit/page/...)."""
        from xcomkit.compat import api_reads_token_cookie

        page = self.page(task_id)
        return page if api_reads_token_cookie() else page.replace("/xcomkit/", "/xcomkit/page/", 1)

    def api(self, task_id: str, **kwargs: str) -> str:
        """Return the URL of a task instance's preview as JSON."""
        return self.page(task_id, **kwargs).replace("/xcomkit/", "/xcomkit/api/", 1)

    def token(self, user: User) -> str:
        """Log in through Airflow's own token endpoint."""
        response = requests.post(
            f"{self.server.url}/auth/token",
            json={"username": user.name, "password": user.password},
            timeout=30,
        )
        response.raise_for_status()
        return response.json()["access_token"]


def get(url: str, token: str | None = None) -> requests.Response:
    """GET a URL as an API client (with a bearer token, no redirects followed)."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return requests.get(url, headers=headers, timeout=60, allow_redirects=False)


@pytest.fixture(scope="session")
def preview_stack(airflow_envs: Callable[..., AirflowEnv]) -> Iterator[PreviewStack]:
    """Run the preview DAG and the seed DAG, delete one object, start the API server."""
    env = airflow_envs("sqlite-s3", fresh="ui")
    env.dags_test(DAG, "xk_preview.py")
    env.dags_test("simple_xcom_dag", "simple_xcom_dag.py")
    run_id = env.latest_run(DAG)
    gone = next(r["value"] for r in env.xcom_rows(DAG) if r["task_id"] == "gone")
    env.s3.client().delete_object(Bucket=env.bucket, Key=gone["key"])
    with api_server(env.env, env.home, [ALICE, BOB]) as server:
        yield PreviewStack(env, server, run_id)
