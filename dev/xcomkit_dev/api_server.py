"""A real `airflow api-server` on a free loopback port, with test users who may read chosen DAGs.

Used by `make ui` and the browser test: the users' passwords are written before the server starts
(SimpleAuthManager reads them from its passwords file), and `xcomkit_dev.auth_manager` limits each
user to its DAGs.
"""

from __future__ import annotations

import contextlib
import json
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from xcomkit_dev.auth_manager import ACCESS_ENV
from xcomkit_dev.processes import ServerProcess, free_port, http_ready

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


@dataclass(frozen=True)
class User:
    """A login and the DAG ids it may read (`*`: all)."""

    name: str
    password: str
    dags: tuple[str, ...]


@dataclass(frozen=True)
class ApiServer:
    """A running API server."""

    url: str
    log_path: Path


def auth_env(home: Path, users: list[User]) -> dict[str, str]:
    """Return the settings that put the test auth manager and these users in an Airflow environment."""
    passwords = home / "passwords.json"
    passwords.write_text(json.dumps({u.name: u.password for u in users}))
    return {
        "AIRFLOW__CORE__AUTH_MANAGER": "xcomkit_dev.auth_manager.DagScopedAuthManager",
        "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS": ",".join(f"{u.name}:viewer" for u in users),
        "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE": str(passwords),
        ACCESS_ENV: json.dumps({u.name: list(u.dags) for u in users}),
        "AIRFLOW__API_AUTH__JWT_SECRET": "xcomkit-dev-jwt-secret-for-tests-only-" + "x" * 32,
        # 3.0.6 refuses tokens without an issuer to check them against.
        "AIRFLOW__API_AUTH__JWT_ISSUER": "xcomkit-dev",
        "AIRFLOW__API__SECRET_KEY": "xcomkit-dev-secret-key",
    }


@contextlib.contextmanager
def api_server(env: dict[str, str], home: Path, users: list[User]) -> Iterator[ApiServer]:
    """Run `airflow api-server` (one worker) with `env` plus the test users, until the block ends."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server_env = {**env, **auth_env(home, users), "AIRFLOW__API__BASE_URL": url}
    server = ServerProcess(
        "airflow api-server",
        [sys.executable, "-m", "airflow", "api-server", "-H", "127.0.0.1", "-p", str(port), "-w", "1"],
        http_ready(f"{url}/api/v2/monitor/health"),
        home / "api-server.log",
        env=server_env,
    )
    server.start(timeout=180)
    try:
        yield ApiServer(url, server.log_path)
    finally:
        server.stop()
