#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Plots of a design-space sweep (rsacc-sweep's CSV): area breakdown per point, area against
cycles with the Pareto front marked, area against DRAM bytes. Usage: plot_sweep.py CSV OUTDIR"""
import csv
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def pareto(points):
    """Indices of the points no other point beats in both area and cycles (smaller is better)."""
    front = []
    for i, (a, c) in enumerate(points):
        if not any((a2 <= a and c2 <= c) and (a2 < a or c2 < c) for a2, c2 in points):
            front.append(i)
    return sorted(front, key=lambda i: points[i][0])


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: plot_sweep.py CSV OUTDIR")
    path, out = sys.argv[1], sys.argv[2]
    with open(path, newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["status"] == "ok"]
    name = os.path.splitext(os.path.basename(path))[0]
    if not rows:
        print(f"plot_sweep: {path}: no finished point to plot", file=sys.stderr)
        return 0
    labels = [r["id"].replace("_", "\n") for r in rows]
    parts = [("pe array", "array_mm2"), ("buffer", "buffer_mm2"), ("controller", "controller_mm2"),
             ("DMAs", "dmas_mm2"), ("streamers", "streamers_mm2"), ("top glue", "top_glue_mm2")]
    fig, ax = plt.subplots(figsize=(max(6, 0.9 * len(rows) + 2), 5))
    bottom = [0.0] * len(rows)
    for label, col in parts:
        vals = [float(r[col] or 0) for r in rows]
        ax.bar(range(len(rows)), vals, bottom=bottom, label=label)
        bottom = [b + v for b, v in zip(bottom, vals)]
    ax.set_xticks(range(len(rows)))
    ax.set_xticklabels(labels, fontsize=6)
    ax.set_ylabel("area (mm^2: logic from the Liberty + SRAM model)")
    ax.set_title(f"{name}: area by block")
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(os.path.join(out, f"{name}_area_breakdown.png"), dpi=120)
    plt.close(fig)

    for ycol, ylabel, suffix in [("total_cycles", "cycles of the layer set (cost model)", "area_vs_cycles"),
                                 ("dram_bytes", "DRAM bytes of the layer set (command list)", "area_vs_dram")]:
        have = [r for r in rows if r[ycol]]  # points where every layer maps
        if not have:
            continue
        pts = [(float(r["area_mm2"]), float(r[ycol])) for r in have]
        fig, ax = plt.subplots(figsize=(7, 5))
        ax.scatter([p[0] for p in pts], [p[1] for p in pts], color="tab:blue", label="points")
        front = pareto(pts)
        ax.plot([pts[i][0] for i in front], [pts[i][1] for i in front], "o-", color="tab:red",
                label="Pareto front")
        for i, r in enumerate(have):
            ax.annotate(r["id"], pts[i], fontsize=5, xytext=(3, 3), textcoords="offset points")
        ax.set_xlabel("area (mm^2)")
        ax.set_ylabel(ylabel)
        ax.set_title(f"{name}: area against {ycol}")
        ax.legend(fontsize=7)
        fig.tight_layout()
        fig.savefig(os.path.join(out, f"{name}_{suffix}.png"), dpi=120)
        plt.close(fig)
    return 0


if __name__ == "__main__":
    sys.exit(main())
