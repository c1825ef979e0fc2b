"""The targets of issue 12 (and those of issue 8 that stand), each measured within one run."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from xcomkit_bench.contenders import CONTENDERS
from xcomkit_bench.figures import LIMIT, index, outcome, seconds, size
from xcomkit_bench.payloads import MIB, PAYLOADS

if TYPE_CHECKING:
    from xcomkit_bench.figures import Results

MULTIPART_THRESHOLD = 256 * MIB  # xcomkit.stores.s3: one PutObject up to here
Target = tuple[str, str, bool | None]


class Targets:
    """Collect (what, measured, met?) rows; None when a target could not be measured."""

    def __init__(self, found: Results) -> None:
        self.found = found
        self.rows: list[Target] = []

    def ratio(self, a: tuple[str, str, str], b: tuple[str, str, str], field: str = "median") -> float | None:
        """A's figure over b's, if both ran."""
        x, y = self.found.get(a) or {}, self.found.get(b) or {}
        if x.get("error") or y.get("error") or not x.get(field) or not y.get(field):
            return None
        return x[field] / y[field]

    def timing(self, what: str, a: tuple, b: tuple, bound: float, *, at_least: bool = False) -> None:
        """A wall-time ratio target, met or not on wall time; the CPU-time ratio shown beside it."""
        wall, cpu = self.ratio(a, b), self.ratio(a, b, "cpu")
        shown = "–" if wall is None else f"{wall:.2f}× (CPU {cpu:.2f}×)" if cpu else f"{wall:.2f}×"
        met = None if wall is None else (wall >= bound if at_least else wall <= bound)
        self.rows.append((what, shown, met))


def targets(data: dict[str, Any]) -> list[Target]:
    """Every target the run's stores and payloads can measure."""
    t = Targets(index(data))
    for store in data.get("stores", ["s3"]):
        store_limits(t, store, data["payloads"])
    s3_targets(t, data["payloads"])
    return t.rows


def store_limits(t: Targets, store: str, payloads: list[str]) -> None:
    """Compare xcomkit with the limits on one store: stdlib JSON on S3, the raw SDK (+ format) elsewhere."""
    for p in payloads:
        kind = PAYLOADS[p].kind
        if (store, "xcomkit", p) not in t.found:
            continue
        if store == "s3" and kind in ("dict", "json"):
            t.timing(f"{PAYLOADS[p].label}: ≤ 1.2× raw boto3 + stdlib json in loop",
                     (store, "xcomkit", p), (store, LIMIT[kind], p), 1.2)  # fmt: skip
        elif store != "s3" and p != "bytes-1g":
            limit = LIMIT[kind] if (store, LIMIT[kind], p) in t.found else "raw"
            label = CONTENDERS[limit].label(store).removesuffix(" (limit)")
            t.timing(f"{store}, {PAYLOADS[p].label}: ≤ 1.2× {label}", (store, "xcomkit", p),
                     (store, limit, p), 1.2)  # fmt: skip
        if (store, "raw-durable", p) in t.found and kind == "bytes":
            label = CONTENDERS["raw-durable"].label(store).removesuffix(" (limit)")
            t.timing(f"{store}, {PAYLOADS[p].label}: ≤ 1.2× {label}", (store, "xcomkit", p),
                     (store, "raw-durable", p), 1.2)  # fmt: skip


def s3_targets(t: Targets, payloads: list[str]) -> None:
    """The targets measured on S3, against the peers and the transfer limit."""
    found, s3 = t.found, "s3"
    if (s3, "common-io", "json-10m") in found:
        t.timing("10 MiB JSON list: ≥ 2× faster than common-io", (s3, "common-io", "json-10m"),
                 (s3, "xcomkit", "json-10m"), 2, at_least=True)  # fmt: skip
    for p in payloads:
        r = found.get((s3, "xcomkit", p))
        if r and not r.get("error") and r.get("stored", 0) <= MULTIPART_THRESHOLD and p != "bytes-1g":
            push, pull = sum(r["push_requests"].values()), sum(r["pull_requests"].values())
            t.rows.append((f"{PAYLOADS[p].label}: 1 request per push and per pull", f"{push} / {pull}",
                           push == 1 and pull == 1))  # fmt: skip
    if (s3, "xcomkit", "bytes-100m") in found:
        t.timing("100 MiB bytes: ≤ 1.1× raw boto3", (s3, "xcomkit", "bytes-100m"),
                 (s3, "raw", "bytes-100m"), 1.1)  # fmt: skip
    j = found.get((s3, "xcomkit", "json-10m"))
    if j and not j.get("error") and j.get("times"):
        r = j["rss_push_extra"] / j["value_bytes"]
        t.rows.append(("10 MiB JSON push: peak RSS above the value ≤ 3× the JSON text",
                       f"{r:.2f}× ({size(j['rss_push_extra'])})", r <= 3))  # fmt: skip
    big = found.get((s3, "xcomkit", "bytes-1g"))
    if big and not big.get("error") and big.get("times"):
        grown = big["rss_with_value"] - big["rss_baseline"] + big["rss_push_extra"]
        r = grown / big["value_bytes"]
        t.rows.append(("1 GiB push: peak RSS ≤ 1.2× the payload", f"{r:.2f}× ({size(grown)})", r <= 1.2))
    if (s3, "xcomkit", "df-1m") in found:
        t.timing("DataFrame: ≥ 3× faster than common-io", (s3, "common-io", "df-1m"),
                 (s3, "xcomkit", "df-1m"), 3, at_least=True)  # fmt: skip
        k = found[(s3, "xcomkit", "df-1m")]
        t.rows.append(("DataFrame: exactly equal through xcomkit", outcome(k),
                       not k.get("error") and k.get("difference") is None))  # fmt: skip
    if (s3, "xcomkit-db", "dict-1k") in found:
        t.timing("1 KiB inline (threshold set): ≤ 1.1× default backend", (s3, "xcomkit-db", "dict-1k"),
                 (s3, "metadata-db", "dict-1k"), 1.1)  # fmt: skip
    purge = found.get((s3, "purge", None))
    if purge and not purge.get("error"):
        n, bound = sum(purge["requests"].values()), max(1, purge["objects"] // 1000)
        t.rows.append((f"purge {purge['objects']:,} objects: ≤ {bound} requests",
                       f"{n} requests, {seconds(purge['seconds'])}, {purge['left']} left",
                       n <= bound and purge["left"] == 0))  # fmt: skip
