"""Start local object-store servers on 127.0.0.1 and stop them by PID.

Each server runs as a child process on free ports, is probed until it answers, and is killed on exit
(SeaweedFS needs SIGKILL). Output goes to a log file that is kept when something fails.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator


def free_port() -> int:
    """Ask the kernel for a free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http_ready(url: str) -> Callable[[], bool]:
    """Return a probe that is true once `url` answers any HTTP status."""

    def probe() -> bool:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - fixed loopback URL
                return True
        except urllib.error.HTTPError:
            return True
        except OSError:
            return False

    return probe


def _detach_but_die_with_parent() -> None:
    """Run in the child before exec: own process group (stop by PID), and SIGKILL if we die.

    A test run killed by a timeout never reaches its fixtures' teardown; without PR_SET_PDEATHSIG its
    servers would outlive it and hold ports and memory.
    """
    os.setsid()
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG


@dataclass
class ServerProcess:
    """A child process with a readiness probe and a log file."""

    name: str
    argv: list[str]
    ready: Callable[[], bool]
    log_path: Path
    stop_signal: int = signal.SIGTERM
    env: dict[str, str] | None = None
    process: subprocess.Popen[bytes] | None = field(default=None, init=False)

    def start(self, timeout: float = 60) -> None:
        """Start the process and wait until the probe passes, or raise with the log's tail."""
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            self.argv,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=self.env,
            preexec_fn=_detach_but_die_with_parent,  # noqa: PLW1509 - main thread; setsid + prctl only
        )
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            if self.ready():
                return
            time.sleep(0.2)
        self.stop()
        tail = self.log_path.read_text(errors="replace")[-3000:]
        raise RuntimeError(
            f"{self.name} did not become ready in {timeout:.0f}s; log {self.log_path}:\n{tail}"
        )

    def stop(self) -> None:
        """Kill the process group (by PID) and reap it."""
        if self.process is None or self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, self.stop_signal)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=15)


@dataclass(frozen=True)
class S3Endpoint:
    """How to reach a running S3-compatible server."""

    url: str
    access_key: str
    secret_key: str
    region: str = "us-east-1"

    def client(self) -> Any:
        """Return an admin boto3 client for setup and inspection (not the backend's)."""
        import boto3  # noqa: PLC0415

        return boto3.client(
            "s3",
            endpoint_url=self.url,
            aws_access_key_id=self.access_key,
            aws_secret_access_key=self.secret_key,
            region_name=self.region,
        )

    def connection_uri(self) -> str:
        """Return an Airflow `aws` connection URI pointing at this server."""
        from urllib.parse import quote  # noqa: PLC0415

        return (
            f"aws://{quote(self.access_key, safe='')}:{quote(self.secret_key, safe='')}@/"
            f"?region_name={self.region}&endpoint_url={quote(self.url, safe='')}"
        )


def _bin(name: str) -> str:
    """Find an executable next to this interpreter (the venv) or on PATH."""
    candidate = Path(sys.executable).with_name(name)
    if candidate.exists():
        return str(candidate)
    found = shutil.which(name)
    if not found:
        raise FileNotFoundError(f"{name} not found: run `make venv` (it installs the pinned servers)")
    return found


@contextlib.contextmanager
def seaweedfs(workdir: Path | None = None) -> Iterator[S3Endpoint]:
    """Run SeaweedFS (`weed mini`, a real S3-compatible server) on free loopback ports."""
    with contextlib.ExitStack() as stack:
        if workdir is None:
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="xcomkit-weed-")))
        data = workdir / "data"
        data.mkdir(parents=True, exist_ok=True)
        s3_port = free_port()
        ports = {
            "s3.port": s3_port,
            "master.port": free_port(),
            "volume.port": free_port(),
            "filer.port": free_port(),
            "admin.port": free_port(),
        }
        argv = [_bin("weed"), "mini", f"-dir={data}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1"]
        argv += [f"-{k}={v}" for k, v in ports.items()]
        argv += [f"-{k}.grpc={free_port()}" for k in ports]
        argv += ["-s3.port.iceberg=0", "-s3.port.lance=0", "-admin.ui=false", "-webdav=false"]
        server = ServerProcess(
            "SeaweedFS",
            argv,
            http_ready(f"http://127.0.0.1:{s3_port}/"),
            workdir / "weed.log",
            stop_signal=signal.SIGKILL,
        )
        server.start()
        stack.callback(server.stop)
        yield S3Endpoint(f"http://127.0.0.1:{s3_port}", "xcomkit", "xcomkit-secret")


