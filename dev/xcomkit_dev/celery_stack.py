"""A real multi-process Airflow 3 deployment on 127.0.0.1, with the kit's backend, for end-to-end tests.

`celery_deployment()` starts what production runs, each as its own process group: a fresh PostgreSQL
metadata database, `airflow api-server` (REST API + execution API), `airflow scheduler`, `airflow
dag-processor` and two `airflow celery worker`s on different queues (Redis broker, results in
PostgreSQL). Only the workers get the object store's connection: the other components never read an
object, and running them without it proves it. Everything is stopped by PID and the database dropped
on exit; the logs stay in the work directory.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from xcomkit_dev.deployment import CONN_ID, ApiError, Deployment, tail
from xcomkit_dev.postgres import fresh_database
from xcomkit_dev.processes import ServerProcess, free_port

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from xcomkit_dev.s3_servers import S3Endpoint

# A Redis database of its own; keys are also prefixed per deployment, so concurrent runs never mix.
REDIS_URL = os.environ.get("XCOMKIT_TEST_REDIS", "redis://127.0.0.1:6379/13")
WORKER_QUEUES = {"alpha": "default,alpha", "beta": "default,beta"}


def worker_hostname() -> str:
    """`[core] hostname_callable` of the test workers: each reports its own name on its task instances.

    Both workers run on one machine, so the default (the FQDN) could not tell them apart.
    """
    return os.environ["XCOMKIT_WORKER_HOSTNAME"]


@contextlib.contextmanager
def celery_deployment(
    workdir: Path, s3: S3Endpoint, dag_files: Iterable[Path], *, concurrency: int = 3, timeout: float = 300
) -> Iterator[Deployment]:
    """Start the deployment in `workdir`, wait until every component and DAG is ready, stop it on exit."""
    token = secrets.token_hex(4)
    home = workdir / "airflow"
    (home / "dags").mkdir(parents=True, exist_ok=True)
    dag_files_copied = _copy_dags(dag_files, home / "dags")
    redis_prefix = f"xcomkit-e2e-{token}:"
    _require_redis()
    with contextlib.ExitStack() as cleanup:
        db_url = cleanup.enter_context(fresh_database(f"xcomkit_e2e_{token}"))
        cleanup.callback(_drop_redis_keys, redis_prefix)
        bucket = f"xcom-e2e-{token}"
        s3.client().create_bucket(Bucket=bucket)
        api_port = free_port()
        password = secrets.token_urlsafe(12)
        (home / "passwords.json").write_text(json.dumps({"admin": password}))
        base = _base_env(home, db_url, api_port, bucket, redis_prefix)
        worker_env = {**base, f"AIRFLOW_CONN_{CONN_ID.upper()}": s3.connection_uri()}
        workers = {name: f"{name}-{token}@xcomkit" for name in WORKER_QUEUES}
        deployment = Deployment(
            home, f"http://127.0.0.1:{api_port}", worker_env, bucket, s3, workers, password
        )
        cleanup.callback(_stop_all, deployment.processes)
        migrate = subprocess.run(
            [sys.executable, "-m", "airflow", "db", "migrate"], env=base, capture_output=True, text=True,
            timeout=timeout, check=False,
        )  # fmt: skip
        if migrate.returncode != 0:
            raise RuntimeError(f"airflow db migrate failed:\n{(migrate.stdout + migrate.stderr)[-4000:]}")
        _start(deployment, base, api_port, concurrency, timeout)
        _wait_for_dags(deployment, dag_files_copied, timeout)
        yield deployment


def _stop_all(processes: list[ServerProcess]) -> None:
    """Stop the components side by side: each may wait for its children (Celery's warm shutdown)."""
    with ThreadPoolExecutor(max(len(processes), 1)) as pool:
        list(pool.map(_stop, processes))


def _stop(process: ServerProcess) -> None:
    """Stop a component, then kill what is left of its process group (log servers, pool children)."""
    process.stop()
    if process.process is not None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.process.pid, signal.SIGKILL)


