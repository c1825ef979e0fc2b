"""Deterministic object keys: `<prefix>/<dag_id>/<run_id>/<task_id>/<map_index>/<key>.<ext>`.

The same task instance and XCom key always map to the same object, so a retry overwrites instead of
orphaning. Each segment is percent-encoded (run ids carry `:` and `+`; user keys may carry `/`,
spaces and unicode), and `.`/`..` never appear as a segment.
"""

from __future__ import annotations

import hashlib
from urllib.parse import quote

from xcomkit.errors import ConfigError

# S3 and GCS cap a key at 1,024 bytes of UTF-8, Azure a blob name at 1,024 characters.
MAX_KEY_BYTES = 1024
_HASH_CHARS = 16


def encode_segment(segment: str) -> str:
    """Percent-encode one path segment so it can hold no `/` and never reads as `.` or `..`."""
    encoded = quote(segment, safe="-_~.") or "%00"
    if set(encoded) == {"."}:
        return encoded.replace(".", "%2E")
    return encoded


def object_key(
    prefix: str, *, dag_id: str, run_id: str, task_id: str, map_index: int, key: str, suffix: str
) -> str:
    """Build the object key for one XCom; shorten the longest segments with a hash past 1,024 bytes."""
    segments = [encode_segment(s) for s in (dag_id, run_id, task_id, str(map_index))]
    leaf = encode_segment(key)
    full = "/".join([prefix, *segments, leaf]) + suffix
    if len(full.encode()) <= MAX_KEY_BYTES:
        return full
    # Too long (dag, task and key ids can each be 250+ chars): keep readable heads, add a digest of the
    # whole so two long ids that share a head never collide.
    digest = hashlib.sha256("\0".join([dag_id, run_id, task_id, str(map_index), key]).encode()).hexdigest()
    budget = (MAX_KEY_BYTES - len(prefix.encode()) - len(suffix.encode()) - 5 - _HASH_CHARS - 1) // 5
    if budget < 8:
        raise ConfigError(
            f"prefix {prefix!r} is too long to leave room for object keys (1,024 bytes at most)",
            "shorten the prefix in [xcomkit] path",
        )
    heads = [_head(s, budget) for s in [*segments, leaf]]
    heads[-1] = f"{heads[-1]}~{digest[:_HASH_CHARS]}"
    return "/".join([prefix, *heads]) + suffix


def _head(encoded: str, budget: int) -> str:
    """Cut an encoded segment to `budget` bytes without splitting a %XX escape."""
    if len(encoded) <= budget:
        return encoded
    cut = encoded[:budget]
    pct = cut.rfind("%", max(0, budget - 2))
    return cut[:pct] if pct != -1 else cut
