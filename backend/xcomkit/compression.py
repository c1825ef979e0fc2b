"""Optional compression of an encoded object: gzip (stdlib) or zstd (pyarrow's bundled codec).

Both produce standard streams (`gunzip`, `zstd -d` open the object).
"""

from __future__ import annotations

import gzip
from typing import TYPE_CHECKING

from xcomkit.errors import InvalidReferenceError, MissingExtraError

if TYPE_CHECKING:
    from types import ModuleType

SUFFIXES = {"none": "", "gzip": ".gz", "zstd": ".zst"}


def _pyarrow() -> ModuleType:
    try:
        import pyarrow as pa  # noqa: PLC0415 - optional dependency
    except ImportError as err:
        raise MissingExtraError(
            f"[xcomkit] compression = zstd needs pyarrow, which is not installed ({err})",
            "pip install 'xcomkit[pandas]', or set AIRFLOW__XCOMKIT__COMPRESSION to gzip or none",
        ) from err
    return pa


def compress(data: bytes, algorithm: str) -> bytes:
    """Compress with the named algorithm ("none" passes the data through)."""
    if algorithm == "gzip":
        return gzip.compress(data, compresslevel=6)
    if algorithm == "zstd":
        pa = _pyarrow()
        sink = pa.BufferOutputStream()
        with pa.CompressedOutputStream(sink, "zstd") as stream:
            stream.write(data)
        return sink.getvalue().to_pybytes()
    return data


def decompress(data: bytes, algorithm: str) -> bytes:
    """Undo `compress`; an algorithm this version does not know is refused, never guessed."""
    if algorithm not in SUFFIXES:
        raise InvalidReferenceError(
            f"XCom reference names compression {algorithm!r}, which this xcomkit does not know "
            f"({', '.join(SUFFIXES)})",
            "upgrade xcomkit on this worker to the release that wrote it",
        )
    if algorithm == "gzip":
        return gzip.decompress(data)
    if algorithm == "zstd":
        pa = _pyarrow()
        with pa.CompressedInputStream(pa.BufferReader(data), "zstd") as stream:
            return stream.read()
    return data
