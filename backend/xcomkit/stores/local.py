"""The local filesystem store (`file:///<dir>`): the embedded default for laptops and tests.

Writes go to a temporary file in the target directory, are flushed to disk, then renamed over the
key, so a reader never sees a partial object and a crash leaves no half-written value at the key.
"""

from __future__ import annotations

import os
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from xcomkit.errors import InvalidReferenceError, ObjectMissingError
from xcomkit.stores.base import ObjectInfo

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from xcomkit.location import Location

_TEMP_PREFIX = ".xcomkit-tmp-"


class LocalStore:
    """Objects as files under `/<prefix>`; a key is the file's path without its leading slash."""

    def __init__(self, location: Location) -> None:
        self.location = location
        self.root = Path("/", location.prefix)

    def _path(self, key: str) -> Path:
        path = Path("/", key)
        root = self.root.resolve()
        if not path.parent.resolve().is_relative_to(root):
            raise InvalidReferenceError(f"key {key!r} resolves outside the store directory {root}")
        return path

    def put(self, key: str, data: bytes) -> None:
        """Write atomically: temp file in the same directory, fsync, rename."""
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=_TEMP_PREFIX, dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            Path(tmp).replace(path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def get(self, key: str) -> bytes:
        """Read the whole file."""
        path = self._path(key)
        try:
            return path.read_bytes()
        except FileNotFoundError as err:
            raise ObjectMissingError(f"no object at {path} (store {self.location})") from err

    def delete(self, key: str) -> None:
        """Remove the file if it exists."""
        self._path(key).unlink(missing_ok=True)

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
                stat = path.stat()
                yield ObjectInfo(key, stat.st_size, datetime.fromtimestamp(stat.st_mtime, tz=timezone.utc))
