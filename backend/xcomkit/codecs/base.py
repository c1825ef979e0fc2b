"""What a codec is: a name, a file extension, and a pair of functions between a value and bytes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable


@dataclass(frozen=True)
class Encoded:
    """A value's bytes plus what the reference should record about its shape (DataFrames)."""

    data: bytes
    rows: int | None = None
    columns: int | None = None


@runtime_checkable
class Codec(Protocol):
    """Encode values of some types to bytes and decode them back exactly.

    `compressible` is False for formats that compress inside the file (Parquet), so the backend's
    `compression` setting does not wrap them a second time.
    """

    name: str
    extension: str
    compressible: bool

    def accepts(self, value: Any) -> bool:
        """Tell whether this codec stores values like `value`."""
        ...

    def encode(self, value: Any) -> Encoded:
        """Turn the value into bytes."""
        ...

    def decode(self, data: bytes) -> Any:
        """Turn bytes written by `encode` back into an equal value."""
        ...
