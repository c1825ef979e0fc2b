"""The XCom backend: value → codec → bytes → store → reference, and back.

Configure with `AIRFLOW__CORE__XCOM_BACKEND=xcomkit.backend.ObjectStorageXComBackend` and the
`[xcomkit]` section. Everything here runs in the worker (Task SDK); the scheduler and API server only
ever see the stored reference, which is why Airflow's internal keys stay inline.

The class is built on first access (module `__getattr__`), not at import: importing Airflow resolves
`[core] xcom_backend`, i.e. this very class, so a module that imported Airflow at its top would be
asked for the class before it had defined it (a circular import, one warning per retry). Built
lazily, the class exists by the time Airflow's resolution asks for it, whichever is imported first.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from xcomkit.codecs.registry import codec_for, get_codec
from xcomkit.compat import base_xcom, stored_value
from xcomkit.compression import SUFFIXES, compress, decompress
from xcomkit.config import get_settings
from xcomkit.errors import IntegrityError, InvalidReferenceError, ObjectMissingError
from xcomkit.keys import object_key
from xcomkit.reference import Reference, is_reference
from xcomkit.stores import open_store

if TYPE_CHECKING:
    from xcomkit.codecs.base import Codec, Encoded
    from xcomkit.config import Settings
    from xcomkit.stores.base import Store

log = logging.getLogger(__name__)

# Read raw from the database by the scheduler (branching, short-circuit) or the API server (operator
# links, triggered run ids): storing these elsewhere would break them.
INLINE_KEYS = frozenset({"skipmixin_key", "trigger_run_id", "trigger_logical_date_iso"})
INLINE_KEY_PREFIXES = ("_link_",)


def keeps_inline(key: str | None) -> bool:
    """Tell whether an XCom key belongs to Airflow itself and must stay in the database."""
    return key is None or key in INLINE_KEYS or key.startswith(INLINE_KEY_PREFIXES)


def __getattr__(name: str) -> Any:
    if name != "ObjectStorageXComBackend":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    base = base_xcom()  # may import Airflow, whose init may ask for this class: see the docstring
    built = globals().get(name)
    if built is None:
        built = type(name, (ObjectStorage, base), {"__module__": __name__, "__doc__": ObjectStorage.__doc__})
        globals()[name] = built
    return built


class ObjectStorage:
    """Store XCom values as objects (local, S3/MinIO, GCS, Azure) and keep a reference in the DB.

    The methods of `ObjectStorageXComBackend`, which adds Airflow's BaseXCom as its second base.
    """

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
        **kwargs: Any,
    ) -> Any:
        """Write the value to the store and return its reference (or the value itself, if inline)."""
        if keeps_inline(key) or not (dag_id and run_id and task_id):
            return super().serialize_value(value)  # type: ignore[misc] - BaseXCom's
        settings = get_settings()
        codec = codec_for(value, settings.dataframe_format)
        encoded = codec.encode(value)
        # A user dict that looks like a reference goes to the store, never inline.
        if (
            codec.name == "json"
            and len(encoded.data) <= settings.threshold
            and not is_reference(encoded.inline)
        ):
            return encoded.inline
        ref = _store(
            settings,
            codec,
            encoded,
            dag_id=dag_id,
            run_id=run_id,
            task_id=task_id,
            map_index=-1 if map_index is None else map_index,
            xcom_key=key,
        )
        return ref.to_json()

    @classmethod
    def deserialize_value(cls, result: Any) -> Any:  # type: ignore[override]
        """Return the value: inline as the default backend would, or read and checked from the store."""
        stored = stored_value(result)
        if not is_reference(stored):
            return super().deserialize_value(result)  # type: ignore[misc] - BaseXCom's
        return read(Reference.from_json(stored))

    @classmethod
    def purge(cls, xcom: Any, *args: Any, **kwargs: Any) -> None:
        """Delete the object of an XCom being replaced or cleared (Airflow calls this on re-runs)."""
        stored = None if xcom is None else stored_value(xcom)
        if not is_reference(stored):
            return
        settings = get_settings()
        try:
            ref = Reference.from_json(stored)
            location = settings.location_of(ref)
        except InvalidReferenceError as err:
            # Never delete outside the configured stores; leave it to the sweep, and do not block a re-run.
            log.warning("not purging XCom object: %s", err)
            return
        open_store(location).delete(ref.key)
        log.info("purged XCom object %s", ref.url)


def read(ref: Reference) -> Any:
    """Read, check and decode the object a reference points to (in whichever configured location)."""
    data = read_checked(ref, open_store(get_settings().location_of(ref)))
    return get_codec(ref.codec).decode(decompress(data, ref.compression))


def read_checked(ref: Reference, store: Store) -> bytes:
    """Read the whole object through `store` and check it against the reference (size, checksum).

    The UI preview reads through its own (read-only) store and must fail with the same errors as a
    pull in a task: one function for both.
    """
    try:
        data = store.get(ref.key, ref.checksum)
    except ObjectMissingError as err:
        raise missing(ref) from err
    except IntegrityError as err:
        raise IntegrityError(
            f"{err.detail} (the XCom pushed by {ref.origin})", _clear(ref), resource=ref.url
        ) from err
    if len(data) != ref.size:
        raise IntegrityError(
            f"object {ref.url} is {len(data)} bytes but the XCom pushed by {ref.origin} recorded {ref.size}: "
            "it was truncated or replaced",
            _clear(ref),
            resource=ref.url,
        )
    return data


def missing(ref: Reference) -> ObjectMissingError:
    """Return the error for a reference whose object is gone."""
    return ObjectMissingError(
        f"the XCom pushed by {ref.origin} is gone from {ref.url}: it was deleted outside Airflow "
        "(retention rule, sweep, manual)",
        _clear(ref),
        resource=ref.url,
    )


def _clear(ref: Reference) -> str:
    return f"clear task {ref.task_id!r} to push it again"


def _store(settings: Settings, codec: Codec, encoded: Encoded, **origin: Any) -> Reference:
    """Write the object fully (checksum known) before the reference exists: no dangling reference."""
    compression = settings.compression if codec.compressible else "none"
    data = compress(encoded.data, compression)
    location = settings.location_for(codec.name, len(data))
    key = object_key(
        location.prefix,
        **{k: origin[k] for k in ("dag_id", "run_id", "task_id", "map_index")},
        key=origin["xcom_key"],
        suffix=f".{codec.extension}{SUFFIXES[compression]}",
    )
    checksum = open_store(location).put(key, data)
    ref = Reference(
        scheme=location.scheme,
        bucket=location.bucket,
        key=key,
        codec=codec.name,
        compression=compression,
        size=len(data),
        checksum=checksum,
        type=encoded.type,
        shape=encoded.shape,
        writer=encoded.writer,
        **origin,
    )
    log.info("stored XCom %r as %s (%s, %d bytes)", origin["xcom_key"], ref.url, codec.name, ref.size)
    return ref
