"""A fault-injecting HTTP proxy on 127.0.0.1, between a store client and an S3-compatible server.

Tests point the Airflow connection's `endpoint_url` at the proxy and tell it what to break: drop the
connection halfway through an upload (after forwarding half the body upstream, so the server sees a
truncated request), answer 503 `SlowDown`, or delay a request or its response. Everything else is
forwarded as-is (the `Host` header too, so SigV4 signatures stay valid), and every request is logged,
which is also how tests count S3 calls. The proxy is bounded: delays are capped and it stops by itself
after `lifetime` seconds even if a test forgets to.
"""

from __future__ import annotations

import http.client
import re
import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

# Not forwarded: hop-by-hop headers, and Expect (unsigned by SigV4; the proxy answers 100 itself).
_SKIP_REQUEST = {"connection", "proxy-connection", "keep-alive", "expect"}
_SKIP_RESPONSE = {"connection", "keep-alive", "transfer-encoding", "content-length", "date", "server"}
ACTIONS = ("drop", "status", "delay", "delay_response")


@dataclass
class Fault:
    """One fault rule: what to do to requests matching `method` and the `path` regex, how many times.

    :param action: `drop` (forward half the body, then reset both connections), `status` (answer
        `status` with the S3 error `code`), `delay` (wait `seconds`, then forward) or `delay_response`
        (forward, then wait `seconds` before answering: the server has done the work, the client may
        have given up).
    :param times: how many matching requests to break; None breaks every one.
    """

    action: str
    method: str | None = None
    path: str = ""
    times: int | None = 1
    status: int = 503
    code: str = "SlowDown"
    seconds: float = 0.0

    def __post_init__(self) -> None:
        if self.action not in ACTIONS:
            raise ValueError(f"unknown fault action {self.action!r}; use one of {', '.join(ACTIONS)}")

    def matches(self, method: str, target: str) -> bool:
        """Tell whether this rule applies to a request and still has uses left."""
        if self.times is not None and self.times <= 0:
            return False
        return (self.method is None or self.method == method) and re.search(self.path, target) is not None


@dataclass(frozen=True)
class Logged:
    """One request seen by the proxy and what it did with it (status None: connection dropped)."""

    method: str
    target: str
    status: int | None
    fault: str | None


