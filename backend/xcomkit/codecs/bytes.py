"""`bytes`, `bytearray` and `memoryview` values stored as they are: no base64, no JSON wrapper.

They all come back as `bytes` (the object holds only the bytes; a bytearray's mutability or a
memoryview's buffer cannot be stored). A memoryview of any layout is stored as `bytes(view)`, its
bytes in C order, as `view.tobytes()` gives them.
"""

from __future__ import annotations

from typing import Any

from xcomkit.codecs.base import Encoded


class BytesCodec:
    """Binary values ↔ the object's bytes."""

    name = "bytes"
    extension = "bin"
    compressible = True

    def accepts(self, value: Any) -> bool:
        """Accept bytes, bytearray and memoryview."""
        return isinstance(value, (bytes, bytearray, memoryview))

    def encode(self, value: bytes | bytearray | memoryview) -> Encoded:
        """Pass bytes through (no copy); copy a bytearray or memoryview once."""
        data = value if type(value) is bytes else bytes(value)
        return Encoded(data, type=f"builtins.{type(value).__name__}", shape=(len(data),))

    def decode(self, data: bytes) -> bytes:
        """Return the stored bytes."""
        return bytes(data)
