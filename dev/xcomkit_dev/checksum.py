"""Recompute a reference's checksum from the bytes, independently of the store that recorded it.

Tests read an object straight from the server and check it against the reference with this, so a
store that recorded the wrong checksum (or none) is caught. S3 and GCS checksums are the base64 of
the big-endian digest, as the services send them; SHA-256 is hex, as xcomkit computes it.
"""

from __future__ import annotations

import base64
import hashlib
import zlib


def _b64(digest: bytes) -> str:
    return base64.b64encode(digest).decode()


def recompute(algorithm: str, data: bytes) -> str:
    """Return `<algorithm>:<value>` of `data`, computed here."""
    if algorithm == "sha256":
        return f"sha256:{hashlib.sha256(data).hexdigest()}"
    if algorithm == "md5":
        return f"md5:{_b64(hashlib.md5(data, usedforsecurity=False).digest())}"
    if algorithm == "crc32":
        return f"crc32:{_b64(zlib.crc32(data).to_bytes(4, 'big'))}"
    if algorithm == "crc32c":
        import google_crc32c  # noqa: PLC0415 - comes with the google extra

        return f"crc32c:{_b64(google_crc32c.value(data).to_bytes(4, 'big'))}"
    if algorithm == "crc64nvme":
        from awscrt import checksums  # noqa: PLC0415 - botocore's CRT extra

        return f"crc64nvme:{_b64(checksums.crc64nvme(data).to_bytes(8, 'big'))}"
    raise ValueError(f"no independent implementation of {algorithm!r} here")


def matches(data: bytes, checksum: str) -> bool:
    """Tell whether `data` has the recorded checksum."""
    return recompute(checksum.partition(":")[0], data) == checksum
