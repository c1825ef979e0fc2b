"""The XCom backend: value → codec → bytes → store → reference, and back.

Configure with `AIRFLOW__CORE__XCOM_BACKEND=xcomkit.backend.ObjectStorageXComBackend` and the
`[xcomkit]` section. Everything here runs in the worker (Task SDK); the scheduler and API server only
ever see the stored reference, which is why Airflow's internal keys stay inline.
"""

from __future__ import annotations

import hashlib
import json
import logging
from typing import TYPE_CHECKING, Any

from airflow.sdk.bases.xcom import BaseXCom

from xcomkit.codecs.registry import codec_for, get_codec, known_codecs
from xcomkit.compression import SUFFIXES, compress, decompress
from xcomkit.config import Settings, get_settings
from xcomkit.errors import IntegrityError, InvalidReferenceError, ObjectMissingError, UnsupportedTypeError
from xcomkit.keys import object_key
from xcomkit.reference import Reference, is_reference
from xcomkit.stores import open_store

if TYPE_CHECKING:
    from airflow.sdk.execution_time.comms import XComResult

    from xcomkit.codecs.base import Codec, Encoded

log = logging.getLogger(__name__)

# Read raw from the database by the scheduler (branching, short-circuit) or the API server (operator
# links, triggered run ids): storing these elsewhere would break them.
INLINE_KEYS = frozenset({"skipmixin_key", "trigger_run_id", "trigger_logical_date_iso"})
INLINE_KEY_PREFIXES = ("_link_",)


def keeps_inline(key: str | None) -> bool:
    """Tell whether an XCom key belongs to Airflow itself and must stay in the database."""
    return key is None or key in INLINE_KEYS or key.startswith(INLINE_KEY_PREFIXES)


class ObjectStorageXComBackend(BaseXCom):
    """Store XCom values as objects (local, S3/MinIO, GCS, Azure) and keep a reference in the DB."""

    @classmethod
    def serialize_value(  # type: ignore[override]
        cls,
        value: Any,
        *,
        key: str | None = None,
        task_id: str | None = None,
        dag_id: str | None = None,
        run_id: str | None = None,
        map_index: int | None = None,
    ) -> Any:
        """Write the value to the store and return its reference (or the value itself, if inline)."""
        if keeps_inline(key) or not (dag_id and run_id and task_id):
            return BaseXCom.serialize_value(value)
        settings = get_settings()
        codec = codec_for(value, settings.dataframe_format)
        encoded = _encode(codec, value)
        if codec.name == "json" and len(encoded.data) <= settings.threshold:
            inline = json.loads(encoded.data)
            if not is_reference(inline):  # a user dict that looks like a reference goes to the store
                return inline
        ref = _store(
            settings,
            codec,
            encoded,
            dag_id=dag_id,
            run_id=run_id,
            task_id=task_id,
            map_index=-1 if map_index is None else map_index,
            xcom_key=key or cls.XCOM_RETURN_KEY,
        )
        return ref.to_json()

    @classmethod
    def deserialize_value(cls, result: Any) -> Any:  # type: ignore[override]
        """Return the value: inline as the default backend would, or read and checked from the store."""
        if not is_reference(result.value):
            return BaseXCom.deserialize_value(result)
        settings = get_settings()
        ref = _checked_reference(result.value, settings)
        try:
            data = open_store(settings.location).get(ref.key)
        except ObjectMissingError as err:
            raise ObjectMissingError(
                f"the XCom pushed by {ref.origin} is gone from {ref.url}: {err}. It was deleted outside "
                f"Airflow (retention rule, sweep, manual); clear task {ref.task_id!r} to push it again"
            ) from err
        _verify(ref, data)
        return get_codec(ref.codec).decode(decompress(data, ref.compression))

    @classmethod
    def purge(cls, xcom: XComResult, *args: Any) -> None:
        """Delete the object of an XCom being replaced or cleared (Airflow calls this on re-runs)."""
        if xcom is None or not is_reference(xcom.value):
            return
        settings = get_settings()
        try:
            ref = _checked_reference(xcom.value, settings)
        except InvalidReferenceError as err:
            # Never delete outside the configured store; leave it to the sweep, and do not block a re-run.
            log.warning("not purging XCom object: %s", err)
            return
        open_store(settings.location).delete(ref.key)
        log.info("purged XCom object %s", ref.url)


def _encode(codec: Codec, value: Any) -> Encoded:
    try:
        return codec.encode(value)
    except (TypeError, AttributeError) as err:
        if codec.name != "json":
            raise
        raise UnsupportedTypeError(
            f"cannot store a value of type {type(value).__module__}.{type(value).__qualname__} in XCom: "
            f"no codec takes it (codecs: {', '.join(known_codecs())}; JSON/serde said: {err}). "
            "Register one with xcomkit.codecs.register_codec(...)"
        ) from err


def _store(settings: Settings, codec: Codec, encoded: Encoded, **origin: Any) -> Reference:
    """Write the object fully (checksum known) before the reference exists: no dangling reference."""
    location = settings.location
    compression = settings.compression if codec.compressible else "none"
    data = compress(encoded.data, compression)
    key = object_key(
        location.prefix,
        **{k: origin[k] for k in ("dag_id", "run_id", "task_id", "map_index")},
        key=origin["xcom_key"],
        suffix=f".{codec.extension}{SUFFIXES[compression]}",
    )
    open_store(location).put(key, data)
    ref = Reference(
        scheme=location.scheme,
        bucket=location.bucket,
        key=key,
        codec=codec.name,
        compression=compression,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        rows=encoded.rows,
        columns=encoded.columns,
        **origin,
    )
    log.info("stored XCom %r as %s (%s, %d bytes)", origin["xcom_key"], ref.url, codec.name, ref.size)
    return ref


def _checked_reference(value: dict[str, Any], settings: Settings) -> Reference:
    ref = Reference.from_json(value)
    location = settings.location
    ref.check_within(location.scheme, location.bucket, location.prefix)
    return ref


def _verify(ref: Reference, data: bytes) -> None:
    if len(data) != ref.size:
        raise IntegrityError(
            f"object {ref.url} is {len(data)} bytes but the XCom pushed by {ref.origin} recorded {ref.size}: "
            f"it was truncated or replaced; clear task {ref.task_id!r} to push it again"
        )
    digest = hashlib.sha256(data).hexdigest()
    if digest != ref.sha256:
        raise IntegrityError(
            f"object {ref.url} fails its SHA-256 check (expected {ref.sha256[:16]}…, got {digest[:16]}…) "
            f"for the XCom pushed by {ref.origin}: it was corrupted or replaced; clear task "
            f"{ref.task_id!r} to push it again"
        )
