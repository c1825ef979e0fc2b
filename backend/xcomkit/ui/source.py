"""The object behind one reference, read with as few bytes as a preview needs.

Small or compressed objects are read whole and checked exactly as a pull in a task checks them
(`xcomkit.backend.read_checked`: size and checksum), so a missing, truncated or replaced object
fails with the backend's own error. Large uncompressed objects are read by ranges: their size is
checked first (one byte at the recorded end, nothing after it), and a preview that cannot parse
what it read falls back to the checked whole read, which names what is wrong with the object.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from xcomkit.backend import missing, read_checked
from xcomkit.compression import decompress
from xcomkit.errors import ObjectMissingError

if TYPE_CHECKING:
    from xcomkit.reference import Reference
    from xcomkit.stores.base import Store

# Up to this size an object is read whole and its checksum verified; above it, ranges.
WHOLE_LIMIT = 1024 * 1024
# The smallest range request: small reads (headers, footers) are served from one read-ahead.
READ_AHEAD = 16 * 1024
# The recorded end of the object, read to check its size: the last bytes hold a format's magic.
TAIL = 8


@dataclass
class ReadStats:
    """What a preview cost: bytes fetched from the store and requests made."""

    bytes: int = 0
    requests: int = 0


@dataclass
class ObjectSource:
    """One referenced object, read through `store` (the preview connection's)."""

    ref: Reference
    store: Store
    stats: ReadStats = field(default_factory=ReadStats)
    _whole: bytes | None = field(default=None, repr=False)
    _tail: bytes | None = field(default=None, repr=False)

    @property
    def by_ranges(self) -> bool:
        """Tell whether this object is read by ranges (large and stored uncompressed)."""
        return self.ref.compression == "none" and self.ref.size > WHOLE_LIMIT

    def whole(self) -> bytes:
        """Return the whole value's bytes, checked as the backend checks them, then decompressed."""
        if self._whole is None:
            data = read_checked(self.ref, self.store)
            self.stats.bytes += len(data)
            self.stats.requests += 1
            self._whole = decompress(data, self.ref.compression)
        return self._whole

    def open(self) -> io.RawIOBase | io.BytesIO:
        """Return a seekable file over the value: ranges for large objects, else the checked bytes."""
        if not self.by_ranges:
            return io.BytesIO(self.whole())
        self.check_size()
        return RangeFile(self)

    def head(self, length: int) -> bytes:
        """Return the first `length` bytes of the value (one small range, or the checked bytes)."""
        if not self.by_ranges:
            return self.whole()[:length]
        self.check_size()
        return self.get_range(0, length)

    def get_range(self, start: int, length: int) -> bytes:
        """Read part of the object, counting it; a missing object fails as in a pull."""
        try:
            data = self.store.get_range(self.ref.key, start, length)
        except ObjectMissingError as err:
            raise missing(self.ref) from err
        self.stats.bytes += len(data)
        self.stats.requests += 1
        return data

    def tail(self) -> bytes:
        """Return the last TAIL bytes of the value (where Parquet keeps its magic)."""
        if not self.by_ranges:
            return self.whole()[-TAIL:]
        self.check_size()
        return self._tail or b""

    def check_size(self) -> None:
        """Refuse an object whose size is not the recorded one, with the backend's error.

        One request for the last bytes and one past the recorded end: fewer bytes, or any byte after
        it, and the checked whole read raises the backend's error naming the object's real size.
        """
        if self._tail is not None:
            return
        end = self.get_range(self.ref.size - TAIL, TAIL + 1)
        if len(end) != TAIL:
            self.whole()
        self._tail = end


class RangeFile(io.RawIOBase):
    """A read-only, seekable file over an object, each read one range request (with read-ahead)."""

    def __init__(self, source: ObjectSource) -> None:
        super().__init__()
        self.source = source
        self.size = source.ref.size
        self.pos = 0
        self._buf_start = 0
        self._buf = b""

    def readable(self) -> bool:
        """Say yes: the file is read-only."""
        return True

    def seekable(self) -> bool:
        """Say yes: every read is a range."""
        return True

    def tell(self) -> int:
        """Return the current offset."""
        return self.pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        """Move the offset (relative to the start, the current offset or the end)."""
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self.pos, io.SEEK_END: self.size}[whence]
        self.pos = max(0, base + offset)
        return self.pos

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        """Fill `buffer` from the read-ahead, or from one new range request."""
        wanted = min(len(buffer), max(0, self.size - self.pos))
        if wanted == 0:
            return 0
        offset = self.pos - self._buf_start
        if offset < 0 or offset + wanted > len(self._buf):
            self._buf_start = self.pos
            self._buf = self.source.get_range(self.pos, max(wanted, READ_AHEAD))
            offset = 0
        chunk = self._buf[offset : offset + wanted]
        buffer[: len(chunk)] = chunk
        self.pos += len(chunk)
        return len(chunk)
