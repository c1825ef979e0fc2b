"""Measure the JSON libraries the codec could be built on, on the 10 MiB JSON list (why msgspec).

`python -m xcomkit_bench.libraries` prints a markdown table: encode and decode medians, and whether the
library takes an int beyond 64 bits (Python's ints are unbounded; serde keeps them). orjson is not a
dependency: it is measured when installed (`pip install orjson` in a scratch venv).
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from importlib import import_module
from typing import TYPE_CHECKING, Any

from xcomkit_bench.payloads import PAYLOADS

if TYPE_CHECKING:
    from collections.abc import Callable

RUNS = 7


def _stdlib() -> tuple[Callable[[Any], bytes], Callable[[bytes], Any]]:
    return (lambda v: json.dumps(v, separators=(",", ":"), ensure_ascii=False).encode()), json.loads


def _msgspec() -> tuple[Callable[[Any], bytes], Callable[[bytes], Any]]:
    msgspec = import_module("msgspec")
    return msgspec.json.Encoder().encode, msgspec.json.Decoder().decode


def _orjson() -> tuple[Callable[[Any], bytes], Callable[[bytes], Any]]:
    orjson = import_module("orjson")
    return orjson.dumps, orjson.loads


LIBRARIES = {"stdlib json": _stdlib, "msgspec": _msgspec, "orjson": _orjson}


def median_ms(call: Callable[[], Any]) -> float:
    """Median wall time of RUNS calls, in milliseconds."""
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def measure() -> list[str]:
    """One markdown row per library."""
    value = PAYLOADS["json-10m"].build(quick=False)
    rows = ["| library | encode | decode | int beyond 64 bits |", "|---|---:|---:|---|"]
    for name, load in LIBRARIES.items():
        try:
            encode, decode = load()
        except ImportError:
            rows.append(f"| {name} | not installed | | |")
            continue
        data = encode(value)
        try:
            big = decode(encode(2**70)) == 2**70
        except (TypeError, ValueError, OverflowError) as err:
            big = f"no ({type(err).__name__}: {err})"
        took = median_ms(lambda e=encode: e(value)), median_ms(lambda d=decode, b=data: d(b))
        rows.append(f"| {name} | {took[0]:.0f} ms | {took[1]:.0f} ms | {'yes' if big is True else big} |")
    return rows


if __name__ == "__main__":
    print("\n".join(measure()))
    sys.exit(0)
