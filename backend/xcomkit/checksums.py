"""Checksums as `<algorithm>:<value>` strings: what a reference records and a store checks on read.

A store that computes a checksum on the wire and keeps it with the object returns that one from
`put` (S3 flexible checksums: SHA-256; GCS: CRC32C), so nothing hashes the value twice, and the
reference says which algorithm it carries. Where the service keeps none the store computes one here
(`compute`): CRC32C for the local filesystem, SHA-256 elsewhere. On read the store compares the
object's checksum, the service's or one computed here, with the recorded one: a replaced, truncated
or corrupted object fails, whoever computed the checksum.

Values are written as the services send them: SHA-256 as hex (xcomkit 0.1's form, which every
reference of format 1 and 2 holds), CRC32C as the base64 of the big-endian digest.
"""

from __future__ import annotations

import base64
import hashlib
from typing import TYPE_CHECKING

from xcomkit.errors import IntegrityError, InvalidReferenceError

if TYPE_CHECKING:
    from collections.abc import Callable

OWN = "sha256"


def _b64(digest: bytes) -> str:
    return base64.b64encode(digest).decode()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _crc32c(data: bytes) -> str:
    import google_crc32c  # noqa: PLC0415 - a C extension, loaded by the stores that use it

    return _b64(google_crc32c.value(data).to_bytes(4, "big"))


# algorithm -> bytes → value, for every algorithm a reference may carry
ALGORITHMS: dict[str, Callable[[bytes], str]] = {"sha256": _sha256, "crc32c": _crc32c}


def compute(algorithm: str, data: bytes) -> str:
    """Return `<algorithm>:<value>` of the bytes, computed here."""
    return f"{algorithm}:{ALGORITHMS[algorithm](data)}"


def own(data: bytes) -> str:
    """Return the checksum this kit computes where a store has none of its own (SHA-256, hex)."""
    return compute(OWN, data)


def sha256_from_base64(value: str) -> str:
    """Turn a base64 SHA-256 (as S3 sends it) into the hex form references carry."""
    return f"sha256:{base64.b64decode(value).hex()}"


def split(checksum: str) -> tuple[str, str]:
    """Split `<algorithm>:<value>`; refuse anything else."""
    algorithm, sep, value = checksum.partition(":")
    if not sep or not algorithm or not value:
        raise InvalidReferenceError(
            f"malformed checksum {checksum!r} in an XCom reference",
            "expected <algorithm>:<value>; the reference was edited or written by another tool",
        )
    return algorithm, value


def verify(data: bytes, checksum: str, where: str) -> None:
    """Check bytes against a recorded checksum by computing it here, whichever algorithm it names."""
    algorithm, _ = split(checksum)
    if algorithm not in ALGORITHMS:
        raise InvalidReferenceError(
            f"{where}: checksum algorithm {algorithm!r} cannot be checked by this xcomkit",
            "upgrade xcomkit on this worker, or point [xcomkit] path back at the store that wrote it",
        )
    got = compute(algorithm, data)
    if got != checksum:
        raise mismatch(where, checksum, got)


def mismatch(where: str, expected: str, got: str) -> IntegrityError:
    """Return the error for an object whose checksum is not the recorded one."""
    return IntegrityError(
        f"object {where} fails its checksum (expected {_short(expected)}, got {_short(got)}): it was "
        "corrupted, truncated or replaced after it was written",
        resource=where,
    )


def _short(checksum: str) -> str:
    return checksum if len(checksum) <= 28 else checksum[:27] + "…"
