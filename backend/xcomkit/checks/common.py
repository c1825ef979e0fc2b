"""Checks every store shares: configuration, connection, reachability, object rights under the prefix.

They go through the kit's own `Store` (the code path the backend uses), so a ✓ here means XComs will
work, and a ✗ carries the store's own message naming the action, bucket and fix.
"""

from __future__ import annotations

import uuid
from importlib import import_module
from typing import TYPE_CHECKING

from xcomkit.checks import FAILED, OK, SKIPPED, Check
from xcomkit.config import get_settings
from xcomkit.errors import ConfigError, ObjectMissingError, XComKitError
from xcomkit.stores import open_store

if TYPE_CHECKING:
    from collections.abc import Iterator

    from xcomkit.config import Settings

BACKEND = "xcomkit.backend.ObjectStorageXComBackend"
CONN_TYPES = {"s3": ("aws",), "gs": ("google_cloud_platform", "gcpcloudsql"), "wasb": ("wasb",)}
EXPORT_HINT = "run `xcomkit export --cloud <cloud> --to airflow` or put its .env in every Airflow component"
PROBE_DIR = "_xcomkit_doctor"


def settings() -> Settings:
    """Return the validated `[xcomkit]` settings (raises ConfigError naming the option)."""
    return get_settings()


def split(err: Exception, fix: str) -> tuple[str, str]:
    """Split a kit message `what is wrong; what to do` into detail and fix."""
    detail, sep, how = str(err).partition("; ")
    return (detail, how) if sep else (detail, fix)


def configuration() -> Iterator[Check]:
    """Check that the backend class is this kit's (or a subclass) and that `[xcomkit]` parses."""
    from airflow.sdk.configuration import conf  # noqa: PLC0415

    from xcomkit.backend import ObjectStorageXComBackend  # noqa: PLC0415

    configured = conf.get("core", "xcom_backend", fallback="") or ""
    module_name, _, class_name = configured.rpartition(".")
    try:
        cls = getattr(import_module(module_name), class_name)
        ours = isinstance(cls, type) and issubclass(cls, ObjectStorageXComBackend)
    except (ImportError, AttributeError, ValueError):
        ours = False
    yield Check(
        "backend configured",
        OK if ours else FAILED,
        f"[core] xcom_backend = {configured or '(default)'}",
        "" if ours else f"set AIRFLOW__CORE__XCOM_BACKEND={BACKEND} ({EXPORT_HINT})",
    )
    try:
        location = get_settings().location
    except ConfigError as err:
        yield Check("[xcomkit] settings", FAILED, str(err).split(": set ")[0], EXPORT_HINT)
        return
    yield Check("[xcomkit] settings", OK, f"path = {location}")


def connection(settings: Settings) -> Iterator[Check]:
    """Check that the path's connection id resolves (env var, secrets backend or DB) to the right type."""
    location = settings.location
    if location.scheme == "file":
        yield Check("connection present", SKIPPED, "file:// needs no connection")
        return
    from airflow.sdk import BaseHook  # noqa: PLC0415
    from airflow.sdk.exceptions import AirflowNotFoundException  # noqa: PLC0415

    try:
        conn = BaseHook.get_connection(location.conn_id)
    except AirflowNotFoundException:
        yield Check(
            "connection present",
            FAILED,
            f"connection {location.conn_id!r} (from [xcomkit] path) is not defined",
            f"{EXPORT_HINT} (it sets AIRFLOW_CONN_{location.conn_id.upper()})",
        )
        return
    expected = CONN_TYPES.get(location.scheme, ())
    if expected and conn.conn_type not in expected:
        yield Check(
            "connection present",
            FAILED,
            f"connection {location.conn_id!r} has type {conn.conn_type!r}, a {location.scheme}:// path "
            f"needs {expected[0]!r}",
            f"{EXPORT_HINT}, or fix [xcomkit] path",
        )
        return
    yield Check("connection present", OK, f"{location.conn_id!r} ({conn.conn_type})")


def reachability(settings: Settings) -> Iterator[Check]:
    """List under the prefix: proves the credentials and the bucket in one call (any store)."""
    store = open_store(settings.location)
    try:
        next(iter(store.list(f"{settings.location.prefix}/")), None)
    except XComKitError as err:
        detail, fix = split(err, "fix the connection or the bucket in [xcomkit] path")
        yield Check("bucket reachable", FAILED, detail, fix)
        return
    yield Check("bucket reachable", OK, f"listed {settings.location}")


def objects(settings: Settings) -> Iterator[Check]:
    """Put, get and delete a probe object under the prefix, as the backend will."""
    location = settings.location
    store = open_store(location)
    key = f"{location.prefix}/{PROBE_DIR}/{uuid.uuid4().hex}.txt"
    body = b"xcomkit doctor probe\n"
    url = location.url_of(key)
    try:
        store.put(key, body)
    except XComKitError as err:
        yield Check("put under the prefix", FAILED, *split(err, "grant write on the prefix"))
        return
    yield Check("put under the prefix", OK, url)
    try:
        data = store.get(key)
    except XComKitError as err:
        yield Check("get under the prefix", FAILED, *split(err, "grant read on the prefix"))
    else:
        good = data == body
        yield Check(
            "get under the prefix",
            OK if good else FAILED,
            url if good else f"{url} came back different ({len(data)} bytes, {len(body)} written)",
            "" if good else "check for a proxy or object transformation rewriting objects",
        )
    try:
        store.delete(key)
    except XComKitError as err:
        detail, fix = split(err, "grant delete on the prefix")
        yield Check("delete under the prefix", FAILED, f"{detail} (probe object left at {url})", fix)
        return
    try:
        store.get(key)
    except ObjectMissingError:
        yield Check("delete under the prefix", OK, url)
    except XComKitError as err:
        yield Check("delete under the prefix", SKIPPED, f"deleted, but cannot confirm: {err}")
    else:
        yield Check(
            "delete under the prefix",
            FAILED,
            f"{url} is still there after delete",
            "check for object lock or retention on the bucket: purged XComs would pile up",
        )


def outside_prefix(settings: Settings) -> Iterator[Check]:
    """Check the identity may NOT write next to the prefix (a sibling `<prefix>-…/` catches `prefix*`)."""
    location = settings.location
    if location.scheme == "file":
        yield Check("no write outside the prefix", SKIPPED, "file:// is guarded by OS permissions")
        return
    store = open_store(location)
    key = f"{location.prefix}-outside-{PROBE_DIR}/{uuid.uuid4().hex}.txt"
    url = location.url_of(key)
    try:
        store.put(key, b"must be refused\n")
    except XComKitError as err:
        yield Check("no write outside the prefix", OK, f"refused as expected: {split(err, '')[0]}")
        return
    left = ""
    try:
        store.delete(key)
    except XComKitError as err:
        left = f" (could not remove the probe object: {err})"
    yield Check(
        "no write outside the prefix",
        FAILED,
        f"the identity wrote {url}, outside {location.prefix}/{left}",
        f"limit its object rights to {location.bucket}/{location.prefix}/* (the Terraform modules do)",
    )
