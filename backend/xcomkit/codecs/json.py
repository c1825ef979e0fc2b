"""JSON through Airflow's own serde, so every type the default XCom backend accepts round-trips.

Datetimes, tuples, sets, dataclasses, numpy scalars … are encoded by serde exactly as the
metadata-DB backend would store them; the object is plain UTF-8 JSON a person can open.
"""

from __future__ import annotations

import json
from typing import Any

from xcomkit.codecs.base import Encoded, qualified_name
from xcomkit.compat import serde_deserialize, serde_serialize
from xcomkit.errors import UnsupportedTypeError


class JsonCodec:
    """Any value Airflow's serde can serialize."""

    name = "json"
    extension = "json"
    compressible = True

    def accepts(self, value: Any) -> bool:
        """Accept anything; unsupported types fail in `encode` with serde's reason."""
        return True

    def encode(self, value: Any) -> Encoded:
        """Serialize with serde, then dump compact JSON."""
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
        """Load the JSON and rebuild the value with serde."""
        return serde_deserialize(json.loads(data))
