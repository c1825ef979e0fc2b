"""What a preview is: a kind (which template shows it), facts about the value, and a bounded body."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from xcomkit.ui.source import ObjectSource

# Pretty-printed JSON and text are cut here; the note says how large the whole is.
TEXT_LIMIT = 64 * 1024


@dataclass
class Preview:
    """A bounded view of one value; `kind` picks the template (`templates/kinds/<kind>.html`)."""

    kind: str
    facts: dict[str, str] = field(default_factory=dict)
    text: str | None = None
    schema: list[tuple[str, str]] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    note: str | None = None


class Previewer(Protocol):
    """Build the preview of one object from its source (ranges or checked whole bytes)."""

    def __call__(self, source: ObjectSource) -> Preview:
        """Return the preview; raise the kit's errors for an object that cannot be read."""
        ...


def human_size(size: int) -> str:
    """Return a size in bytes as people read it (`1.9 MiB`), with the exact count for small ones."""
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{size:,} B" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size:,} B"


def cut_text(text: str, what: str) -> tuple[str, str | None]:
    """Cut text at TEXT_LIMIT bytes (UTF-8) and say so, with the size of the whole."""
    data = text.encode()
    if len(data) <= TEXT_LIMIT:
        return text, None
    shown = data[:TEXT_LIMIT].decode(errors="ignore")
    return shown, f"cut at {human_size(TEXT_LIMIT)}: the {what} is {human_size(len(data))}"