@contextlib.contextmanager
def moto(workdir: Path | None = None) -> Iterator[S3Endpoint]:
    """Run moto's server (S3 + IAM; IAM enforcement can be switched on per test)."""
    with contextlib.ExitStack() as stack:
        if workdir is None:
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="xcomkit-moto-")))
        port = free_port()
        server = ServerProcess(
            "moto",
            [_bin("moto_server"), "-H", "127.0.0.1", "-p", str(port)],
            http_ready(f"http://127.0.0.1:{port}/moto-api/"),
            workdir / "moto.log",
        )
        server.start()
        stack.callback(server.stop)
        yield S3Endpoint(f"http://127.0.0.1:{port}", "testing", "testing")


@dataclass(frozen=True)
class GCSEndpoint:
    """How to reach a running GCS emulator (the google client finds it through STORAGE_EMULATOR_HOST)."""

    url: str

    def env(self) -> dict[str, str]:
        """Environment that points every google storage client of a process at the emulator."""
        return {"STORAGE_EMULATOR_HOST": self.url}

    def client(self) -> Any:
        """Return an anonymous admin client for setup and inspection (not the backend's)."""
        from google.api_core.client_options import ClientOptions  # noqa: PLC0415
        from google.auth.credentials import AnonymousCredentials  # noqa: PLC0415
        from google.cloud import storage  # noqa: PLC0415

        return storage.Client(
            project="xcomkit-test",
            credentials=AnonymousCredentials(),
            client_options=ClientOptions(api_endpoint=self.url),
        )

    def connection_uri(self, **extra: Any) -> str:
        """Return an Airflow `google_cloud_platform` connection URI (anonymous unless `extra` says)."""
        import json  # noqa: PLC0415
        from urllib.parse import quote  # noqa: PLC0415

        fields = extra or {"project": "xcomkit-test", "is_anonymous": True}
        return f"google-cloud-platform://?__extra__={quote(json.dumps(fields), safe='')}"

    # What the Airflow integration harness needs from any cloud endpoint.
    scheme = "gs"

    def airflow_env(self, conn_id: str) -> dict[str, str]:
        """Environment for an Airflow process: the connection and the emulator's address."""
        return {f"AIRFLOW_CONN_{conn_id.upper()}": self.connection_uri(), **self.env()}

    def create_bucket(self, name: str) -> None:
        """Create a bucket (setup only: the backend itself never makes bucket calls)."""
        self.client().create_bucket(name)

    def object_keys(self, bucket: str) -> set[str]:
        """Every object key in the bucket."""
        return {blob.name for blob in self.client().list_blobs(bucket)}

    def read_object(self, bucket: str, key: str) -> bytes:
        """Read one object straight from the emulator."""
        return self.client().bucket(bucket).blob(key).download_as_bytes()


@contextlib.contextmanager
def gcs_emulator(workdir: Path | None = None) -> Iterator[GCSEndpoint]:
    """Run gcp-storage-emulator (PyPI) in memory on a free loopback port."""
    with contextlib.ExitStack() as stack:
        if workdir is None:
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="xcomkit-gcs-")))
        port = free_port()
        server = ServerProcess(
            "gcp-storage-emulator",
            [_bin("gcp-storage-emulator"), "start", "-H", "127.0.0.1", "--port", str(port), "--in-memory"],
            http_ready(f"http://127.0.0.1:{port}/storage/v1/b"),
            workdir / "gcs.log",
        )
        server.start()
        stack.callback(server.stop)
        yield GCSEndpoint(f"http://127.0.0.1:{port}")


# Azurite's well-known development account (public, documented by Microsoft; not a secret).
AZURITE_ACCOUNT = "devstoreaccount1"
AZURITE_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="