@dataclass
class FaultProxy:
    """A threaded proxy to `upstream` (an http:// URL) on a free loopback port; use as a context manager."""

    upstream: str
    lifetime: float = 600.0
    max_delay: float = 30.0
    faults: list[Fault] = field(default_factory=list)
    requests: list[Logged] = field(default_factory=list)

    def __post_init__(self) -> None:
        parts = urlsplit(self.upstream)
        self._upstream = (parts.hostname or "127.0.0.1", parts.port or 80)
        self._lock = threading.Lock()
        self._server = _QuietServer(("127.0.0.1", 0), _handler_for(self))
        self._thread = threading.Thread(target=self._server.serve_forever, name="faultproxy", daemon=True)
        self._timer = threading.Timer(self.lifetime, self.stop)
        self._timer.daemon = True

    @property
    def url(self) -> str:
        """The endpoint URL clients should use instead of the upstream's."""
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def add(self, fault: Fault) -> Fault:
        """Add a fault rule (rules are tried in the order they were added)."""
        with self._lock:
            self.faults.append(fault)
        return fault

    def clear(self) -> None:
        """Remove every fault rule and forget the request log."""
        with self._lock:
            self.faults.clear()
            self.requests.clear()

    def count(self, method: str | None = None, path: str = "") -> int:
        """Count logged requests by method and a regex on the request target (path and query)."""
        with self._lock:
            return sum(
                1
                for r in self.requests
                if (method is None or r.method == method) and re.search(path, r.target)
            )

    def start(self) -> FaultProxy:
        """Start serving in a background thread; the lifetime timer starts too."""
        self._thread.start()
        self._timer.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the listening socket (idempotent)."""
        self._timer.cancel()
        if self._thread.is_alive():
            self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _pick(self, method: str, target: str) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if fault.matches(method, target):
                    if fault.times is not None:
                        fault.times -= 1
                    return fault
        return None

    def _log(self, method: str, target: str, status: int | None, fault: Fault | None) -> None:
        with self._lock:
            self.requests.append(Logged(method, target, status, fault.action if fault else None))


class _QuietServer(ThreadingHTTPServer):
    """Threads die with the test process; a connection the proxy reset on purpose is not an error."""

    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """Ignore: dropped and timed-out connections are what this proxy is for."""


def _handler_for(proxy: FaultProxy) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, and 100-continue answered by the base class

        def log_message(self, format: str, *args: object) -> None:
            """Stay quiet: the request log is `proxy.requests`."""

        def handle_any(self) -> None:
            fault = proxy._pick(self.command, self.path)
            length = int(self.headers.get("Content-Length") or 0)
            chunked = "chunked" in (self.headers.get("Transfer-Encoding") or "").lower()
            if fault is not None and fault.action == "drop":
                self._drop(self.rfile.read(length // 2) if not chunked else self.rfile.read1(65536))
                proxy._log(self.command, self.path, None, fault)
                return
            body = _read_chunked(self.rfile) if chunked else self.rfile.read(length)
            if fault is not None and fault.action == "status":
                proxy._log(self.command, self.path, fault.status, fault)
                self._answer_error(fault)
                return
            if fault is not None and fault.action == "delay":
                time.sleep(min(fault.seconds, proxy.max_delay))
            try:
                status, reason, headers, data = self._forward(body)
            except OSError:
                proxy._log(self.command, self.path, None, fault)
                self.close_connection = True
                return
            proxy._log(self.command, self.path, status, fault)
            if fault is not None and fault.action == "delay_response":
                time.sleep(min(fault.seconds, proxy.max_delay))
            try:
                self.send_response_only(status, reason)
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)
            except OSError:  # the client gave up (timeout) while we waited: nothing to answer
                self.close_connection = True

        do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = handle_any

        def _forward(self, body: bytes) -> tuple[int, str, list[tuple[str, str]], bytes]:
            conn = http.client.HTTPConnection(*proxy._upstream, timeout=60)
            try:
                conn.putrequest(self.command, self.path, skip_host=True, skip_accept_encoding=True)
                for name, value in self.headers.items():
                    if name.lower() not in _SKIP_REQUEST:
                        conn.putheader(name, value)
                conn.endheaders(body or None)
                resp = conn.getresponse()
                data = resp.read()
                headers = [(k, v) for k, v in resp.getheaders() if k.lower() not in _SKIP_RESPONSE]
                return resp.status, resp.reason, headers, data
            finally:
                conn.close()

        def _drop(self, partial: bytes) -> None:
            """Send the head and part of the body upstream, then reset both connections."""
            head = [f"{self.command} {self.path} HTTP/1.1"]
            head += [f"{k}: {v}" for k, v in self.headers.items() if k.lower() not in _SKIP_REQUEST]
            try:
                with socket.create_connection(proxy._upstream, timeout=10) as up:
                    up.sendall(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + partial)
                    _reset(up)
            except OSError:
                pass  # the upstream may already have closed: the point is that it got a truncated request
            _reset(self.connection)
            self.close_connection = True

        def _answer_error(self, fault: Fault) -> None:
            body = (
                '<?xml version="1.0" encoding="UTF-8"?>\n'
                f"<Error><Code>{fault.code}</Code><Message>injected by xcomkit faultproxy</Message>"
                f"<RequestId>faultproxy</RequestId></Error>"
            ).encode()
            self.send_response_only(fault.status)
            self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

    return Handler


def _read_chunked(rfile: object) -> bytes:
    """Read a chunked body and return it raw (still chunked), to forward with the same header."""
    raw = bytearray()
    readline = rfile.readline  # type: ignore[attr-defined]
    read = rfile.read  # type: ignore[attr-defined]
    while True:
        line = readline()
        raw += line
        size = int(line.split(b";", 1)[0].strip() or b"0", 16)
        if size == 0:
            break
        raw += read(size + 2)
    while (trailer := readline()) not in (b"\r\n", b"\n", b""):
        raw += trailer
    raw += b"\r\n"
    return bytes(raw)


def _reset(sock: socket.socket) -> None:
    """Close with RST (SO_LINGER 0) rather than FIN, as a crashed peer or a middlebox would."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()
    except OSError:
        pass
