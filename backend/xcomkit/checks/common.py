"""Checks every store shares: configuration, connection, reachability, object rights under the prefix.

They go through the kit's own `Store` (the code path the backend uses), so a pass here means XComs
will work, and a failure carries the store's own error fields naming the action, bucket and fix.
"""

from __future__ import annotations

import uuid
from importlib import import_module
from typing import TYPE_CHECKING

from xcomkit.checks import FAILED, NOT_CHECKED, PASSED, Check
from xcomkit.config import get_settings
from xcomkit.errors import (
    AccessDeniedError,
    ConfigError,
    CredentialsError,
    ObjectMissingError,
    StoreUnavailableError,
    XComKitError,
)
from xcomkit.stores import open_store

if TYPE_CHECKING:
    from collections.abc import Iterator

    from xcomkit.config import Settings
    from xcomkit.location import Location

BACKEND = "xcomkit.backend.ObjectStorageXComBackend"
CONN_TYPES = {"s3": ("aws",), "gs": ("google_cloud_platform", "gcpcloudsql"), "wasb": ("wasb",)}
EXPORT_HINT = "run `xcomkit export --cloud <cloud> --to airflow` or put its .env in every Airflow component"
PROBE_DIR = "_xcomkit_doctor"


def settings() -> Settings:
    """Return the validated `[xcomkit]` settings (raises ConfigError naming the option)."""
    return get_settings()


def configuration() -> Iterator[Check]:
    """Check that the backend class is this kit's (or a subclass) and that `[xcomkit]` parses."""
    from xcomkit.backend import ObjectStorage  # noqa: PLC0415
    from xcomkit.compat import conf  # noqa: PLC0415

    configured = conf.get("core", "xcom_backend", fallback="") or ""
    module_name, _, class_name = configured.rpartition(".")
    try:
        cls = getattr(import_module(module_name), class_name)
        ours = isinstance(cls, type) and issubclass(cls, ObjectStorage)
    except (ImportError, AttributeError, ValueError):
        ours = False
    yield Check(
        "backend configured",
        PASSED if ours else FAILED,
        f"[core] xcom_backend = {configured or '(default)'}",
        "" if ours else f"set AIRFLOW__CORE__XCOM_BACKEND={BACKEND} ({EXPORT_HINT})",
    )
    try:
        current = get_settings()
    except ConfigError as err:
        yield Check("[xcomkit] settings", FAILED, err.detail, err.fix or EXPORT_HINT)
        return
    routes = f"; {len(current.routes)} route(s)" if current.routes else ""
    yield Check("[xcomkit] settings", PASSED, f"path = {current.location}{routes}")


def connection(location: Location, conn_id: str | None = None) -> Iterator[Check]:
    """Check that the connection id resolves (env var, secrets backend or DB) to the right type."""
    conn_id = conn_id or location.conn_id
    if location.scheme == "file":
        yield Check("connection present", NOT_CHECKED, "file:// needs no connection")
        return
    from xcomkit.compat import AirflowNotFoundException, BaseHook  # noqa: PLC0415

    try:
        conn = BaseHook.get_connection(conn_id)
    except AirflowNotFoundException:
        yield Check(
            "connection present",
            FAILED,
            f"connection {conn_id!r} (from [xcomkit] path) is not defined",
            f"{EXPORT_HINT} (it sets AIRFLOW_CONN_{conn_id.upper()})",
        )
        return
    expected = CONN_TYPES.get(location.scheme, ())
    if expected and conn.conn_type not in expected:
        yield Check(
            "connection present",
            FAILED,
            f"connection {conn_id!r} has type {conn.conn_type!r}, a {location.scheme}:// path "
            f"needs {expected[0]!r}",
            f"{EXPORT_HINT}, or fix [xcomkit] path",
        )
        return
    yield Check("connection present", PASSED, f"{conn_id!r} ({conn.conn_type})")


