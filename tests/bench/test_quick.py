"""CI smoke check of the benchmark harness: `bench/run.py --quick` runs end to end and reports.

No timing is asserted (the figures of a quick run on shared cores mean nothing); what is checked is
that every contender × payload produced a figure or a reported error, and that the kit's own cases
behaved: exact round trips, one request per push and per pull, and the batched purge.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.timeout(900)
def test_quick_benchmark_runs_and_reports(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, str(REPO / "bench" / "run.py"), "--quick", "--out", str(tmp_path)],
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

    skipped = {(c, p) for c, p, _ in data["skips"]}
    cases = {(r["contender"], r.get("payload")): r for r in data["results"]}
    for contender in data["contenders"]:
        for payload in data["payloads"]:
            if (contender, payload) in skipped:
                continue
            result = cases[contender, payload]
            assert result.get("error") or result.get("median", 0) > 0, result
            assert not str(result.get("error")).startswith("process"), result  # a crash is not a result
    for payload in data["payloads"]:
        kit = cases["xcomkit", payload]
        assert kit["error"] is None, kit
        assert kit["difference"] is None, kit
        assert kit["push_requests"] == {"PutObject": 1}, kit
        assert kit["pull_requests"] == {"GetObject": 1}, kit
    # The seed's CSV round trip loses the frame's dtypes and index: the harness must see it.
    assert cases["seed", "df-1m"]["difference"], cases["seed", "df-1m"]

    purge = cases["purge", None]
    assert purge["deleted"] == purge["objects"], purge
    assert purge["left"] == 0, purge
    assert sum(purge["requests"].values()) == -(-purge["objects"] // 1000), purge

    for section in ("## 1 KiB dict", "## 1M-row × 10-col DataFrame", "## Targets (issue 8)", "## Machine"):
        assert section in report
