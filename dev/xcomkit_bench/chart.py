"""The chart: one panel per payload on S3 (median push + pull, min–max whiskers), plus 1 GiB push memory."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from xcomkit_bench.contenders import CONTENDERS
from xcomkit_bench.payloads import MIB, PAYLOADS

if TYPE_CHECKING:
    from pathlib import Path

COLOURS = {"raw": "#9e9e9e", "raw-json": "#757575", "raw-msgspec": "#616161", "raw-parquet": "#424242",
           "xcomkit": "#1b7f3b", "xcomkit-db": "#57b36e", "common-io": "#1f5fa8", "seed": "#c0392b",
           "metadata-db": "#b8860b"}  # fmt: skip
STORE = "s3"  # where the peers run


def draw(data: dict[str, Any], path: Path) -> None:
    """Write the PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter, NullFormatter

    found = {(r["contender"], r.get("payload")): r for r in data["results"] if r.get("store", STORE) == STORE}
    payloads = data["payloads"]
    fig, axes = plt.subplots(2, 3, figsize=(16, 9))
    axes = axes.ravel()
    for ax, payload in zip(axes, payloads, strict=False):
        names, values, low, high, notes = [], [], [], [], []
        for key in data["contenders"]:
            r = found.get((key, payload))
            if r is None:
                continue
            names.append(CONTENDERS[key].label(STORE))
            totals = [t["push"] + t["pull"] for t in r.get("times") or []]
            if r.get("error") or not totals:
                values.append(0.0)
                low.append(0.0)
                high.append(0.0)
                notes.append((r.get("error") or "not run").split(":")[0])
                continue
            med = r["median"]
            values.append(med)
            low.append(med - min(totals))
            high.append(max(totals) - med)
            notes.append(f"{med * 1000:.0f} ms" if med < 1 else f"{med:.2f} s")
        y = range(len(names))
        ax.barh(
            y,
            values,
            xerr=[low, high],
            color=[COLOURS.get(k, "#9e9e9e") for k in data["contenders"] if (k, payload) in found],
        )
        ax.set_yticks(list(y), names, fontsize=8)
        ax.invert_yaxis()
        positive = [v for v in values if v > 0]
        if positive and max(positive) / min(positive) > 20:
            ax.set_xscale("log")
            ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
            ax.xaxis.set_minor_formatter(NullFormatter())
        for i, (value, note) in enumerate(zip(values, notes, strict=True)):
            ax.text(
                value if value > 0 else (min(positive) if positive else 0),
                i,
                f" {note}",
                va="center",
                fontsize=8,
            )
        ax.set_title(PAYLOADS[payload].label + (" (quick size)" if data["quick"] else ""), fontsize=10)
        ax.set_xlabel("push + pull, seconds")
    _memory_panel(axes[len(payloads)] if len(payloads) < len(axes) else None, data, found)
    for ax in axes[len(payloads) + 1 :]:
        ax.axis("off")
    fig.suptitle("XCom push + pull on one local S3 server (SeaweedFS) and PostgreSQL: median, min–max")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _memory_panel(ax: Any, data: dict[str, Any], found: dict[tuple[str, Any], dict[str, Any]]) -> None:
    """Peak RSS added while pushing the largest bytes payload, per contender that took it."""
    if ax is None or "bytes-1g" not in data["payloads"]:
        if ax is not None:
            ax.axis("off")
        return
    rows = [(k, found[(k, "bytes-1g")]) for k in data["contenders"] if (k, "bytes-1g") in found]
    rows = [(k, r) for k, r in rows if not r.get("error") and r.get("times")]
    names = [CONTENDERS[k].label(STORE) for k, _ in rows]
    push = [r["rss_push_extra"] / MIB for _, r in rows]
    pull = [r["rss_pull_extra"] / MIB for _, r in rows]
    y = list(range(len(rows)))
    ax.barh([i - 0.2 for i in y], push, height=0.4, label="push", color="#1b7f3b")
    ax.barh([i + 0.2 for i in y], pull, height=0.4, label="pull", color="#9e9e9e")
    ax.set_yticks(y, names, fontsize=8)
    ax.invert_yaxis()
    if rows:
        allowance = 0.2 * rows[0][1]["value_bytes"] / MIB
        ax.axvline(allowance, color="#c0392b", linestyle="--", label="push target (1.2× payload)")
    ax.set_xlabel("peak RSS above the value, MiB")
    ax.set_title(PAYLOADS["bytes-1g"].label, fontsize=10)
    ax.legend(fontsize=8)