def _copy_dags(dag_files: Iterable[Path], folder: Path) -> list[str]:
    """Copy the DAG files (and a `data/` folder beside one) into the bundle; return their names."""
    names = []
    for path in dag_files:
        shutil.copy(path, folder / path.name)
        if (path.parent / "data").is_dir():
            shutil.copytree(path.parent / "data", folder / "data", dirs_exist_ok=True)
        names.append(path.name)
    return names


def _base_env(home: Path, db_url: str, api_port: int, bucket: str, redis_prefix: str) -> dict[str, str]:
    """Build the configuration every component shares, as a platform team puts it in the image."""
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW")}
    return {
        **inherited,
        # Nothing leaves 127.0.0.1: a DAG's call to the internet (the seed's Pokémon API) fails at once
        # on a closed local port and the DAG uses its shipped sample, on every machine alike.
        **dict.fromkeys(("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"), "http://127.0.0.1:9"),
        **dict.fromkeys(("NO_PROXY", "no_proxy"), "127.0.0.1,localhost"),
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(home / "dags"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__EXECUTOR": "CeleryExecutor",
        "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://127.0.0.1:{api_port}/execution/",
        "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS": "admin:admin",
        "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE": str(home / "passwords.json"),
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": db_url,
        "AIRFLOW__API__BASE_URL": f"http://127.0.0.1:{api_port}",
        "AIRFLOW__API__SECRET_KEY": secrets.token_hex(16),
        # The scheduler signs each task's token for the execution API; the API server checks it.
        "AIRFLOW__API_AUTH__JWT_SECRET": secrets.token_hex(32),
        "AIRFLOW__CELERY__BROKER_URL": REDIS_URL,
        "AIRFLOW__CELERY__RESULT_BACKEND": "db+" + db_url,
        "AIRFLOW__CELERY_BROKER_TRANSPORT_OPTIONS__GLOBAL_KEYPREFIX": redis_prefix,
        "AIRFLOW__CELERY_BROKER_TRANSPORT_OPTIONS__VISIBILITY_TIMEOUT": "3600",
        "AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT": str(free_port()),
        # Room for a busy machine: parsing a file that imports pandas can exceed the 30-50 s defaults.
        "AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT": "300",
        "AIRFLOW__DAG_PROCESSOR__DAG_FILE_PROCESSOR_TIMEOUT": "300",
        # The files do not change during a run: parse once instead of every 30 s (CPU for the tasks).
        "AIRFLOW__DAG_PROCESSOR__MIN_FILE_PROCESS_INTERVAL": "600",
        "AIRFLOW__CORE__XCOM_BACKEND": "xcomkit.backend.ObjectStorageXComBackend",
        "AIRFLOW__XCOMKIT__PATH": f"s3://{CONN_ID}@{bucket}/xcom",
    }


def _start(
    deployment: Deployment, base: dict[str, str], api_port: int, concurrency: int, timeout: float
) -> None:
    """Start the API server, then the scheduler, dag-processor and both workers side by side."""
    airflow = [sys.executable, "-m", "airflow"]
    logs = deployment.home / "process-logs"
    run = deployment.home / "run"
    run.mkdir(exist_ok=True)

    def component(
        name: str, argv: list[str], ready: Callable[[], bool], env: dict[str, str]
    ) -> ServerProcess:
        process = ServerProcess(
            name, [*airflow, *argv, "--pid", str(run / f"{name}.pid")], ready, logs / f"{name}.log", env=env
        )
        deployment.processes.append(process)
        return process

    def healthy(part: str) -> Callable[[], bool]:
        def probe() -> bool:
            with contextlib.suppress(OSError, ApiError, ValueError):
                return deployment.health()[part]["status"] == "healthy"
            return False

        return probe

    component("api-server", ["api-server", "--host", "127.0.0.1", "--port", str(api_port), "--workers", "1"],
              healthy("metadatabase"), base).start(timeout)  # fmt: skip
    others = [
        component("scheduler", ["scheduler", "--skip-serve-logs"], healthy("scheduler"), base),
        component("dag-processor", ["dag-processor"], healthy("dag_processor"), base),
    ]
    for name, queues in WORKER_QUEUES.items():
        env = {
            **deployment.env,
            "XCOMKIT_WORKER_HOSTNAME": deployment.workers[name],
            "AIRFLOW__CORE__HOSTNAME_CALLABLE": f"{__name__}.worker_hostname",
            "AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT": str(free_port()),
        }
        argv = ["celery", "worker", "--queues", queues, "--concurrency", str(concurrency)]
        argv += ["--celery-hostname", deployment.workers[name], "--without-mingle", "--without-gossip"]
        others.append(component(f"worker-{name}", argv, _celery_ping(env, deployment.workers[name]), env))
    _start_together(others, timeout)


def _start_together(processes: list[ServerProcess], timeout: float) -> None:
    """Launch every process from this thread, then wait until all their probes pass.

    Launching from worker threads is not an option: each child dies with the thread that started it
    (PR_SET_PDEATHSIG in `ServerProcess`), so the launch returns at once and the probes run here.
    """
    probes = {p.name: p.ready for p in processes}
    for process in processes:
        process.ready = lambda: True
        process.start()
    deadline = time.monotonic() + timeout
    waiting = list(processes)
    while waiting and time.monotonic() < deadline:
        for process in list(waiting):
            if process.process is None or process.process.poll() is not None:
                raise RuntimeError(
                    f"{process.name} exited early; log {process.log_path}:\n{tail(process.log_path)}"
                )
            if probes[process.name]():
                waiting.remove(process)
        time.sleep(0.5)
    if waiting:
        tails = "\n".join(f"=== {p.name}\n{tail(p.log_path)}" for p in waiting)
        raise TimeoutError(f"not ready in {timeout:.0f}s: {[p.name for p in waiting]}\n{tails}")


def _celery_ping(env: dict[str, str], hostname: str) -> Callable[[], bool]:
    """Return a probe that is true once the worker answers a Celery ping through the broker."""
    from celery import Celery  # noqa: PLC0415 - the celery provider's dependency

    app = Celery(
        broker=env["AIRFLOW__CELERY__BROKER_URL"],
        broker_transport_options={
            "global_keyprefix": env["AIRFLOW__CELERY_BROKER_TRANSPORT_OPTIONS__GLOBAL_KEYPREFIX"]
        },
    )

    def probe() -> bool:
        return bool(app.control.ping(destination=[hostname], timeout=1))

    return probe


def _wait_for_dags(deployment: Deployment, files: list[str], timeout: float) -> None:
    """Wait until the dag-processor has serialized a DAG of every file; fail at once on an import error."""
    deadline = time.monotonic() + timeout
    missing = list(files)
    while time.monotonic() < deadline:
        errors = deployment.api("GET", "/importErrors")["import_errors"]
        if errors:
            text = "\n".join(f"{e['filename']}:\n{e['stack_trace'][-1500:]}" for e in errors)
            raise RuntimeError(f"the dag-processor could not import DAG files:\n{text}")
        parsed = {Path(d["fileloc"]).name for d in deployment.api("GET", "/dags", limit=100)["dags"]}
        missing = [f for f in files if f not in parsed]
        if not missing:
            return
        time.sleep(1)
    raise TimeoutError(f"DAG files not parsed in {timeout:.0f}s: {missing}\n{deployment.log_tails()}")


def _require_redis() -> None:
    """Fail first, and say how to fix it, if the broker is not there (workers would only retry)."""
    import redis  # noqa: PLC0415 - the celery provider's redis extra

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=5)
    try:
        client.ping()
    except redis.RedisError as err:
        raise RuntimeError(
            f"Redis (the Celery broker) is not reachable at {REDIS_URL} ({err}): start it "
            "(apt-get install redis-server; redis-server --daemonize yes) or set XCOMKIT_TEST_REDIS"
        ) from err
    finally:
        client.close()


def _drop_redis_keys(prefix: str) -> None:
    """Remove what the broker left under this deployment's key prefix (queued messages, bindings)."""
    import redis  # noqa: PLC0415

    client = redis.Redis.from_url(REDIS_URL)
    with contextlib.suppress(redis.RedisError):
        keys = list(client.scan_iter(f"{prefix}*"))
        if keys:
            client.delete(*keys)
    client.close()