@dataclass(frozen=True)
class AzuriteEndpoint:
    """How to reach a running Azurite blob service."""

    url: str  # the account's blob endpoint, http://127.0.0.1:<port>/devstoreaccount1
    account: str = AZURITE_ACCOUNT
    key: str = AZURITE_KEY

    def connection_string(self) -> str:
        """Return the account-key connection string for this endpoint."""
        return (
            f"DefaultEndpointsProtocol=http;AccountName={self.account};AccountKey={self.key};"
            f"BlobEndpoint={self.url};"
        )

    def client(self) -> Any:
        """Return an account-key BlobServiceClient for setup and inspection (not the backend's)."""
        from azure.storage.blob import BlobServiceClient  # noqa: PLC0415

        return BlobServiceClient.from_connection_string(self.connection_string())

    def container_sas(self, container: str, permission: str = "racwdl", hours: float = 2) -> str:
        """Sign a container SAS (as Terraform's azure module does in `sas` mode)."""
        from datetime import datetime, timedelta, timezone  # noqa: PLC0415

        from azure.storage.blob import generate_container_sas  # noqa: PLC0415

        return generate_container_sas(
            self.account,
            container,
            account_key=self.key,
            permission=permission,
            expiry=datetime.now(timezone.utc) + timedelta(hours=hours),
        )

    def connection_uri(self, sas_token: str | None = None) -> str:
        """Return an Airflow `wasb` connection URI: a container SAS if given, else the account key."""
        import json  # noqa: PLC0415
        from urllib.parse import quote  # noqa: PLC0415

        if sas_token is None:
            extra = {"connection_string": self.connection_string()}
            return f"wasb://?__extra__={quote(json.dumps(extra), safe='')}"
        extra = quote(json.dumps({"sas_token": sas_token}), safe="")
        return f"wasb://{self.account}@{quote(self.url, safe='')}/?__extra__={extra}"

    # What the Airflow integration harness needs from any cloud endpoint.
    scheme = "wasb"

    def airflow_env(self, conn_id: str) -> dict[str, str]:
        """Environment for an Airflow process: the connection (account key via connection string)."""
        return {f"AIRFLOW_CONN_{conn_id.upper()}": self.connection_uri()}

    def create_bucket(self, name: str) -> None:
        """Create a container (setup only: the backend itself never makes container calls)."""
        self.client().create_container(name)

    def object_keys(self, bucket: str) -> set[str]:
        """Every blob name in the container."""
        return set(self.client().get_container_client(bucket).list_blob_names())

    def read_object(self, bucket: str, key: str) -> bytes:
        """Read one blob straight from Azurite."""
        return self.client().get_blob_client(bucket, key).download_blob().readall()


def _azurite_bin() -> str:
    """Find azurite-blob where scripts/install_emulators.sh puts it, or on PATH."""
    override = os.environ.get("XCOMKIT_AZURITE")
    candidates = [Path(override)] if override else []
    candidates.append(Path(__file__).resolve().parents[3] / "build/azurite/node_modules/.bin/azurite-blob")
    for candidate in candidates:
        if candidate.exists():
            return str(candidate)
    found = shutil.which("azurite-blob")
    if not found:
        raise FileNotFoundError(
            "azurite-blob not found: run scripts/install_emulators.sh (make test does) or set XCOMKIT_AZURITE"
        )
    return found


@contextlib.contextmanager
def azurite(workdir: Path | None = None) -> Iterator[AzuriteEndpoint]:
    """Run Azurite's blob service in memory on a free loopback port, telemetry off."""
    with contextlib.ExitStack() as stack:
        if workdir is None:
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="xcomkit-azurite-")))
        port = free_port()
        argv = [_azurite_bin(), "--blobHost", "127.0.0.1", "--blobPort", str(port)]
        # --skipApiVersionCheck: the Python SDK may speak a newer REST version than this Azurite knows;
        # --loose: ignore headers it does not implement; --extentMemoryLimit caps its RAM (MB).
        argv += ["--inMemoryPersistence", "--extentMemoryLimit", "2048", "--skipApiVersionCheck", "--loose"]
        argv += ["--disableTelemetry", "--silent"]
        ready = http_ready(f"http://127.0.0.1:{port}/")
        server = ServerProcess("Azurite", argv, ready, workdir / "azurite.log")
        server.start(timeout=90)
        stack.callback(server.stop)
        yield AzuriteEndpoint(f"http://127.0.0.1:{port}/{AZURITE_ACCOUNT}")
