"""Which codec stores a value, and which decodes an object: by type on the way in, by name on the way out.

Built-in codecs are named here and imported lazily. A user adds one for a type without subclassing
anything, with `register_codec(...)` in a module every worker imports (a DAG file or a plugin), or
through the `xcomkit.codecs` entry point group, which is searched when a name is not found.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Any

from xcomkit.codecs.base import Codec, Encoded
from xcomkit.errors import UnsupportedTypeError

if TYPE_CHECKING:
    from collections.abc import Callable

_BUILTIN: dict[str, str] = {
    "json": "xcomkit.codecs.json:JsonCodec",
    "bytes": "xcomkit.codecs.raw:BytesCodec",
    "parquet": "xcomkit.codecs.parquet:ParquetCodec",
    "csv": "xcomkit.codecs.csv:CsvCodec",
}
ENTRY_POINT_GROUP = "xcomkit.codecs"

_user: dict[str, Codec] = {}
_loaded: dict[str, Codec] = {}


@dataclass(frozen=True)
class FunctionCodec:
    """A codec made of two functions, for `register_codec`."""

    name: str
    types: tuple[type, ...]
    encoder: Callable[[Any], bytes]
    decoder: Callable[[bytes], Any]
    extension: str = "bin"
    compressible: bool = True

    def accepts(self, value: Any) -> bool:
        """Accept instances of the registered types."""
        return isinstance(value, self.types)

    def encode(self, value: Any) -> Encoded:
        """Call the user's encoder."""
        return Encoded(self.encoder(value))

    def decode(self, data: bytes) -> Any:
        """Call the user's decoder."""
        return self.decoder(data)


def register_codec(
    codec: Codec | None = None,
    *,
    name: str | None = None,
    types: tuple[type, ...] = (),
    encode: Callable[[Any], bytes] | None = None,
    decode: Callable[[bytes], Any] | None = None,
    extension: str = "bin",
) -> Codec:
    """Register a codec object, or build one from `name`, `types`, `encode` and `decode`.

    User codecs are tried before the built-ins, in registration order. Registering a name again
    replaces the earlier codec.
    """
    if codec is None:
        if not (name and types and encode and decode):
            raise TypeError("register_codec needs a codec, or name=, types=, encode= and decode=")
        codec = FunctionCodec(name, tuple(types), encode, decode, extension)
    if codec.name in _BUILTIN:
        raise ValueError(f"codec name {codec.name!r} is built in; choose another name")
    _user[codec.name] = codec
    return codec


def get_codec(name: str) -> Codec:
    """Return the codec called `name` (to decode an object), or say which ones exist."""
    if name in _user:
        return _user[name]
    if name not in _loaded:
        if name in _BUILTIN:
            module, _, attr = _BUILTIN[name].partition(":")
            _loaded[name] = getattr(import_module(module), attr)()
        else:
            found = [ep for ep in entry_points(group=ENTRY_POINT_GROUP) if ep.name == name]
            if not found:
                raise UnsupportedTypeError(
                    f"no codec named {name!r} on this worker (known: {', '.join(known_codecs())}); "
                    f"install or import the package that registers it"
                )
            _loaded[name] = found[0].load()()
    return _loaded[name]


def known_codecs() -> list[str]:
    """Names of every codec this process knows, user codecs first."""
    return [*_user, *_BUILTIN]


def codec_for(value: Any, dataframe_format: str) -> Codec:
    """Pick the codec for a value: user codecs, then bytes, then DataFrames, then JSON."""
    for codec in _user.values():
        if codec.accepts(value):
            return codec
    for name in ("bytes", dataframe_format):
        codec = get_codec(name)
        if codec.accepts(value):
            return codec
    return get_codec("json")
