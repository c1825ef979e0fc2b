"""The contenders: each pushes and pulls one value the way its backend class is called by a task.

A push is `serialize_value(value, key=, dag_id=, run_id=, task_id=, map_index=)`, a pull is
`deserialize_value(result)` with `result.value` = what the push returned, exactly as the Task SDK calls
an XCom backend. Where the database is the store (the default backend, and values the kit keeps
inline), the row is written and read through Airflow's own `XComModel` in PostgreSQL. The hop from the
task to the API server (msgpack, HTTP) is left out for every contender.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

DAG_ID = "bench"
RUN_ID = "bench_run"
XCOM_KEY = "return_value"
CONN_ID = "bench_s3"
SEED_CONN_ID = "s3_xcom_backend_conn"  # the seed's class constants, kept as published
SEED_BUCKET = "s3-xcom-backend-example"
INLINE_THRESHOLD = 64 * 1024


@dataclass(frozen=True)
class Context:
    """Where the servers are, as handed to a case process."""

    s3_url: str
    access_key: str
    secret_key: str
    region: str
    bucket: str
    db_url: str


def xcom_result(value: Any) -> Any:
    """What the Task SDK hands `deserialize_value`: an XComResult whose `.value` is the stored value."""
    from airflow.sdk.execution_time.comms import XComResult

    return XComResult(key=XCOM_KEY, value=value)


class Contender:
    """Base: push/pull one payload; `bucket` and `prefix` say where its objects land."""

    key: ClassVar[str]
    label: ClassVar[str]

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.bucket = ctx.bucket
        self.task_id = ""

    def prepare(self, task_id: str, value: Any) -> None:
        """Per-payload setup, outside the timing (XCom coordinates; encoded bytes for the raw limit)."""
        self.task_id = task_id

    def prefix(self) -> str:
        """Key prefix of the objects this contender writes for the current payload."""
        raise NotImplementedError

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


class RawBoto3(Contender):
    """The limit: put_object/get_object of bytes already encoded by the kit's codec (encoding untimed)."""

    key = "boto3"
    label = "raw boto3 put/get (limit)"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        import boto3

        self.client = boto3.client(
            "s3",
            endpoint_url=ctx.s3_url,
            aws_access_key_id=ctx.access_key,
            aws_secret_access_key=ctx.secret_key,
            region_name=ctx.region,
        )
        self.data = b""

    def prepare(self, task_id: str, value: Any) -> None:
        """Encode once with the codec the kit would pick."""
        super().prepare(task_id, value)
        self.data = self.codec(value).encode(value).data

    def codec(self, value: Any) -> Any:
        """The kit's codec for this value (bytes, Parquet or serde JSON)."""
        from xcomkit.codecs.registry import codec_for

        return codec_for(value, "parquet")

    def prefix(self) -> str:
        """Objects under raw/<task>/."""
        return f"{self.key}/{self.task_id}/"

    def push(self, value: Any) -> Any:
        """One PutObject of the pre-encoded bytes."""
        key = self.prefix() + "value"
        self.client.put_object(Bucket=self.bucket, Key=key, Body=self.data)
        return key

    def pull(self, handle: Any) -> Any:
        """One GetObject, read whole."""
        return self.client.get_object(Bucket=self.bucket, Key=handle)["Body"].read()

    def expected(self, value: Any) -> Any:
        """The encoded bytes."""
        return self.data


class RawCodec(RawBoto3):
    """The physical limit for the format: the kit's codec plus put/get, in the loop, nothing else."""

    key = "boto3-codec"
    label = "raw + codec in loop"

    def push(self, value: Any) -> Any:
        """Encode, then one PutObject."""
        key = self.prefix() + "value"
        self.client.put_object(Bucket=self.bucket, Key=key, Body=self.codec(value).encode(value).data)
        return key

    def pull(self, handle: Any) -> Any:
        """One GetObject, then decode."""
        data = self.client.get_object(Bucket=self.bucket, Key=handle)["Body"].read()
        return self.decoder.decode(data)

    def prepare(self, task_id: str, value: Any) -> None:
        """Pick the codec once (the registry lookup is the kit's, not the format's)."""
        Contender.prepare(self, task_id, value)
        self.decoder = self.codec(value)

    def expected(self, value: Any) -> Any:
        """The value itself."""
        return value


