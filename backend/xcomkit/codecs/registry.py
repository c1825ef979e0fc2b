"""Which codec stores a value, and which decodes an object: by type on the way in, by name on the way out.

Built-in codecs are listed in BUILTIN, in the order they are tried for a value, and imported lazily.
A user adds one for a type without subclassing anything, with `register_codec(...)` in a module every
worker imports (a DAG file or a plugin), or through the `xcomkit.codecs` entry point group, which is
searched when a name is not found. `unregister_codec` and the `registered_codec` context manager
take one away again (tests, notebooks).
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from importlib import import_module
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Any

from xcomkit.codecs.base import Codec, Encoded, qualified_name
from xcomkit.errors import ConfigError, UnsupportedTypeError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

# name -> implementation, in the order a value is offered to them; json takes whatever is left.
BUILTIN: dict[str, str] = {
    "bytes": "xcomkit.codecs.bytes:BytesCodec",
    "parquet": "xcomkit.codecs.parquet:ParquetCodec",
    "csv": "xcomkit.codecs.csv:CsvCodec",
    "series": "xcomkit.codecs.series:SeriesCodec",
    "numpy": "xcomkit.codecs.ndarray:NdarrayCodec",
    "arrow": "xcomkit.codecs.arrow:ArrowCodec",
    "polars": "xcomkit.codecs.polars_frame:PolarsCodec",
    "json": "xcomkit.codecs.json:JsonCodec",
}
# Codecs for the same type, of which `[xcomkit] dataframe_format` picks one.
DATAFRAME_CODECS = frozenset({"parquet", "csv"})
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
        return Encoded(self.encoder(value), type=qualified_name(value))

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
            raise ConfigError(
                "register_codec got neither a codec nor all of name=, types=, encode= and decode=",
                "pass a codec object, or all four keyword arguments",
            )
        codec = FunctionCodec(name, tuple(types), encode, decode, extension)
    if codec.name in BUILTIN:
        raise ConfigError(f"codec name {codec.name!r} is built in", "choose another name for your codec")
    _user[codec.name] = codec
    return codec


def unregister_codec(name: str) -> Codec:
    """Remove a codec registered with `register_codec`; objects it wrote can no longer be read here."""
    try:
        return _user.pop(name)
    except KeyError:
        raise ConfigError(
            f"no user codec named {name!r} is registered (user codecs: {', '.join(_user) or 'none'})",
            "built-in codecs cannot be removed",
        ) from None


@contextmanager
def registered_codec(codec: Codec | None = None, **kwargs: Any) -> Iterator[Codec]:
    """Register a codec for the duration of a `with` block (what tests and notebooks want)."""
    added = register_codec(codec, **kwargs)
    try:
        yield added
    finally:
        _user.pop(added.name, None)


def get_codec(name: str) -> Codec:
    """Return the codec called `name` (to decode an object), or say which ones exist."""
    if name in _user:
        return _user[name]
    if name not in _loaded:
        if name in BUILTIN:
            module, _, attr = BUILTIN[name].partition(":")
            _loaded[name] = getattr(import_module(module), attr)()
        else:
            found = [ep for ep in entry_points(group=ENTRY_POINT_GROUP) if ep.name == name]
            if not found:
                raise UnsupportedTypeError(
                    f"no codec named {name!r} on this worker (known: {', '.join(known_codecs())})",
                    "install or import the package that registers it on every worker",
                )
            _loaded[name] = found[0].load()()
    return _loaded[name]


def known_codecs() -> list[str]:
    """Names of every codec this process knows, user codecs first."""
    return [*_user, *BUILTIN]


def codec_for(value: Any, dataframe_format: str = "parquet") -> Codec:
    """Pick the codec for a value: user codecs, then the built-ins in BUILTIN's order."""
    for codec in _user.values():
        if codec.accepts(value):
            return codec
    for name in BUILTIN:
        if name in DATAFRAME_CODECS and name != dataframe_format:
            continue
        codec = get_codec(name)
        if codec.accepts(value):
            return codec
    return get_codec("json")
