"""The preview identity (`[xcomkit] preview_conn_id`): the API server's reads, and nothing more.

The XCom preview in the Airflow UI reads objects with this connection. It must be able to read under
the prefix and must not be able to write there: a probe object written by the workers' identity is
read back through it, then a write through it must be refused.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import TYPE_CHECKING

from xcomkit.checks import FAILED, PASSED, Check
from xcomkit.checks.common import PROBE_DIR, connection
from xcomkit.errors import AccessDeniedError, XComKitError
from xcomkit.stores import open_store

if TYPE_CHECKING:
    from collections.abc import Iterator

    from xcomkit.config import Settings


def checks(settings: Settings) -> Iterator[Check]:
    """Read allowed and write refused, through the preview connection, on `path`; nothing if unset."""
    conn_id = settings.preview_conn_id
    location = settings.location
    if not conn_id or location.scheme == "file" or conn_id == location.conn_id:
        return
    present = next(connection(location, conn_id))
    if present.failed:
        yield Check("preview connection present", FAILED, present.detail, present.fix)
        return
    reader = open_store(replace(location, conn_id=conn_id))
    writer = open_store(location)
    key = f"{location.prefix}/{PROBE_DIR}/{uuid.uuid4().hex}.txt"
    url = location.url_of(key)
    checksum = writer.put(key, b"xcomkit doctor preview probe\n")
    try:
        try:
            reader.get(key, checksum)
        except XComKitError as err:
            yield Check.from_error("preview can read", err)
        else:
            yield Check("preview can read", PASSED, f"{conn_id!r} read {url}")
        try:
            reader.put(key, b"must be refused\n")
        except AccessDeniedError as err:
            yield Check("preview cannot write", PASSED, f"refused as expected ({err.action})")
        except XComKitError as err:
            yield Check.from_error("preview cannot write", err, prefix="not refused as denied: ")
        else:
            yield Check(
                "preview cannot write",
                FAILED,
                f"{conn_id!r} overwrote {url}: the API server's identity can change XComs",
                "give the preview connection read-only rights (the Terraform modules' "
                "create_preview_identity does)",
            )
    finally:
        writer.delete(key)