class XComKit(Contender):
    """This kit, threshold 0: every value goes to the object store."""

    key = "xcomkit"
    label = "xcomkit"
    threshold = 0

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        from xcomkit.backend import ObjectStorageXComBackend
        from xcomkit.config import get_settings
        from xcomkit.stores import open_store

        os.environ["AIRFLOW__XCOMKIT__PATH"] = f"s3://{CONN_ID}@{ctx.bucket}/{self.key}"
        os.environ["AIRFLOW__XCOMKIT__THRESHOLD"] = str(self.threshold)
        get_settings.cache_clear()
        open_store.cache_clear()
        self.backend = ObjectStorageXComBackend

    def prefix(self) -> str:
        """Objects under <contender>/<dag>/<run>/<task>/."""
        return f"{self.key}/{DAG_ID}/{RUN_ID}/{self.task_id}/"

    def push(self, value: Any) -> Any:
        """serialize_value as the Task SDK calls it."""
        return self.backend.serialize_value(value, **self.coordinates())

    def pull(self, handle: Any) -> Any:
        """deserialize_value on the stored reference."""
        return self.backend.deserialize_value(xcom_result(handle))


class XComKitWithRow(XComKit):
    """This kit with a threshold, including the database row Airflow writes for what it returns."""

    key = "xcomkit-db"
    label = "xcomkit + DB row (threshold 64 KiB)"
    threshold = INLINE_THRESHOLD

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        from rows import MetadataRows

        self.rows = MetadataRows()

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
    label = "default backend (metadata DB)"

    def __init__(self, ctx: Context) -> None:
        Contender.__init__(self, ctx)
        from airflow.sdk.bases.xcom import BaseXCom

        self.backend = BaseXCom  # type: ignore[assignment]
        from rows import MetadataRows

        self.rows = MetadataRows()

    def prefix(self) -> str:
        """No objects: everything is in the database."""
        return f"{self.key}/none/"


class CommonIo(Contender):
    """Airflow's common-io XComObjectStorageBackend, threshold 0, through ObjectStoragePath and s3fs."""

    key = "common-io"
    label = "common-io 1.11 (threshold 0)"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        os.environ["AIRFLOW__COMMON_IO__XCOM_OBJECTSTORAGE_PATH"] = f"s3://{CONN_ID}@{ctx.bucket}/{self.key}"
        os.environ["AIRFLOW__COMMON_IO__XCOM_OBJECTSTORAGE_THRESHOLD"] = "0"
        from airflow.providers.common.io.xcom.backend import XComObjectStorageBackend

        self.backend = XComObjectStorageBackend

    def prefix(self) -> str:
        """Objects under common-io/<dag>/<run>/<task>/ (one UUID key per push)."""
        return f"{self.key}/{DAG_ID}/{RUN_ID}/{self.task_id}/"

    def push(self, value: Any) -> Any:
        """serialize_value as the Task SDK calls it."""
        return self.backend.serialize_value(value, **self.coordinates())

    def pull(self, handle: Any) -> Any:
        """deserialize_value on the stored path."""
        return self.backend.deserialize_value(xcom_result(handle))


class SeedCsv(Contender):
    """The seed tutorial's pandas/CSV backend as published, run in a temporary working directory."""

    key = "seed"
    label = "seed CSV backend"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        from seed_backend import CustomXComBackendPandas

        self.backend = CustomXComBackendPandas
        self.bucket = SEED_BUCKET
        self.cwd = Path.cwd()
        self.workdir = tempfile.TemporaryDirectory(prefix="xcomkit-bench-seed-")
        os.chdir(self.workdir.name)  # it writes its temp files into the working directory

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
    c.key: c for c in (RawBoto3, RawCodec, XComKit, XComKitWithRow, CommonIo, SeedCsv, MetadataDb)
}
