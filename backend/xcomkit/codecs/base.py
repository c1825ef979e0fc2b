"""What a codec is: a name, a file extension, and a pair of functions between a value and bytes."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import Any, Protocol

from xcomkit.errors import MissingExtraError


@dataclass(frozen=True)
class Encoded:
    """A value's bytes plus what the reference records about it.

    `type` is the value's qualified type name, `shape` its dimensions (rows × columns for frames),
    `writer` the library and version that wrote the bytes (`pyarrow 21.0.0`), so a person (and the UI)
    can tell what an object holds without opening it. `inline` is the JSON-able form of the value
    when the codec has it at no extra cost (JSON), so a small value can stay in the metadata database
    without being encoded twice.
    """

    data: bytes
    type: str | None = None
    shape: tuple[int, ...] | None = None
    writer: str | None = None
    inline: Any = None

    @property
    def rows(self) -> int | None:
        """The first dimension (rows of a frame or table), if the value has a shape."""
        return self.shape[0] if self.shape else None

    @property
    def columns(self) -> int | None:
        """The second dimension (columns of a frame or table), for two-dimensional values."""
        return self.shape[1] if self.shape and len(self.shape) == 2 else None


class Codec(Protocol):
    """Encode values of some types to bytes and decode them back exactly.

    `compressible` is False for formats that compress inside the file (Parquet, Arrow IPC with zstd),
    so the backend's `compression` setting does not wrap them a second time.
    """

    name: str
    extension: str
    compressible: bool

    def accepts(self, value: Any) -> bool:
        """Tell whether this codec stores values like `value` (without importing heavy libraries)."""
        ...

    def encode(self, value: Any) -> Encoded:
        """Turn the value into bytes; raise UnsupportedTypeError for a value it refuses, saying why."""
        ...

    def decode(self, data: bytes) -> Any:
        """Turn bytes written by `encode` back into an equal value of the same type."""
        ...


_PUBLIC_MODULES = frozenset({"pandas", "polars", "pyarrow", "numpy"})


def qualified_name(value: Any) -> str:
    """`module.Type` of a value, with the public module for the data libraries (`pandas.DataFrame`)."""
    cls = type(value)
    top = cls.__module__.partition(".")[0]
    return f"{top if top in _PUBLIC_MODULES else cls.__module__}.{cls.__qualname__}"


def library_version(name: str) -> str:
    """`<library> <version>` of an imported library, for the reference's `writer`."""
    import sys  # noqa: PLC0415

    module = sys.modules.get(name)
    return f"{name} {getattr(module, '__version__', '?')}"


def loaded(module: str) -> Any:
    """Return the module if this process imported it already, else None (no value of its types exists)."""
    import sys  # noqa: PLC0415

    return sys.modules.get(module)


def import_extra(module: str, purpose: str, extra: str) -> Any:
    """Import a codec's library, or raise MissingExtraError naming the extra that installs it.

    Called inside `encode`/`decode` only: a worker that never meets the type never imports it, and
    one that reads an object written elsewhere learns the `pip install` line instead of a traceback.
    """
    try:
        return import_module(module)
    except ImportError as err:
        raise MissingExtraError(
            f"{purpose} needs {module.partition('.')[0]}, which is not installed ({err})",
            f"pip install 'xcomkit[{extra}]'",
        ) from err
