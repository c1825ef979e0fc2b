"""Turn the raw figures into docs/benchmarks.md (tables, targets, machine) and the chart."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from contenders import CONTENDERS
from payloads import MIB, PAYLOADS

MULTIPART_THRESHOLD = 256 * MIB  # xcomkit.stores.s3: one PutObject up to here
PACKAGES = (
    "apache-airflow",
    "apache-airflow-providers-amazon",
    "apache-airflow-providers-common-io",
    "boto3",
    "s3fs",
    "pandas",
    "pyarrow",
)


def describe_machine(
    servers: dict[str, str], load_before: tuple[float, ...], load_after: tuple[float, ...]
) -> dict:
    """CPU, cores, memory, OS and the versions that shape the figures."""
    import psutil

    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")),
        platform.processor() or "unknown",
    )  # fmt: skip
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = version(name)
        except PackageNotFoundError:
            versions[name] = "not installed"
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    )
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": psutil.virtual_memory().total,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "versions": {**versions, **servers, "xcomkit": commit.stdout.strip() or "?"},
        "load": [round(load_before[0], 2), round(load_after[0], 2)],
    }


def seconds(value: float | None) -> str:
    """7.1 ms, 1.38 s."""
    if value is None:
        return "–"
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def size(value: float | None) -> str:
    """1.0 KiB, 24.9 MiB."""
    if value is None:
        return "–"
    for unit, factor in (("GiB", 1024**3), ("MiB", MIB), ("KiB", 1024)):
        if abs(value) >= factor:
            return f"{value / factor:.1f} {unit}"
    return f"{int(value)} B"


def requests(counts: dict[str, int] | None) -> str:
    """Total, with operations: `1 (PutObject)`."""
    if counts is None:
        return "–"
    total = sum(counts.values())
    return f"{total} ({', '.join(k if n == 1 else f'{n}×{k}' for k, n in counts.items())})" if total else "0"


def index(data: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """(contender, payload) → result."""
    return {(r["contender"], r.get("payload")): r for r in data["results"]}


def median(result: dict[str, Any] | None) -> float | None:
    """Median push + pull, or None if it did not run."""
    return result.get("median") if result and not result.get("error") else None


def cell(text: str) -> str:
    """Text that cannot break a markdown table row."""
    return " ".join(text.split()).replace("|", "\\|")


def outcome(result: dict[str, Any]) -> str:
    """exact / NOT equal: why / error."""
    if result.get("error"):
        return f"**{cell(result['error'])}**"
    diff = result.get("difference")
    return "exact" if diff is None else f"**NOT equal**: {cell(diff)}"


def payload_table(data: dict[str, Any], payload: str) -> list[str]:
    """One markdown table: a row per contender for this payload."""
    found = index(data)
    skips = {(c, p): why for c, p, why in data["skips"]}
    limit = median(found.get(("boto3-codec", payload)) or found.get(("boto3", payload)))
    lines = [
        "| contender | push + pull (median) | spread (min–max) | push | pull | × raw+codec | CPU "
        "| requests push / pull | stored | peak RSS push / pull (above value) | came back |",
        "|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---|",
    ]
    for key in data["contenders"]:
        label = CONTENDERS[key].label
        if (key, payload) in skips:
            lines.append(f"| {label} | not run: {skips[key, payload]} |  |  |  |  |  |  |  |  |  |")
            continue
        r = found.get((key, payload))
        if r is None:
            continue
        times = r.get("times") or []
        totals = [t["push"] + t["pull"] for t in times]
        med = median(r)
        ratio = f"{med / limit:.2f}×" if med and limit else "–"
        stored = size(r.get("stored")) if "stored" in r else "–"
        if r.get("stored_db"):
            stored = (
                f"{stored} + {size(r['stored_db'])} row" if r.get("stored") else f"{size(r['stored_db'])} row"
            )
        rss = "–"
        if times:
            rss = f"{size(r['rss_push_extra'])} / {size(r['rss_pull_extra'])}"
        lines.append(
            f"| {label} | {seconds(med)} | {seconds(min(totals)) if totals else '–'}–"
            f"{seconds(max(totals)) if totals else '–'} | "
            f"{seconds(statistics.median(t['push'] for t in times)) if times else '–'} | "
            f"{seconds(statistics.median(t['pull'] for t in times)) if times else '–'} | {ratio} | "
            f"{seconds(r.get('cpu')) if times else '–'} | "
            f"{requests(r.get('push_requests'))} / {requests(r.get('pull_requests'))} | {stored} | {rss} | "
            f"{outcome(r)} |"
        )
    return lines


def targets(data: dict[str, Any]) -> list[tuple[str, str, bool | None]]:
    """Each target of issue 8: (what, measured, met?) — None when it could not be measured."""
    found = index(data)
    kit = {p: found.get(("xcomkit", p)) for p in data["payloads"]}
    rows: list[tuple[str, str, bool | None]] = []

    def ratio(a: str, b: str, p: str, field: str = "median") -> float | None:
        x, y = (found.get((c, p)) or {} for c in (a, b))
        if x.get("error") or y.get("error") or not x.get(field) or not y.get(field):
            return None
        return x[field] / y[field]

    def timing(what: str, a: str, b: str, p: str, bound: float, *, at_least: bool = False) -> None:
        """A wall-time ratio target, met or not on wall time; the CPU-time ratio shown beside it."""
        wall, cpu = ratio(a, b, p), ratio(a, b, p, "cpu")
        shown = "–" if wall is None else f"{wall:.2f}× (CPU {cpu:.2f}×)" if cpu else f"{wall:.2f}×"
        met = None if wall is None else (wall >= bound if at_least else wall <= bound)
        rows.append((what, shown, met))

    for p in data["payloads"]:
        limit = "boto3-codec" if ("boto3-codec", p) in found else "boto3"  # bytes: the codec is a no-op
        timing(f"{PAYLOADS[p].label}: xcomkit ≤ 1.2× raw + codec", "xcomkit", limit, p, 1.2)
    for p, r in kit.items():
        if r and not r.get("error") and r.get("stored", 0) <= MULTIPART_THRESHOLD:
            push, pull = sum(r["push_requests"].values()), sum(r["pull_requests"].values())
            rows.append((f"{PAYLOADS[p].label}: 1 request per push and per pull", f"{push} / {pull}",
                         push == 1 and pull == 1))  # fmt: skip
    if "df-1m" in kit:
        for peer, factor in (("common-io", 3), ("seed", 15)):
            timing(
                f"DataFrame: ≥ {factor}× faster than {peer}", peer, "xcomkit", "df-1m", factor, at_least=True
            )
        k, s = kit["df-1m"], found.get(("seed", "df-1m"))
        rows.append(("DataFrame: exactly equal through xcomkit (seed: not)",
                     f"xcomkit {outcome(k) if k else '–'}; seed {outcome(s) if s else '–'}",
                     bool(k and not k.get("error") and k.get("difference") is None)))  # fmt: skip
    if "bytes-100m" in kit:
        timing("100 MiB bytes: ≤ 1.1× raw boto3", "xcomkit", "boto3", "bytes-100m", 1.1)
    big = kit.get("bytes-1g")
    if big and not big.get("error"):
        # The value's own footprint plus the most the push added on top of it.
        grown = big["rss_with_value"] - big["rss_baseline"] + big["rss_push_extra"]
        r = grown / big["value_bytes"]
        rows.append(("1 GiB push: peak RSS ≤ 1.2× the payload", f"{r:.2f}× ({size(grown)})", r <= 1.2))
    if "dict-1k" in kit:
        timing(
            "1 KiB inline (threshold set): ≤ 1.1× default backend",
            "xcomkit-db",
            "metadata-db",
            "dict-1k",
            1.1,
        )
    purge = found.get(("purge", None))
    if purge and not purge.get("error"):
        n = sum(purge["requests"].values())
        rows.append((f"purge {purge['objects']:,} objects: ≤ {max(1, purge['objects'] // 1000)} requests",
                     f"{n} requests, {seconds(purge['seconds'])}, {purge['left']} left",
                     n <= max(1, purge["objects"] // 1000) and purge["left"] == 0))  # fmt: skip
    return rows


def render(data: dict[str, Any], md_path: Path, png_path: Path) -> str:
    """Write the markdown report and the chart; return the markdown."""
    from chart import draw

    m = data["machine"]
    lines = ["# Benchmarks: xcomkit side by side with its peers", ""]
    if data["quick"]:
        lines += ["> **Quick mode** (`--quick`): small payloads, 2 runs, one process. A smoke check of the "
                  "harness; the figures mean nothing.", ""]  # fmt: skip
    runs, big_runs = ("2", "1") if data["quick"] else ("5", "3")
    lines += [
        "One run, one local S3-compatible server (SeaweedFS on loopback) and one PostgreSQL, each "
        "contender called as a task calls an XCom backend: `serialize_value(value, key=, dag_id=, "
        "run_id=, task_id=, map_index=)` then `deserialize_value(result)`. Times are push + pull, median "
        f"of {runs} runs after one warm-up (1 KiB: more runs; 1 GiB: {big_runs}, warmed up with its first "
        "KiB); spread is min–max. Each (contender, payload) runs in its own process"
        f"{' (not in quick mode)' if data['quick'] else ''}, so peak RSS (Linux high-water mark, reset per "
        "push and per pull) is its own; it is shown above the RSS at the start of the call. Requests are "
        "every S3 request botocore/aiobotocore sent, by operation. CPU is the task process's CPU time "
        "(all threads) for push + pull, median: steadier than wall time on shared cores, and shown beside "
        "each time ratio in the targets. 'raw boto3' puts bytes already "
        "encoded by the kit's codec; 'raw + codec in loop' encodes/decodes with the same codec inside the "
        "timing (the limit for that format). The DB contenders write the row with Airflow's "
        "`XComModel.set` and read it back with a select (PostgreSQL JSONB does not keep dict key order; "
        "equality here ignores it, as `==` does); the Task SDK → API server hop is left out for everyone.",
        "",
        f"![push + pull time per payload]({png_path.name})",
        "",
    ]
    for p in data["payloads"]:
        lines += [f"## {PAYLOADS[p].label}", "", *payload_table(data, p), ""]
    lines += ["## Targets (issue 8)", "", "| target | measured | met |", "|---|---|---|"]
    lines += [
        f"| {t} | {v} | {'–' if ok is None else ('yes' if ok else '**no**')} |" for t, v, ok in targets(data)
    ]
    lines += ["", "## Machine", ""]
    lines += [
        f"- CPU: {m['cpu']}, {m['cores']} cores; RAM {size(m['memory'])}; {m['os']}; Python {m['python']}",
        f"- load average (1 min) at start / end: {m['load'][0]} / {m['load'][1]}; the cores are shared, "
        "so compare ratios within this run, not absolute times across runs",
        "- " + ", ".join(f"{k} {v}" for k, v in m["versions"].items()),
        f"- whole run: {data['elapsed'] / 60:.1f} min (`make bench`; `python bench/run.py --quick` for "
        "the smoke check)",
        "",
    ]
    lines += readme_section(data, md_path)
    text = "\n".join(lines) + "\n"
    md_path.write_text(text)
    draw(data, png_path)
    return text


def readme_section(data: dict[str, Any], md_path: Path) -> list[str]:
    """A short table and a link, ready to paste into the README."""
    found = index(data)
    peers = [c for c in ("xcomkit", "common-io", "seed", "metadata-db") if c in data["contenders"]]
    head = "| push + pull | " + " | ".join(CONTENDERS[c].label for c in peers) + " |"
    lines = ["## For the README", "", "```markdown", head, "|---|" + "---:|" * len(peers)]
    for p in (p for p in data["payloads"] if p != "bytes-1g"):
        cells = []
        for c in peers:
            r = found.get((c, p))
            cells.append(
                "–" if r is None else (r["error"].split(":")[0] if r.get("error") else seconds(median(r)))
            )
        lines.append(f"| {PAYLOADS[p].label} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "Median push + pull on one local S3 server (SeaweedFS) and PostgreSQL; figures, requests, memory "
        f"and equality in [docs/benchmarks.md](docs/{md_path.name}).",
        "```",
    ]
    return lines
