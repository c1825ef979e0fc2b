"""JSON values: pretty-printed as stored (Airflow's serde form), cut at 64 KiB with the full size.

The stored JSON is shown rather than the decoded value: decoding serde's classes would import user
types (dataclasses of DAG modules) into the API server, which may not have them.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from xcomkit.ui.previews.base import Preview, cut_text, human_size

if TYPE_CHECKING:
    from xcomkit.ui.source import ObjectSource


def render_json(value: Any) -> Preview:
    """Pretty-print a JSON value (stored or inline), cut at the text limit."""
    text, note = cut_text(json.dumps(value, indent=2, ensure_ascii=False, default=str), "pretty-printed JSON")
    return Preview("json", {"type": type(value).__name__}, text=text, note=note)


def preview(source: ObjectSource) -> Preview:
    """Read the whole JSON object (checked), then pretty-print it."""
    data = source.whole()
    shown = render_json(json.loads(data))
    shown.facts = {"type": source.ref.type or "JSON", "JSON size": human_size(len(data))}
    return shown
