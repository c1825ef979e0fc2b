"""Turn the raw figures into docs/benchmarks.md (tables per store, targets, profiles) and the chart."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from xcomkit_bench.contenders import CONTENDERS
from xcomkit_bench.figures import LIMIT, index, median, outcome, requests, seconds, size
from xcomkit_bench.payloads import PAYLOADS
from xcomkit_bench.targets import targets

PACKAGES = (
    "apache-airflow",
    "apache-airflow-providers-amazon",
    "apache-airflow-providers-common-io",
    "boto3",
    "s3fs",
    "msgspec",
    "google-cloud-storage",
    "azure-storage-blob",
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


STORE_TITLES = {
    "s3": "S3 (SeaweedFS), with the peers",
    "gcs": "GCS (gcp-storage-emulator)",
    "azure": "Azure Blob (Azurite)",
    "local": "local store (the run's filesystem)",
}


def payload_table(data: dict[str, Any], store: str, payload: str) -> list[str]:
    """One markdown table: a row per contender for this store and payload."""
    found = index(data)
    skips = {(s, c, p): why for s, c, p, why in data["skips"]}
    limit_key = LIMIT[PAYLOADS[payload].kind]
    limit = median(found.get((store, limit_key, payload)))
    lines = [
        "| contender | push + pull (median) | spread (min–max) | push | pull "
        f"| × {CONTENDERS[limit_key].label(store)} | CPU | requests push / pull | stored "
        "| peak RSS push / pull (above value) | came back |",
        "|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---|",
    ]
    for key in data["contenders"]:
        label = CONTENDERS[key].label(store)
        if (store, key, payload) in skips:
            lines.append(f"| {label} | not run: {skips[store, key, payload]} |  |  |  |  |  |  |  |  |  |")
            continue
        r = found.get((store, key, payload))
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
        rss = f"{size(r['rss_push_extra'])} / {size(r['rss_pull_extra'])}" if times else "–"
        spread = f"{seconds(min(totals))}–{seconds(max(totals))}" if totals else "–"
        push = seconds(statistics.median(t["push"] for t in times)) if times else "–"
        pull = seconds(statistics.median(t["pull"] for t in times)) if times else "–"
        reqs = (
            f"{requests(r.get('push_requests'))} / {requests(r.get('pull_requests'))}"
            if store == "s3"
            else "–"
        )
        lines.append(
            f"| {label} | {seconds(med)} | {spread} | {push} | {pull} | {ratio} | "
            f"{seconds(r.get('cpu')) if times else '–'} | {reqs} | {stored} | {rss} | {outcome(r)} |"
        )
    return lines


def intro(data: dict[str, Any], png_name: str) -> list[str]:
    """How the figures were taken."""
    runs, big_runs = ("2", "1") if data["quick"] else ("5", "3")
    quick = (
        ["> **Quick mode** (`--quick`): small payloads, 2 runs, one process per store. A smoke check of "
         "the harness; the figures mean nothing.", ""]
        if data["quick"] else []
    )  # fmt: skip
    return [
        "# Benchmarks: xcomkit side by side with its peers and with each format's and store's limits",
        "",
        *quick,
        "Each contender is called as a task calls an XCom backend: `serialize_value(value, key=, dag_id=, "
        "run_id=, task_id=, map_index=)` then `deserialize_value(result)`. Times are push + pull, median "
        f"of {runs} runs after one warm-up (1 KiB: more runs; 1 GiB: {big_runs}, warmed up with its first "
        "KiB); spread is min–max. Each (store, contender, payload) runs in its own process"
        f"{' (not in quick mode)' if data['quick'] else ''}, so peak RSS (Linux high-water mark, reset per "
        "push and per pull) is its own; it is shown above the RSS at the start of the call. CPU is the "
        "process's CPU time (all threads) for push + pull, median: steadier than wall time on shared "
        "cores, and shown beside each time ratio in the targets. Requests (S3 only) are every request "
        "botocore/aiobotocore sent, by operation.",
        "",
        "The limits are the format's and the store's own, not xcomkit's code: 'raw <SDK> put/get' moves "
        "the bytes xcomkit writes with the store's SDK alone (boto3, google-cloud-storage, "
        "azure-storage-blob, or plain file write/read), encoded outside the timing; 'raw <SDK> + <format> "
        "in loop' encodes and decodes with the format's own library (stdlib json, msgspec, pyarrow "
        "Parquet) inside the timing. The ratio column of each table is against the plain format in the "
        "loop (stdlib json for JSON, Parquet for frames) or the transfer (bytes). The peers (common-io, "
        "the seed, the default backend) run on S3, as they are used; their rows go through Airflow's "
        "`XComModel` in PostgreSQL where the database holds the value (JSONB does not keep dict key "
        "order; equality ignores it, as `==` does). The Task SDK → API server hop is left out for all.",
        "",
        f"![push + pull time per payload on S3]({png_name})",
        "",
    ]


def notes(md_path: Path) -> list[str]:
    """The hand-written notes beside the report (docs/benchmarks-notes.md): choices, misses and why."""
    path = md_path.parent / "benchmarks-notes.md"
    return [path.read_text().rstrip(), ""] if path.exists() else []


def profiles(md_path: Path) -> list[str]:
    """The before/after profiles of the 10 MiB JSON push + pull (`python -m xcomkit_bench.profile`)."""
    folder = md_path.parent / "profiles"
    found = [(when, folder / f"json-10m-{when}.txt") for when in ("before", "after")]
    if not any(path.exists() for _, path in found):
        return []
    lines = ["## Profiles: 10 MiB JSON list, push + pull (local store, pyinstrument)", ""]
    for when, path in found:
        if path.exists():
            lines += [f"### {when}", "", "```text", path.read_text().rstrip(), "```", ""]
    return lines


def render(data: dict[str, Any], md_path: Path, png_path: Path) -> str:
    """Write the markdown report and the chart; return the markdown."""
    from xcomkit_bench.chart import draw

    m = data["machine"]
    lines = intro(data, png_path.name)
    for store in data.get("stores", ["s3"]):
        lines += [f"## {STORE_TITLES[store]}", ""]
        for p in data["payloads"]:
            table = payload_table(data, store, p)
            if len(table) > 2:
                lines += [f"### {PAYLOADS[p].label}", "", *table, ""]
    lines += ["## Targets (issue 12)", "", "| target | measured | met |", "|---|---|---|"]
    lines += [
        f"| {t} | {v} | {'–' if ok is None else ('yes' if ok else '**no**')} |" for t, v, ok in targets(data)
    ]
    lines += ["", *notes(md_path), *profiles(md_path), "## Machine", ""]
    lines += [
        f"- CPU: {m['cpu']}, {m['cores']} cores; RAM {size(m['memory'])}; {m['os']}; Python {m['python']}",
        f"- load average (1 min) at start / end: {m['load'][0]} / {m['load'][1]}; the cores are shared, "
        "so compare ratios within this run, not absolute times across runs",
        "- " + ", ".join(f"{k} {v}" for k, v in m["versions"].items()),
        f"- whole run: {data['elapsed'] / 60:.1f} min (`make bench`; `python -m xcomkit_bench --quick` for "
        "the smoke check)",
        "",
    ]
    lines += readme_section(data, md_path)
    text = "\n".join(lines) + "\n"
    md_path.write_text(text)
    draw(data, png_path)
    return text


def readme_section(data: dict[str, Any], md_path: Path) -> list[str]:
    """A short table and a link, ready to paste into the README (S3, where the peers run)."""
    found = index(data)
    peers = [c for c in ("xcomkit", "common-io", "seed", "metadata-db") if c in data["contenders"]]
    head = "| push + pull | " + " | ".join(CONTENDERS[c].label("s3") for c in peers) + " |"
    lines = ["## For the README", "", "```markdown", head, "|---|" + "---:|" * len(peers)]
    for p in (p for p in data["payloads"] if p != "bytes-1g"):
        cells = []
        for c in peers:
            r = found.get(("s3", c, p))
            cells.append(
                "–" if r is None else (r["error"].split(":")[0] if r.get("error") else seconds(median(r)))
            )
        lines.append(f"| {PAYLOADS[p].label} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "Median push + pull on one local S3 server (SeaweedFS) and PostgreSQL; figures, requests, memory, "
        f"equality and the GCS, Azure and local stores in [docs/benchmarks.md](docs/{md_path.name}).",
        "```",
    ]
    return lines
