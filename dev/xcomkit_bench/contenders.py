"""The contenders: each pushes and pulls one value the way its backend class is called by a task.

A push is `serialize_value(value, key=, dag_id=, run_id=, task_id=, map_index=)`, a pull is
`deserialize_value(result)` with `result.value` = what the push returned, exactly as the Task SDK calls
an XCom backend. Where the database is the store (the default backend, and values the kit keeps
inline), the row is written and read through Airflow's own `XComModel` in PostgreSQL. The hop from the
task to the API server (msgpack, HTTP) is left out for every contender.

The limits are the store's own SDK (`transports`) with the bytes the kit would write ("raw … put/get"),
and the SDK plus a format's own library in the loop ("raw … + <format> in loop", `formats`). The kit
runs on every store; the peers (common-io, the seed, the default backend) on S3, as they are used.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from xcomkit_bench.context import DAG_ID, RUN_ID, SCHEMES, SEED_BUCKET, XCOM_KEY
from xcomkit_bench.formats import FORMATS
from xcomkit_bench.transports import TRANSPORTS, DurableFiles

if TYPE_CHECKING:
    from xcomkit_bench.context import Context
    from xcomkit_bench.formats import Format
    from xcomkit_bench.transports import Transport

INLINE_THRESHOLD = 64 * 1024
ALL_KINDS = frozenset({"dict", "json", "bytes", "dataframe"})


def xcom_result(value: Any) -> Any:
    """What the Task SDK hands `deserialize_value`: an XComResult whose `.value` is the stored value."""
    from airflow.sdk.execution_time.comms import XComResult

    return XComResult(key=XCOM_KEY, value=value)


class Contender:
    """Base: push/pull one payload; `bucket` and `prefix` say where its objects land."""

    key: ClassVar[str]
    stores: ClassVar[frozenset[str]] = frozenset({"s3"})
    kinds: ClassVar[frozenset[str]] = ALL_KINDS

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.bucket = ctx.bucket
        self.task_id = ""

    @classmethod
    def label(cls, store: str) -> str:
        """The contender's name in the tables, for a store."""
        raise NotImplementedError

    def prepare(self, task_id: str, value: Any) -> None:
        """Per-payload setup, outside the timing (XCom coordinates; encoded bytes for the raw limit)."""
        self.task_id = task_id

    def prefix(self) -> str:
        """Key prefix of the objects this contender writes for the current payload."""
        return f"{self.ctx.root}{self.key}/{DAG_ID}/{RUN_ID}/{self.task_id}/"

    def push(self, value: Any) -> Any:
        """Store the value; return what the metadata database would hold."""
        raise NotImplementedError

    def pull(self, handle: Any) -> Any:
        """Return the value back from what `push` returned."""
        raise NotImplementedError

    def expected(self, value: Any) -> Any:
        """What `pull` should return for `value`."""
        return value

    def finish(self) -> None:
        """Undo process-wide changes (working directory)."""

    def coordinates(self) -> dict[str, Any]:
        """The keyword arguments a task passes to serialize_value."""
        return {"key": XCOM_KEY, "dag_id": DAG_ID, "run_id": RUN_ID, "task_id": self.task_id, "map_index": -1}


class RawTransfer(Contender):
    """The transfer limit: the store's SDK puts and gets the bytes the kit's codec wrote (untimed)."""

    key = "raw"
    stores = frozenset(TRANSPORTS)

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.transport = self.transport_for(ctx.store)(ctx)
        self.data = b""

    @classmethod
    def transport_for(cls, store: str) -> type[Transport]:
        """The store's own SDK."""
        return TRANSPORTS[store]

    @classmethod
    def label(cls, store: str) -> str:
        """`raw boto3 put/get (limit)`."""
        return f"{cls.transport_for(store).label} put/get (limit)"

    def prepare(self, task_id: str, value: Any) -> None:
        """Encode once, outside the timing, with the codec the kit picks."""
        from xcomkit.codecs.registry import codec_for

        super().prepare(task_id, value)
        self.data = codec_for(value, "parquet").encode(value).data

    def push(self, value: Any) -> Any:
        """One put of the pre-encoded bytes."""
        key = self.prefix() + "value"
        self.transport.put(key, self.data)
        return key

    def pull(self, handle: Any) -> Any:
        """One get."""
        return self.transport.get(handle)

    def expected(self, value: Any) -> Any:
        """The encoded bytes."""
        return self.data


class RawDurable(RawTransfer):
    """The local store's durability alone (fsync, rename), so the table shows what it costs."""

    key = "raw-durable"
    stores = frozenset({"local"})

    @classmethod
    def transport_for(cls, store: str) -> type[Transport]:
        """Durable file writes."""
        return DurableFiles


class RawInLoop(RawTransfer):
    """A format's limit: its own library encodes and decodes inside the timing, around put and get."""

    format: ClassVar[Format]

    @classmethod
    def label(cls, store: str) -> str:
        """`raw boto3 + msgspec in loop`."""
        return f"{cls.transport_for(store).label} + {cls.format.label} in loop"

    def prepare(self, task_id: str, value: Any) -> None:
        """Nothing to encode ahead."""
        Contender.prepare(self, task_id, value)

    def push(self, value: Any) -> Any:
        """Encode, then one put."""
        key = self.prefix() + "value"
        self.transport.put(key, self.format.encode(value))
        return key

    def pull(self, handle: Any) -> Any:
        """One get, then decode."""
        return self.format.decode(self.transport.get(handle))

    def expected(self, value: Any) -> Any:
        """The value itself."""
        return value


