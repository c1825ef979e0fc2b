"""A client for a running Airflow 3 deployment's REST API: trigger, wait, task instances, logs.

`xcomkit_dev.celery_stack.celery_deployment()` starts the deployment and yields one of these.
"""

from __future__ import annotations

import contextlib
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

    from xcomkit_dev.processes import ServerProcess
    from xcomkit_dev.s3_servers import S3Endpoint

CONN_ID = "xcom_s3"
FINISHED = {"success", "failed"}


class ApiError(RuntimeError):
    """The REST API answered with an error status; the message carries the method, path and body."""


@dataclass
class Deployment:
    """A running deployment: its REST API, environment, bucket and process logs."""

    home: Path
    api_url: str
    env: dict[str, str]  # a worker's environment: the only one with the store's connection
    bucket: str
    s3: S3Endpoint
    workers: dict[str, str]  # worker name (alpha, beta) → the hostname its task instances report
    password: str  # of the API user `admin`
    processes: list[ServerProcess] = field(default_factory=list)
    _token: str = ""

    def api(self, method: str, path: str, body: Any = None, **params: Any) -> Any:
        """Call the public REST API (`/api/v2` + path) with a JWT; return the decoded JSON body."""
        if not self._token:
            login = {"username": "admin", "password": self.password}
            self._token = self._request("POST", "/auth/token", login)["access_token"]
        return self._request(method, f"/api/v2{path}", body, params, self._token)

    def _request(
        self, method: str, path: str, body: Any = None, params: dict[str, Any] | None = None, token: str = ""
    ) -> Any:
        from urllib.parse import urlencode  # noqa: PLC0415

        query = f"?{urlencode(params, doseq=True)}" if params else ""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"{self.api_url}{path}{query}", data=data, method=method)  # noqa: S310
        request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - loopback URL
                raw = response.read()
        except urllib.error.HTTPError as err:
            detail = err.read().decode(errors="replace")[:2000]
            raise ApiError(f"{method} {path}{query} → HTTP {err.code}: {detail}") from None
        return json.loads(raw) if raw else None

    def health(self) -> dict[str, Any]:
        """Return the API server's view of the metadata DB, scheduler and dag-processor (no auth)."""
        return self._request("GET", "/api/v2/monitor/health")

    def trigger(self, dag_id: str, conf: dict[str, Any] | None = None) -> str:
        """Unpause the DAG and trigger a run through the REST API; return its run id."""
        self.api("PATCH", f"/dags/{dag_id}", {"is_paused": False})
        run = self.api("POST", f"/dags/{dag_id}/dagRuns", {"logical_date": None, "conf": conf or {}})
        return run["dag_run_id"]

    def wait(self, dag_id: str, run_id: str, timeout: float = 600) -> dict[str, Any]:
        """Poll the run until it succeeds or fails; raise with its task states and logs on timeout."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            run = self.api("GET", f"/dags/{dag_id}/dagRuns/{run_id}")
            if run["state"] in FINISHED:
                return run
            time.sleep(1)
        raise TimeoutError(
            f"run {run_id} of {dag_id} not finished in {timeout:.0f}s\n{self.report(dag_id, run_id)}"
        )

    def task_instances(self, dag_id: str, run_id: str) -> list[dict[str, Any]]:
        """Every task instance of a run (mapped ones included) as the REST API shows them."""
        path, found = f"/dags/{dag_id}/dagRuns/{run_id}/taskInstances", []
        while True:  # pages: the API caps `limit` at [api] maximum_page_limit (100)
            page = self.api("GET", path, limit=100, offset=len(found), order_by="map_index")
            found += page["task_instances"]
            if len(found) >= page["total_entries"] or not page["task_instances"]:
                return found

    def report(self, dag_id: str, run_id: str) -> str:
        """Task states of a run, the logs of its failed task instances, and every process log's tail."""
        lines = []
        with contextlib.suppress(ApiError, OSError):
            for ti in self.task_instances(dag_id, run_id):
                lines.append(f"  {ti['task_id']}[{ti['map_index']}] {ti['state']} on {ti['hostname']}")
        run_logs = self.home / "logs" / f"dag_id={dag_id}" / f"run_id={run_id}"
        failed = [p for p in sorted(run_logs.rglob("*.log")) if "error" in p.read_text(errors="replace")]
        lines += [f"--- {p.relative_to(run_logs)}\n{tail(p)}" for p in failed[:3]]
        return "\n".join(lines) + "\n" + self.log_tails()

    def log_tails(self, chars: int = 3000) -> str:
        """Return the end of every component's log, to see why a run did not go as expected."""
        return "\n".join(f"=== {p.name} ({p.log_path})\n{tail(p.log_path, chars)}" for p in self.processes)


def tail(path: Path, chars: int = 3000) -> str:
    """Return the end of a log file (or why it cannot be read)."""
    try:
        return path.read_text(errors="replace")[-chars:]
    except OSError as err:
        return f"(unreadable: {err})"
