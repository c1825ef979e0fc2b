"""Text objects (CSV frames): the first 64 KiB as they are stored."""

from __future__ import annotations

from typing import TYPE_CHECKING

from xcomkit.ui.previews.base import Preview, cut_text, human_size

if TYPE_CHECKING:
    from xcomkit.ui.source import ObjectSource


def preview(source: ObjectSource) -> Preview:
    """Read the object (checked) and show its beginning as text."""
    data = source.whole()
    text, note = cut_text(data.decode(errors="replace"), "text")
    facts = {"type": source.ref.type or "text", "size": human_size(len(data))}
    if source.ref.shape:
        facts["shape"] = " × ".join(str(n) for n in source.ref.shape)
    return Preview("text", facts, text=text, note=note)
