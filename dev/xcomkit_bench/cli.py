"""`make bench`: push + pull every payload through every contender, store by store.

Each (contender, payload) runs in its own process so its peak RSS is its own; the report goes to
docs/benchmarks.md and docs/benchmarks.png, the raw figures to docs/benchmarks.json.

    python -m xcomkit_bench                          # S3 (with the peers), ≈ 30-40 min on 2 busy cores
    python -m xcomkit_bench --store s3 gcs azure local   # every store, as `make bench` runs it
    python -m xcomkit_bench --quick                  # small payloads, 2 runs, one process per store
    python -m xcomkit_bench --report-only docs/benchmarks.json   # re-render the report
    python -m xcomkit_bench --report-only s3.json others.json --out docs   # one report of two runs
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

from xcomkit_bench.contenders import CONTENDERS, runs_on
from xcomkit_bench.payloads import PAYLOADS
from xcomkit_bench.report import describe_machine, render
from xcomkit_bench.servers import SERVERS

REPO = Path(__file__).resolve().parents[2]
PURGE_OBJECTS = 10_000
QUICK_PURGE_OBJECTS = 1_500  # still two DeleteObjects batches
CASE_TIMEOUT = 3600


def skip_reason(store: str, contender: str, payload: str) -> str | None:
    """Why a case that could run is not run (shown in the table), or None."""
    if payload == "bytes-1g" and contender == "xcomkit-db":
        return "same object path as xcomkit (the row holds a reference)"
    if payload == "bytes-1g" and store != "s3":
        return "the memory target is measured on S3"
    return None


def plan(stores: list[str], contenders: list[str], payloads: list[str]) -> list[tuple[str, str, str]]:
    """Every (store, contender, payload) that has a row, payload by payload."""
    return [
        (s, c, p) for s in stores for p in payloads for c in contenders if runs_on(c, s, PAYLOADS[p].kind)
    ]


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
    """Run one case process on a spec; a crash or timeout becomes an error result per case."""
    spec_path, result_path = work / f"{label}.spec.json", work / f"{label}.result.json"
    spec_path.write_text(json.dumps(spec))
    result_path.unlink(missing_ok=True)
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "xcomkit_bench.case", str(spec_path), str(result_path)],
            env=env, cwd=work, capture_output=True, text=True, timeout=CASE_TIMEOUT, check=False,
        )  # fmt: skip
        last_line = (proc.stderr.strip().splitlines() or [""])[-1][:200]
        failure = None if proc.returncode == 0 else f"process exited {proc.returncode}: {last_line}"
    except subprocess.TimeoutExpired:
        failure = f"process timed out after {CASE_TIMEOUT}s"
    results = json.loads(result_path.read_text()) if result_path.exists() else []
    done = {(r["contender"], r.get("payload")) for r in results}
    store = spec["context"]["store"]
    for contender, payload in spec["cases"]:
        key = (contender, payload if contender != "purge" else None)
        if failure and key not in done:
            results.append(
                {
                    "store": store,
                    "contender": contender,
                    "payload": key[1],
                    "error": failure,
                    "objects": payload,
                }
            )
    return results


def measure_store(store: str, cases: list[list[str]], args: argparse.Namespace, started: float) -> Any:
    """Start one store's servers, run its cases, return (results, server versions)."""
    results: list[dict[str, Any]] = []
    if store == "s3":
        cases = [*cases, ["purge", str(QUICK_PURGE_OBJECTS if args.quick else PURGE_OBJECTS)]]
    payloads = sorted({p for c, p in cases if c != "purge"})
    with tempfile.TemporaryDirectory(prefix=f"xcomkit-bench-{store}-") as tmp:
        work = Path(tmp)
        with SERVERS[store](work, payloads) as (ctx, env, versions):
            context = ctx.__dict__
            if args.quick:  # one process: the import of Airflow alone takes seconds per process
                results = run_process(spec_for(cases, context, True), env, work, "quick")
            else:
                for i, case in enumerate(cases):
                    print(f"[{time.monotonic() - started:6.0f}s] {store}: {case[0]} × {case[1]}", flush=True)
                    results += run_process(spec_for([case], context, False), env, work, f"case{i}")
    return results, versions


def measure(args: argparse.Namespace) -> dict[str, Any]:
    """Run every store's cases, return the raw results with the machine described."""
    payloads = args.payloads or list(PAYLOADS)
    contenders = args.contenders or list(CONTENDERS)
    started = time.monotonic()
    load_before = os.getloadavg()
    results: list[dict[str, Any]] = []
    versions: dict[str, str] = {}
    skips: list[list[str]] = []
    for store in args.store:
        cases = []
        for s, c, p in plan([store], contenders, payloads):
            reason = skip_reason(s, c, p)
            if reason:
                skips.append([s, c, p, reason])
            else:
                cases.append([c, p])
        found, served = measure_store(store, cases, args, started)
        results += found
        versions.update(served)
    return {
        "quick": args.quick,
        "stores": args.store,
        "skips": skips,
        "contenders": contenders,
        "payloads": payloads,
        "results": results,
        "machine": describe_machine(versions, load_before, os.getloadavg()),
        "elapsed": time.monotonic() - started,
    }


def merge(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """One set of figures from runs on different stores (the first run's machine and options)."""
    first = dict(runs[0])
    for run in runs[1:]:
        first["stores"] = [*first["stores"], *run["stores"]]
        first["contenders"] = list(dict.fromkeys([*first["contenders"], *run["contenders"]]))
        first["results"] = [*first["results"], *run["results"]]
        first["skips"] = [*first["skips"], *run["skips"]]
        first["elapsed"] += run["elapsed"]
        first["machine"]["load"] = [first["machine"]["load"][0], run["machine"]["load"][1]]
        first["machine"]["versions"] = {**first["machine"]["versions"], **run["machine"]["versions"]}
    return first


def main(argv: list[str] | None = None) -> int:
    """Parse options, measure (or load figures), write and print the report."""
    parser = argparse.ArgumentParser(prog="python -m xcomkit_bench", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small payloads, 2 runs, one process (CI smoke)")
    parser.add_argument("--store", nargs="+", choices=list(SERVERS), default=["s3"], help="stores to run on")
    parser.add_argument(
        "--out", type=Path, help="report folder (default docs/, or build/bench-quick/ with --quick)"
    )
    parser.add_argument("--contenders", nargs="+", choices=list(CONTENDERS), help="only these contenders")
    parser.add_argument("--payloads", nargs="+", choices=list(PAYLOADS), help="only these payloads")
    parser.add_argument(
        "--report-only", type=Path, nargs="+", metavar="RESULTS_JSON", help="re-render saved figures (merged)"
    )
    args = parser.parse_args(argv)
    data = merge([json.loads(p.read_text()) for p in args.report_only]) if args.report_only else measure(args)
    out = args.out or (REPO / "build" / "bench-quick" if data["quick"] else REPO / "docs")
    out.mkdir(parents=True, exist_ok=True)
    if not args.report_only or len(args.report_only) > 1:
        (out / "benchmarks.json").write_text(json.dumps(data, indent=1))
    print(render(data, out / "benchmarks.md", out / "benchmarks.png"))
    return 0
