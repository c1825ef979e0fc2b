"""Profile one 10 MiB JSON push + pull through the backend (pyinstrument), for docs/benchmarks.md.

On the local store, so the profile shows the kit's own work (codec, checksum, file I/O) and not a
server's. `python -m xcomkit_bench.profiling [--out docs/profiles/json-10m-after.txt]`; the report
shows `json-10m-before.txt` (the serde codec, kept as it was measured) beside it.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

from xcomkit_bench.context import DAG_ID, RUN_ID, XCOM_KEY
from xcomkit_bench.payloads import PAYLOADS

REPO = Path(__file__).resolve().parents[2]


def profile(out: Path) -> str:
    """Push and pull the payload once after a warm-up, under pyinstrument; write and return the text."""
    from pyinstrument import Profiler

    with tempfile.TemporaryDirectory(prefix="xcomkit-profile-") as tmp:
        os.environ["AIRFLOW__XCOMKIT__PATH"] = f"file://{tmp}/store"
        os.environ["AIRFLOW__XCOMKIT__THRESHOLD"] = "0"
        from xcomkit.backend import ObjectStorageXComBackend as Backend

        coordinates = {"key": XCOM_KEY, "dag_id": DAG_ID, "run_id": RUN_ID, "task_id": "t", "map_index": -1}
        value = PAYLOADS["json-10m"].build(quick=False)
        Backend.deserialize_value(SimpleNamespace(value=Backend.serialize_value({"warm": 1}, **coordinates)))
        profiler = Profiler(interval=0.001)
        profiler.start()
        started = time.perf_counter()
        back = Backend.deserialize_value(SimpleNamespace(value=Backend.serialize_value(value, **coordinates)))
        elapsed = time.perf_counter() - started
        profiler.stop()
    if back != value:
        raise SystemExit("the profiled round trip did not come back equal")
    text = f"push + pull {elapsed * 1000:.0f} ms\n\n" + profiler.output_text(unicode=True, color=False)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text)
    return text


def main(argv: list[str] | None = None) -> int:
    """Parse the output path, profile, print the profile."""
    parser = argparse.ArgumentParser(
        prog="python -m xcomkit_bench.profiling", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "profiles" / "json-10m-after.txt")
    print(profile(parser.parse_args(argv).out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
