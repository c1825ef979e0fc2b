"""Tell, at C speed, whether msgspec's JSON of a value reads back as exactly that value.

msgspec writes many non-JSON types natively (tuples, sets, datetimes, Decimals, dataclasses, attrs
classes, bytes as base64) and turns them into something else on read. Two checks catch every one:

- msgspec's `enc_hook` fires for the types it does not know, subclasses of str/int/float included
  (numpy scalars, which serde keeps as their own type): the hook refuses, and the value goes to serde;
- the JSON must read back equal to the value: `(1, 2) != [1, 2]`, `{1} != [1]`, a datetime is not its
  string, a dataclass not a dict, an int key not a string key, NaN (written as null) not None.

`==` cannot tell a float subclass from a float or a set from a frozenset, but the hook has already
refused the first, and both set kinds read back as lists. The read-back is done in pieces of at most
PIECE bytes of JSON, so the check never holds a full decoded copy of a large value (a 10 MiB list of
records decodes to ~80 MiB of Python objects).

The cyclic garbage collector is paused while msgspec builds objects (`paused_gc`): JSON cannot make
a reference cycle, and each collection triggered by the allocations would walk every object alive,
the value being pushed included (measured: the check took 3.5× longer with it running).
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from itertools import islice
from typing import TYPE_CHECKING, Any

import msgspec

if TYPE_CHECKING:
    from collections.abc import Iterator

# The keys serde gives its own objects: a value with them goes through serde, and only an object with
# them needs serde to read it. Compact JSON (both writers) puts the colon right after the key; inside
# a JSON string a quote is always escaped, so these bytes only ever match a key.
SERDE_MARKERS = (b'"__classname__":', b'"__type":')
PIECE = 1024 * 1024


class _Foreign(Exception):
    """msgspec met a type it has no JSON form for."""


def _refuse(value: Any) -> Any:
    raise _Foreign


encoder = msgspec.json.Encoder(enc_hook=_refuse)
decoder = msgspec.json.Decoder()


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic collector (if it runs) while JSON objects are built; reference counting frees them."""
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()


def native_json(value: Any) -> bytes | None:
    """Return msgspec's JSON of the value if it reads back exactly, else None (serde's turn)."""
    try:
        data = encoder.encode(value)
        if any(marker in data for marker in SERDE_MARKERS):
            return None  # a dict shaped like serde's own: serde refuses or keeps it, as the default backend
        with paused_gc():
            return data if _reads_back(value, data) else None
    except (_Foreign, TypeError, ValueError, OverflowError, RecursionError):
        return None  # serde says what is wrong with it, as it did before


def _reads_back(value: Any, data: bytes) -> bool:
    """Check `data` (the JSON of `value`) against the value, a piece at a time when it is large."""
    kind = type(value)
    if len(data) <= PIECE or kind not in (list, dict):
        return decoder.decode(data) == value
    if len(value) == 1:  # one huge element: check inside it
        if kind is list:
            return _reads_back(value[0], encoder.encode(value[0]))
        ((key, item),) = value.items()
        return type(key) is str and _reads_back(item, encoder.encode(item))
    step = max(1, len(value) * PIECE // (2 * len(data)))  # half a piece each: checked without a split
    return all(_reads_back(piece, encoder.encode(piece)) for piece in _pieces(value, step))


def _pieces(value: list[Any] | dict[Any, Any], step: int) -> Any:
    """Slices of a list, or sub-dicts of a dict, of `step` elements each."""
    if type(value) is list:
        return (value[i : i + step] for i in range(0, len(value), step))
    items = iter(value.items())
    return iter(lambda: dict(islice(items, step)), {})
