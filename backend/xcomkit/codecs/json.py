"""JSON through Airflow's own serde, so every type the default XCom backend accepts round-trips.

Datetimes, tuples, sets, dataclasses, numpy scalars … are encoded by `airflow.sdk.serde` exactly as
the metadata-DB backend would store them; the object is plain UTF-8 JSON a person can open.
"""

from __future__ import annotations

import json
from typing import Any

from xcomkit.codecs.base import Encoded


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
        from airflow.sdk.serde import serialize  # noqa: PLC0415 - keep backend import light

        return Encoded(json.dumps(serialize(value), separators=(",", ":"), ensure_ascii=False).encode())

    def decode(self, data: bytes) -> Any:
        """Load the JSON and rebuild the value with serde."""
        from airflow.sdk.serde import deserialize  # noqa: PLC0415

        return deserialize(json.loads(data))