def in_loop(fmt: Format) -> type[RawInLoop]:
    """The limit row of one format."""
    return type(f"Raw_{fmt.key}", (RawInLoop,), {"key": f"raw-{fmt.key}", "format": fmt, "kinds": fmt.kinds})


class XComKit(Contender):
    """This kit, threshold 0: every value goes to the object store."""

    key = "xcomkit"
    stores = frozenset(SCHEMES)
    threshold = 0

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        from xcomkit.backend import ObjectStorageXComBackend
        from xcomkit.config import get_settings
        from xcomkit.stores import open_store

        os.environ["AIRFLOW__XCOMKIT__PATH"] = ctx.path(self.key)
        os.environ["AIRFLOW__XCOMKIT__THRESHOLD"] = str(self.threshold)
        get_settings.cache_clear()
        open_store.cache_clear()
        self.backend = ObjectStorageXComBackend

    @classmethod
    def label(cls, store: str) -> str:
        """`xcomkit`."""
        return "xcomkit"

    def push(self, value: Any) -> Any:
        """serialize_value as the Task SDK calls it."""
        return self.backend.serialize_value(value, **self.coordinates())

    def pull(self, handle: Any) -> Any:
        """deserialize_value on the stored reference."""
        return self.backend.deserialize_value(xcom_result(handle))


class XComKitWithRow(XComKit):
    """This kit with a threshold, including the database row Airflow writes for what it returns."""

    key = "xcomkit-db"
    stores = frozenset({"s3"})
    threshold = INLINE_THRESHOLD

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        from xcomkit_bench.rows import MetadataRows

        self.rows = MetadataRows()

    @classmethod
    def label(cls, store: str) -> str:
        """The threshold it runs with."""
        return "xcomkit + DB row (threshold 64 KiB)"

    def push(self, value: Any) -> Any:
        """serialize_value, then the row (the value itself when inline, else the reference)."""
        self.rows.write(self.task_id, super().push(value))
        return self.task_id

    def pull(self, handle: Any) -> Any:
        """Select the row, then deserialize_value."""
        return super().pull(self.rows.read(handle))


class MetadataDb(XComKitWithRow):
    """Airflow's default backend: serde JSON in the xcom table's JSONB column."""

    key = "metadata-db"

    def __init__(self, ctx: Context) -> None:
        Contender.__init__(self, ctx)
        from airflow.sdk.bases.xcom import BaseXCom

        from xcomkit_bench.rows import MetadataRows

        self.backend = BaseXCom  # type: ignore[assignment]
        self.rows = MetadataRows()

    @classmethod
    def label(cls, store: str) -> str:
        """`default backend (metadata DB)`."""
        return "default backend (metadata DB)"


class CommonIo(Contender):
    """Airflow's common-io XComObjectStorageBackend, threshold 0, through ObjectStoragePath and s3fs."""

    key = "common-io"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        os.environ["AIRFLOW__COMMON_IO__XCOM_OBJECTSTORAGE_PATH"] = ctx.path(self.key)
        os.environ["AIRFLOW__COMMON_IO__XCOM_OBJECTSTORAGE_THRESHOLD"] = "0"
        from airflow.providers.common.io.xcom.backend import XComObjectStorageBackend

        self.backend = XComObjectStorageBackend

    @classmethod
    def label(cls, store: str) -> str:
        """With the provider's version."""
        from importlib.metadata import version

        return f"common-io {version('apache-airflow-providers-common-io')} (threshold 0)"

    def push(self, value: Any) -> Any:
        """serialize_value as the Task SDK calls it."""
        return self.backend.serialize_value(value, **self.coordinates())

    def pull(self, handle: Any) -> Any:
        """deserialize_value on the stored path."""
        return self.backend.deserialize_value(xcom_result(handle))


class SeedCsv(Contender):
    """The seed tutorial's pandas/CSV backend as published, run in a temporary working directory."""

    key = "seed"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        from xcomkit_bench.seed_backend import CustomXComBackendPandas

        self.backend = CustomXComBackendPandas
        self.bucket = SEED_BUCKET
        self.cwd = Path.cwd()
        self.workdir = tempfile.TemporaryDirectory(prefix="xcomkit-bench-seed-")
        os.chdir(self.workdir.name)  # it writes its temp files into the working directory

    @classmethod
    def label(cls, store: str) -> str:
        """`seed CSV backend`."""
        return "seed CSV backend"

    def prefix(self) -> str:
        """Objects under <run>/<task>/ in its own bucket (one UUID key per push)."""
        return f"{RUN_ID}/{self.task_id}/"

    def push(self, value: Any) -> Any:
        """serialize_value as the Task SDK calls it."""
        return self.backend.serialize_value(value, **self.coordinates())

    def pull(self, handle: Any) -> Any:
        """deserialize_value on the reference string."""
        return self.backend.deserialize_value(xcom_result(handle))

    def finish(self) -> None:
        """Go back to the original working directory and remove the temporary one."""
        os.chdir(self.cwd)
        self.workdir.cleanup()


CONTENDERS: dict[str, type[Contender]] = {
    c.key: c
    for c in (
        RawTransfer,
        RawDurable,
        *(in_loop(f) for f in FORMATS.values()),
        XComKit,
        XComKitWithRow,
        CommonIo,
        SeedCsv,
        MetadataDb,
    )
}


def runs_on(key: str, store: str, kind: str) -> bool:
    """Tell whether a contender has a row for this store and payload kind."""
    contender = CONTENDERS[key]
    return store in contender.stores and kind in contender.kinds
