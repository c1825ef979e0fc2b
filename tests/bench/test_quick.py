"""CI smoke check of the benchmark: `python -m xcomkit_bench --quick` runs end to end on every store.

No timing is asserted (the figures of a quick run on shared cores mean nothing); what is checked is
that every planned case produced a figure, that the only errors are the peers' known refusals of
bytes (anything else a peer raises fails the test), and that the kit's own cases behaved: exact
round trips, one request per push and per pull on S3, and the batched purge.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from xcomkit_bench.cli import plan
from xcomkit_bench.payloads import PAYLOADS

if TYPE_CHECKING:
    from pathlib import Path

STORES = ["s3", "gcs", "azure", "local"]
# The peers cannot store bytes at all: these, and only these, are results rather than failures.
REFUSALS = {
    "common-io": r"TypeError: Object of type bytes is not JSON serializable",
    "seed": r"TypeError: Object of type bytes is not JSON serializable",
    "metadata-db": r"TypeError: Cannot serialize object of type <class 'bytes'>",
}


@pytest.mark.timeout(900)
def test_quick_benchmark_runs_and_reports(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "xcomkit_bench", "--quick", "--store", *STORES, "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=880,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-4000:]
    data = json.loads((tmp_path / "benchmarks.json").read_text())
    report = (tmp_path / "benchmarks.md").read_text()
    assert proc.stdout.strip() == report.strip()
    assert (tmp_path / "benchmarks.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    skipped = {(s, c, p) for s, c, p, _ in data["skips"]}
    cases = {(r["store"], r["contender"], r.get("payload")): r for r in data["results"]}
    planned = set(plan(STORES, data["contenders"], data["payloads"])) - skipped
    assert planned, "the plan is empty"
    for store, contender, payload in planned:
        result = cases[store, contender, payload]
        if result.get("error"):
            refusal = REFUSALS.get(contender)
            assert refusal, result
            assert PAYLOADS[payload].kind == "bytes", result
            assert re.match(refusal, result["error"]), result
        else:
            assert result["median"] > 0, result
            assert result["difference"] is None or contender == "seed", result
    for store in STORES:
        for payload in data["payloads"]:
            if (store, "xcomkit", payload) in skipped:
                continue
            kit = cases[store, "xcomkit", payload]
            assert kit["error"] is None, kit
            assert kit["difference"] is None, kit
            if store == "s3":
                assert kit["push_requests"] == {"PutObject": 1}, kit
                assert kit["pull_requests"] == {"GetObject": 1}, kit
    # The seed's CSV round trip loses the frame's dtypes and index: the harness must see it.
    assert cases["s3", "seed", "df-1m"]["difference"], cases["s3", "seed", "df-1m"]

    purge = cases["s3", "purge", None]
    assert purge["deleted"] == purge["objects"], purge
    assert purge["left"] == 0, purge
    assert sum(purge["requests"].values()) == -(-purge["objects"] // 1000), purge

    sections = ("## S3 (SeaweedFS)", "## GCS", "## Azure", "## local", "## Targets (issue 12)", "## Machine")
    limits = ("raw boto3 + stdlib json in loop", "raw boto3 + msgspec in loop", "raw boto3 + pyarrow Parquet")
    for text in (*sections, *limits):
        assert text in report
