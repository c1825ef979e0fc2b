"""The local filesystem store (`file:///<dir>`): the embedded default for laptops and tests.

Writes go to a temporary file in the target directory, are flushed to disk, then renamed over the
key, so a reader never sees a partial object and a crash leaves no half-written value at the key.
A filesystem keeps no checksum of its own, so this store computes CRC32C (`xcomkit.checksums`; in C,
with the CPU's instruction where it has one): it catches a corrupted, truncated or replaced file at
a fraction of SHA-256's cost. References written with SHA-256 (xcomkit 0.1) are checked with it.
"""

from __future__ import annotations

import errno
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from xcomkit import checksums
from xcomkit.errors import (
    AccessDeniedError,
    InvalidReferenceError,
    ObjectMissingError,
    StoreUnavailableError,
    XComKitError,
)
from xcomkit.stores.base import ObjectInfo

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from xcomkit.location import Location

_TEMP_PREFIX = ".xcomkit-tmp-"
CHECKSUM = "crc32c"
_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EROFS}


class LocalStore:
    """Objects as files under `/<prefix>`; a key is the file's path without its leading slash."""

    def __init__(self, location: Location) -> None:
        self.location = location
        self.bucket = ""
        self.root = Path("/", location.prefix)

    def _path(self, key: str) -> Path:
        path = Path("/", key)
        root = self.root.resolve()
        if not path.parent.resolve().is_relative_to(root):
            raise InvalidReferenceError(
                f"key {key!r} resolves outside the store directory {root}",
                "xcomkit only reads and writes under [xcomkit] path",
                resource=str(path),
            )
        return path

    def put(self, key: str, data: bytes) -> str:
        """Write atomically: temp file in the same directory, fsync, rename."""
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=_TEMP_PREFIX, dir=path.parent)
        except OSError as err:
            raise self.translate_error(err, "put", key) from err
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            Path(tmp).replace(path)
        except BaseException as err:
            Path(tmp).unlink(missing_ok=True)
            if isinstance(err, OSError):
                raise self.translate_error(err, "put", key) from err
            raise
        return checksums.compute(CHECKSUM, data)

    def get(self, key: str, checksum: str | None = None) -> bytes:
        """Read the whole file; check it against `checksum` when given."""
        path = self._path(key)
        try:
            data = path.read_bytes()
        except OSError as err:
            raise self.translate_error(err, "get", key) from err
        if checksum is not None:
            checksums.verify(data, checksum, str(path))
        return data

    def get_range(self, key: str, start: int, length: int) -> bytes:
        """Read part of the file."""
        path = self._path(key)
        try:
            with path.open("rb") as handle:
                handle.seek(start)
                return handle.read(length)
        except OSError as err:
            raise self.translate_error(err, "get", key) from err

    def delete(self, key: str) -> None:
        """Remove the file if it exists."""
        try:
            self._path(key).unlink(missing_ok=True)
        except OSError as err:
            raise self.translate_error(err, "delete", key) from err

    def delete_many(self, keys: Iterable[str]) -> int:
        """Remove each file."""
        count = 0
        for key in keys:
            self.delete(key)
            count += 1
        return count

    def list(self, prefix: str) -> Iterator[ObjectInfo]:
        """Walk the directory below `prefix`, skipping in-flight temp files."""
        base = Path("/", prefix)
        # "a/b" also matches "a/bc/…", as S3/GCS/Azure prefixes do: walk from the parent unless "a/b/".
        start = base if prefix.endswith("/") else base.parent
        for dirpath, _dirs, files in os.walk(start):
            for name in files:
                path = Path(dirpath, name)
                key = str(path)[1:]
                if name.startswith(_TEMP_PREFIX) or not key.startswith(prefix):
                    continue
                try:
                    stat = path.stat()
                except FileNotFoundError:  # deleted between the walk and the stat
                    continue
                yield ObjectInfo(key, stat.st_size, datetime.fromtimestamp(stat.st_mtime, tz=UTC))

    def translate_error(self, err: Exception, operation: str, key: str) -> XComKitError:
        """Turn an OSError into the kit's error, naming the file and the fix."""
        where = f"/{key}"
        if isinstance(err, FileNotFoundError) and operation == "get":
            return ObjectMissingError(f"no object at {where} (store {self.location})", resource=where)
        if isinstance(err, PermissionError):
            return AccessDeniedError(
                f"the Airflow user may not {operation} {where}",
                f"give the user that runs the workers read and write access to {self.root}",
                action=operation,
                resource=where,
            )
        if isinstance(err, OSError) and err.errno in _FULL:
            return StoreUnavailableError(
                f"cannot {operation} {where}: {err.strerror}",
                f"free space on (or remount read-write) the filesystem holding {self.root}",
                action=operation,
                resource=where,
            )
        return StoreUnavailableError(
            f"cannot {operation} {where}: {err}",
            f"check the directory {self.root}",
            action=operation,
            resource=where,
        )
