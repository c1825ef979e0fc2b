"""`make bench`: push + pull every payload through every contender on one S3 server and one PostgreSQL.

Each (contender, payload) runs in its own process so its peak RSS is its own; the report goes to
docs/benchmarks.md and docs/benchmarks.png, the raw figures to docs/benchmarks.json.

    python bench/run.py              # the full run (≈ 30-40 min on 2 busy cores)
    python bench/run.py --quick      # small payloads, 2 runs, one process: a smoke check (< 2 min)
    python bench/run.py --report-only docs/benchmarks.json   # re-render the report
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from contenders import CONTENDERS
from payloads import PAYLOADS

REPO = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
PURGE_OBJECTS = 10_000
QUICK_PURGE_OBJECTS = 1_500  # still two DeleteObjects batches
# Not run, with the reason shown in the table instead of a figure.
SKIPS = {
    ("boto3-codec", "bytes-1g"): "same as raw boto3: the bytes codec passes bytes through",
    ("xcomkit-db", "bytes-1g"): "same object path as xcomkit (the row holds a reference)",
}
CASE_TIMEOUT = 3600


def plan(contenders: list[str], payloads: list[str]) -> list[tuple[str, str]]:
    """Every (contender, payload) pair that runs, payload by payload."""
    return [(c, p) for p in payloads for c in contenders if (c, p) not in SKIPS]


def spec_for(cases: list[Any], context: dict[str, Any], quick: bool) -> dict[str, Any]:
    """What a case process needs: cases, run counts, the servers."""
    return {
        "cases": cases,
        "quick": quick,
        # 1 KiB pushes take milliseconds, so more runs steady their median on shared cores.
        "runs": {"default": 2, "dict-1k": 3, "bytes-1g": 1}
        if quick
        else {"default": 5, "dict-1k": 25, "bytes-1g": 3},
        "warmup": {"default": 1, "bytes-1g": 0},
        "context": context,
    }


def run_process(spec: dict[str, Any], env: dict[str, str], work: Path, label: str) -> list[dict[str, Any]]:
    """Run bench/case.py on one spec; a crash or timeout becomes an error result per case."""
    spec_path, result_path = work / f"{label}.spec.json", work / f"{label}.result.json"
    spec_path.write_text(json.dumps(spec))
    result_path.unlink(missing_ok=True)
    try:
        proc = subprocess.run(
            [sys.executable, str(HERE / "case.py"), str(spec_path), str(result_path)],
            env=env, cwd=work, capture_output=True, text=True, timeout=CASE_TIMEOUT, check=False,
        )  # fmt: skip
        last_line = (proc.stderr.strip().splitlines() or [""])[-1][:200]
        failure = None if proc.returncode == 0 else f"process exited {proc.returncode}: {last_line}"
    except subprocess.TimeoutExpired:
        failure = f"process timed out after {CASE_TIMEOUT}s"
    results = json.loads(result_path.read_text()) if result_path.exists() else []
    done = {(r["contender"], r.get("payload")) for r in results}
    for contender, payload in spec["cases"]:
        key = (contender, payload if contender != "purge" else None)
        if failure and key not in done:
            results.append({"contender": contender, "payload": key[1], "error": failure, "objects": payload})
    return results


def measure(args: argparse.Namespace) -> dict[str, Any]:
    """Start the servers, run every case, return the raw results with the machine described."""
    from report import describe_machine
    from stack import stack

    payloads = args.payloads or list(PAYLOADS)
    contenders = args.contenders or list(CONTENDERS)
    cases = plan(contenders, payloads)
    purge = QUICK_PURGE_OBJECTS if args.quick else PURGE_OBJECTS
    started = time.monotonic()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="xcomkit-bench-") as tmp:
        work = Path(tmp)
        with stack(work, payloads) as (ctx, env, versions):
            context = ctx.__dict__
            env["PYTHONPATH"] = os.pathsep.join([str(HERE), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
            results: list[dict[str, Any]] = []
            if args.quick:  # one process: the import of Airflow alone takes seconds per process
                results = run_process(spec_for([*cases, ["purge", purge]], context, True), env, work, "quick")
            else:
                for i, case in enumerate([*cases, ("purge", purge)]):
                    print(f"[{time.monotonic() - started:6.0f}s] {case[0]} × {case[1]}", flush=True)
                    results += run_process(spec_for([list(case)], context, False), env, work, f"case{i}")
    return {
        "quick": args.quick,
        "skips": [[c, p, reason] for (c, p), reason in SKIPS.items() if c in contenders and p in payloads],
        "contenders": contenders,
        "payloads": payloads,
        "results": results,
        "machine": describe_machine(versions, load_before, os.getloadavg()),
        "elapsed": time.monotonic() - started,
    }


def main(argv: list[str] | None = None) -> int:
    """Parse options, measure (or load figures), write and print the report."""
    from report import render

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small payloads, 2 runs, one process (CI smoke)")
    parser.add_argument(
        "--out", type=Path, help="report folder (default docs/, or build/bench-quick/ with --quick)"
    )
    parser.add_argument("--contenders", nargs="+", choices=list(CONTENDERS), help="only these contenders")
    parser.add_argument("--payloads", nargs="+", choices=list(PAYLOADS), help="only these payloads")
    parser.add_argument("--report-only", type=Path, metavar="RESULTS_JSON", help="re-render saved figures")
    args = parser.parse_args(argv)
    data = json.loads(args.report_only.read_text()) if args.report_only else measure(args)
    out = args.out or (REPO / "build" / "bench-quick" if data["quick"] else REPO / "docs")
    out.mkdir(parents=True, exist_ok=True)
    if not args.report_only:
        (out / "benchmarks.json").write_text(json.dumps(data, indent=1))
    print(render(data, out / "benchmarks.md", out / "benchmarks.png"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
