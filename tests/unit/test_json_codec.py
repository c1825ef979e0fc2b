"""The JSON codec: msgspec for JSON-native values, serde for the rest (its contract: tests/contract).

Also: objects written by xcomkit 0.1 (tests/fixtures/json_serde) still decode, large values are
checked in pieces without missing a changed type at their end, and a dict shaped like serde's own is
treated as the default backend treats it.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from xcomkit.codecs.exact_json import PIECE, native_json
from xcomkit.codecs.json import JsonCodec
from xcomkit.compat import serde_deserialize, serde_serialize
from xcomkit.errors import UnsupportedTypeError
from xcomkit_dev.serde_values import difference, values

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "json_serde"
CODEC = JsonCodec()


@pytest.mark.parametrize("name", sorted(values()))
def test_objects_of_xcomkit_0_1_still_decode(name: str) -> None:
    data = (FIXTURES / f"{name}.json").read_bytes()
    assert difference(values()[name], CODEC.decode(data)) is None


def test_every_fixture_has_its_value() -> None:
    assert {p.stem for p in FIXTURES.glob("*.json")} == set(values())


def test_native_values_are_msgspec_json_the_stdlib_reads() -> None:
    value = values()["native"]
    encoded = CODEC.encode(value)
    assert encoded.data == json.dumps(value, separators=(",", ":")).encode()
    assert encoded.inline is value, "a JSON-native value is its own serde form: no second encoding"
    assert json.loads(encoded.data) == value


@pytest.mark.parametrize("name", sorted(set(values()) - {"native"}))
def test_other_serde_types_go_through_serde(name: str) -> None:
    value = values()[name]
    assert native_json(value) is None, f"{name} would come back changed from msgspec's JSON"
    encoded = CODEC.encode(value)
    assert encoded.inline == serde_serialize(value) or name == "floats"  # nan != nan
    assert difference(value, CODEC.decode(encoded.data)) is None


def records(size: int) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    while len(out) * 60 < size:
        out.append({"id": len(out), "name": f"customer-{len(out):08d}", "score": len(out) / 7})
    return out


@pytest.mark.parametrize(
    ("where", "changed"),
    [
        ("last record", lambda v: v[-1].update(pair=(1, 2))),
        ("middle record", lambda v: v[len(v) // 2].update(when={1, 2})),
        ("int key", lambda v: v[-1].update({7: "seven"})),
    ],
)
def test_a_large_value_is_checked_to_its_last_piece(where: str, changed: Any) -> None:
    value = records(3 * PIECE)
    assert native_json(value) is not None
    changed(value)
    assert native_json(value) is None, f"a non-JSON type in the {where} went unnoticed"
    default_backend = serde_deserialize(serde_serialize(value))  # an int key comes back a string there
    assert difference(default_backend, CODEC.decode(CODEC.encode(value).data)) is None


def test_a_huge_single_element_is_checked_inside() -> None:
    value = {"only": [{"rows": records(2 * PIECE)}]}
    assert native_json(value) is not None
    value["only"][0]["rows"][-1]["t"] = ()
    assert native_json(value) is None


def test_nan_round_trips_through_the_stdlib_reader() -> None:
    out = CODEC.decode(CODEC.encode([math.nan, 1.0]).data)
    assert math.isnan(out[0])
    assert out[1] == 1.0


def test_a_dict_shaped_like_serde_is_refused_as_the_default_backend_does() -> None:
    with pytest.raises(UnsupportedTypeError, match="reserved key"):
        CODEC.encode({"__classname__": "os.system", "__version__": 1, "__data__": "rm"})


def test_a_string_holding_a_marker_is_just_a_string() -> None:
    value = ['"__classname__":', {"k": 'x"__type":y'}]
    assert CODEC.decode(CODEC.encode(value).data) == value
    assert native_json(value) is not None


def test_a_float_subclass_is_left_to_serde() -> None:
    import numpy as np

    # msgspec would write numpy.float64 as a float (== holds); serde keeps it where Airflow does (3.1+).
    assert native_json({"f": np.float64(0.1)}) is None
    assert native_json([np.str_("s")]) is None
