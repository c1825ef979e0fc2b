"""Child processes for the test servers: free loopback ports, readiness probes, stop by PID.

Each server runs as a child process on free ports, is probed until it answers, and is killed on exit
(SeaweedFS needs SIGKILL); a killed test run takes its servers with it (PR_SET_PDEATHSIG). Output goes
to a log file that is kept when something fails.
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
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable


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


def find_bin(name: str) -> str:
    """Find an executable next to this interpreter (the venv) or on PATH."""
    candidate = Path(sys.executable).with_name(name)
    if candidate.exists():
        return str(candidate)
    found = shutil.which(name)
    if not found:
        raise FileNotFoundError(f"{name} not found: run `make venv` (it installs the pinned servers)")
    return found
