"""S3-compatible servers on 127.0.0.1: SeaweedFS (real S3, evaluates bucket policies) and moto."""

from __future__ import annotations

import contextlib
import signal
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xcomkit_dev.processes import ServerProcess, find_bin, free_port, http_ready

if TYPE_CHECKING:
    from collections.abc import Iterator


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

    def connection_uri(self, endpoint_url: str | None = None, **extra: Any) -> str:
        """Return an Airflow `aws` connection URI for this server (or `endpoint_url`, e.g. a proxy).

        The extra goes as JSON (`__extra__`), so nested values such as `config_kwargs` survive.
        """
        import json  # noqa: PLC0415
        from urllib.parse import quote  # noqa: PLC0415

        body = {"region_name": self.region, "endpoint_url": endpoint_url or self.url, **extra}
        return (
            f"aws://{quote(self.access_key, safe='')}:{quote(self.secret_key, safe='')}@/"
            f"?__extra__={quote(json.dumps(body), safe='')}"
        )

    def with_keys(self, access_key: str, secret_key: str) -> S3Endpoint:
        """Return the same server, reached with another identity's keys."""
        return S3Endpoint(self.url, access_key, secret_key, self.region)


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
        argv = [find_bin("weed"), "mini", f"-dir={data}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1"]
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
            [find_bin("moto_server"), "-H", "127.0.0.1", "-p", str(port)],
            http_ready(f"http://127.0.0.1:{port}/moto-api/"),
            workdir / "moto.log",
        )
        server.start()
        stack.callback(server.stop)
        yield S3Endpoint(f"http://127.0.0.1:{port}", "testing", "testing")