def reachability(location: Location) -> Iterator[Check]:
    """List under the prefix: credentials, bucket and list right, told apart by the error's class."""
    try:
        store = open_store(location)
    except XComKitError as err:  # the store's SDK is not installed here
        yield Check.from_error("store available", err)
        return
    try:
        next(iter(store.list(f"{location.prefix}/")), None)
    except CredentialsError as err:
        yield Check.from_error("credentials valid", err)
        yield Check("bucket reachable", NOT_CHECKED, "credentials rejected")
        return
    except AccessDeniedError as err:
        yield Check("credentials valid", PASSED, f"connection {location.conn_id!r} accepted")
        yield Check("bucket reachable", PASSED, f"{location.url_of('')} answers")
        yield Check.from_error("list under the prefix", err)
        return
    except StoreUnavailableError as err:
        yield Check("credentials valid", NOT_CHECKED, "the endpoint did not answer")
        yield Check.from_error("bucket reachable", err)
        return
    except XComKitError as err:
        yield Check("credentials valid", PASSED, f"connection {location.conn_id!r} accepted")
        yield Check.from_error("bucket reachable", err)
        return
    if location.scheme != "file":
        yield Check("credentials valid", PASSED, f"connection {location.conn_id!r} accepted")
    yield Check("bucket reachable", PASSED, f"listed {location.url_of(location.prefix)}/")


def objects(location: Location) -> Iterator[Check]:
    """Put, get and delete a probe object under the prefix, as the backend will."""
    store = open_store(location)
    key = f"{location.prefix}/{PROBE_DIR}/{uuid.uuid4().hex}.txt"
    body = b"xcomkit doctor probe\n"
    url = location.url_of(key)
    try:
        checksum = store.put(key, body)
    except XComKitError as err:
        yield Check.from_error("put under the prefix", err)
        return
    yield Check("put under the prefix", PASSED, url)
    try:
        store.get(key, checksum)
    except XComKitError as err:
        yield Check.from_error("get under the prefix", err)
    else:
        yield Check("get under the prefix", PASSED, f"{url} (checksum {checksum.partition(':')[0]} verified)")
    try:
        store.delete(key)
    except XComKitError as err:
        yield Check.from_error("delete under the prefix", err, prefix=f"probe object left at {url}: ")
        return
    try:
        store.get(key)
    except ObjectMissingError:
        yield Check("delete under the prefix", PASSED, url)
    except XComKitError as err:
        yield Check.from_error("delete under the prefix", err, status=NOT_CHECKED, prefix="deleted, but: ")
    else:
        yield Check(
            "delete under the prefix",
            FAILED,
            f"{url} is still there after delete",
            "check for object lock or retention on the bucket: purged XComs would pile up",
        )


def outside_prefix(location: Location) -> Iterator[Check]:
    """Check the identity may NOT write next to the prefix (a sibling `<prefix>-…/` catches `prefix*`)."""
    if location.scheme == "file":
        yield Check("no write outside the prefix", NOT_CHECKED, "file:// is guarded by OS permissions")
        return
    store = open_store(location)
    key = f"{location.prefix}-outside-{PROBE_DIR}/{uuid.uuid4().hex}.txt"
    url = location.url_of(key)
    try:
        store.put(key, b"must be refused\n")
    except AccessDeniedError as err:
        yield Check("no write outside the prefix", PASSED, f"refused as expected ({err.action} on {url})")
        return
    except XComKitError as err:
        yield Check.from_error(
            "no write outside the prefix", err, status=NOT_CHECKED, prefix="not refused as denied: "
        )
        return
    left = ""
    try:
        store.delete(key)
    except XComKitError as err:
        left = f" (could not remove the probe object: {err.detail})"
    yield Check(
        "no write outside the prefix",
        FAILED,
        f"the identity wrote {url}, outside {location.prefix}/{left}",
        f"limit its object rights to {location.bucket}/{location.prefix}/* (the Terraform modules do)",
    )
