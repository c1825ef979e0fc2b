"""`bytes` values stored as they are: no base64, no JSON wrapper, no copy."""

from __future__ import annotations

from typing import Any

from xcomkit.codecs.base import Encoded


class BytesCodec:
    """Exactly `bytes` (a bytearray or memoryview would come back as bytes, so it goes through JSON)."""

    name = "bytes"
    extension = "bin"
    compressible = True

    def accepts(self, value: Any) -> bool:
        """Accept exactly `bytes`."""
        return type(value) is bytes

    def encode(self, value: bytes) -> Encoded:
        """Pass the bytes through."""
        return Encoded(value)

    def decode(self, data: bytes) -> bytes:
        """Return the stored bytes."""
        return bytes(data)
