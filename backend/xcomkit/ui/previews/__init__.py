"""Previews by codec name: the reference's `codec` picks how its object is shown.

A registry, as codecs and stores have one: adding a codec's preview is one line here (a dotted path
to a `Previewer`), imported lazily so the API server loads pyarrow or numpy only when it shows one.
A codec without an entry is shown as bytes (its size and first bytes).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from xcomkit.ui.previews.base import Preview, Previewer
    from xcomkit.ui.source import ObjectSource

TABLE = "xcomkit.ui.previews.table:preview"
REGISTRY: dict[str, str] = {
    "json": "xcomkit.ui.previews.json:preview",
    "parquet": TABLE,
    "series": TABLE,
    "arrow": TABLE,
    "polars": TABLE,
    "csv": "xcomkit.ui.previews.text:preview",
    "numpy": "xcomkit.ui.previews.ndarray:preview",
    "bytes": "xcomkit.ui.previews.binary:preview",
}
FALLBACK = "bytes"


def previewer_for(codec: str) -> Previewer:
    """Return the previewer registered for a codec name (bytes for one without an entry)."""
    module, _, attr = REGISTRY.get(codec, REGISTRY[FALLBACK]).partition(":")
    return getattr(import_module(module), attr)


def preview(source: ObjectSource) -> Preview:
    """Build the preview of one referenced object with its codec's previewer."""
    shown = previewer_for(source.ref.codec)(source)
    if source.ref.codec not in REGISTRY:
        shown.note = f"no preview for codec {source.ref.codec!r}: its first bytes" + (
            f"; {shown.note}" if shown.note else ""
        )
    return shown
