"""JSON at C speed (msgspec) that stays exact: every type the default XCom backend keeps comes back.

JSON-native values (dicts with string keys, lists, str, int, float, bool, None) are written and read
by msgspec in one pass each. msgspec would also write other values, silently changed: a tuple or a
set as a list, a datetime or a Decimal as a string, a dataclass as an object. So the writer checks
what it wrote (`xcomkit.codecs.exact_json`), and a value that is not JSON all the way down goes
through Airflow's serde as a whole, written exactly as the default backend and xcomkit 0.1 write it.
Either way the object is plain UTF-8 JSON a person can open.

On read, msgspec parses the object, and only an object carrying serde's markers (an object of xcomkit
0.1, or a value with non-JSON types) is rebuilt by serde. NaN and Infinity, which serde's path writes
as the stdlib does and msgspec refuses to read, are read by the stdlib parser.
"""

from __future__ import annotations

import json
from typing import Any

import msgspec

from xcomkit.codecs.base import Encoded, qualified_name
from xcomkit.codecs.exact_json import SERDE_MARKERS, decoder, native_json, paused_gc
from xcomkit.compat import serde_deserialize, serde_serialize
from xcomkit.errors import UnsupportedTypeError


class JsonCodec:
    """Any value Airflow's serde can serialize; JSON-native values at msgspec's speed."""

    name = "json"
    extension = "json"
    compressible = True

    def accepts(self, value: Any) -> bool:
        """Accept anything; unsupported types fail in `encode` with serde's reason."""
        return True

    def encode(self, value: Any) -> Encoded:
        """Write JSON-native values with msgspec; anything else with serde, then compact JSON."""
        data = native_json(value)
        if data is not None:
            # The value is its own serde form (serde returns JSON-native values as they are).
            return Encoded(data, type=qualified_name(value), inline=value)
        try:
            tree = serde_serialize(value)
            data = json.dumps(tree, separators=(",", ":"), ensure_ascii=False).encode()
        except (TypeError, AttributeError, ValueError) as err:
            raise UnsupportedTypeError(
                f"cannot store a value of type {qualified_name(value)} in XCom: no codec takes it and "
                f"JSON/serde said: {err}",
                "return a JSON-able value, a DataFrame, an array or bytes, or register a codec for the "
                "type with xcomkit.codecs.register_codec(...)",
            ) from err
        return Encoded(data, type=qualified_name(value), inline=tree)

    def decode(self, data: bytes) -> Any:
        """Parse with msgspec; let serde rebuild only the objects that carry its markers."""
        try:
            with paused_gc():
                tree = decoder.decode(data)
        except msgspec.DecodeError:
            tree = json.loads(data)  # NaN / Infinity, as the serde path (and xcomkit 0.1) writes them
        if any(marker in data for marker in SERDE_MARKERS):
            return serde_deserialize(tree)
        return tree
