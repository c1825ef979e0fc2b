"""Bytes: the size and the first 256 bytes as hex (a range read for a large object)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from xcomkit.ui.previews.base import Preview, human_size

if TYPE_CHECKING:
    from xcomkit.ui.source import ObjectSource

HEAD = 256


def hex_dump(data: bytes) -> str:
    """Format bytes as offset, 16 hex bytes and their printable ASCII, one line each."""
    lines = []
    for offset in range(0, len(data), 16):
        row = data[offset : offset + 16]
        ascii_ = "".join(chr(b) if 32 <= b < 127 else "." for b in row)
        lines.append(f"{offset:08x}  {row.hex(' '):<47}  {ascii_}")
    return "\n".join(lines)


def preview(source: ObjectSource) -> Preview:
    """Show the value's size and its first bytes."""
    size = source.ref.size if source.by_ranges else len(source.whole())
    head = source.open().read(HEAD)
    note = f"the first {HEAD} of {size:,} bytes" if size > HEAD else None
    facts = {"type": source.ref.type or "bytes", "size": human_size(size)}
    return Preview("bytes", facts, hex_dump(head), note=note)
