"""Checksums as `<algorithm>:<value>` strings: what a reference records and a store checks on read.

A store that computes a checksum on the wire and keeps it with the object (S3 flexible checksums,
GCS CRC32C, Azure Content-MD5) returns that one from `put`, so nothing hashes the value twice; any
other store computes SHA-256 here. On read the store compares the object's checksum with the one the
reference recorded: a replaced, truncated or corrupted object fails, whoever computed the checksum.
"""

from __future__ import annotations

import hashlib

from xcomkit.errors import IntegrityError, InvalidReferenceError

OWN = "sha256"


def own(data: bytes) -> str:
    """Return the checksum this kit computes itself (SHA-256, hex)."""
    return f"{OWN}:{hashlib.sha256(data).hexdigest()}"


def split(checksum: str) -> tuple[str, str]:
    """Split `<algorithm>:<value>`; refuse anything else."""
    algorithm, sep, value = checksum.partition(":")
    if not sep or not algorithm or not value:
        raise InvalidReferenceError(
            f"malformed checksum {checksum!r} in an XCom reference",
            "expected <algorithm>:<value>; the reference was edited or written by another tool",
        )
    return algorithm, value


def verify_own(data: bytes, checksum: str, where: str) -> None:
    """Check bytes against a checksum this kit computed (SHA-256)."""
    algorithm, expected = split(checksum)
    if algorithm != OWN:
        raise InvalidReferenceError(
            f"{where}: checksum algorithm {algorithm!r} cannot be checked by this store",
            "upgrade xcomkit on this worker, or point [xcomkit] path back at the store that wrote it",
        )
    got = hashlib.sha256(data).hexdigest()
    if got != expected:
        raise mismatch(where, checksum, f"{OWN}:{got}")


def mismatch(where: str, expected: str, got: str) -> IntegrityError:
    """Return the error for an object whose checksum is not the recorded one."""
    return IntegrityError(
        f"object {where} fails its checksum (expected {_short(expected)}, got {_short(got)}): it was "
        "corrupted, truncated or replaced after it was written",
        resource=where,
    )


def _short(checksum: str) -> str:
    return checksum if len(checksum) <= 28 else checksum[:27] + "…"
