#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Top-1 against stream length for the SC MAC (rsacc-net sc-accuracy writes it).

  plot_sc_accuracy.py REPORT_sc.json --out FILE.png
One line per (rng, sharing); exact int8 and float as horizontal references, and for a network
up-scaled for SC (rsacc-net import --sc-upscale) the plain int8 quantisation's exact top-1 too."""
import argparse
import json
import sys
from collections import defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("report")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    try:
        r = json.load(open(a.report))
        lines = defaultdict(list)
        for s in r["settings"]:
            lines[(s["rng"], s["sharing"])].append((s["length"], 100 * s["top1"]))
    except (OSError, ValueError, KeyError) as e:
        print(f"plot_sc_accuracy: {a.report}: {e}", file=sys.stderr)
        return 1
    fig, ax = plt.subplots(figsize=(6.4, 4.2))
    for (rng, sharing), pts in sorted(lines.items()):
        pts.sort()
        ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o",
                linestyle="-" if rng == "sobol" else "--", label=f"SC {rng}, {sharing}")
    upscaled = r.get("upscaled", False)
    ax.axhline(100 * r["int8_top1"], color="black", linewidth=1,
               label="exact int8, up-scaled" if upscaled else "exact int8")
    if r.get("int8_plain_top1") is not None:
        ax.axhline(100 * r["int8_plain_top1"], color="black", linewidth=1, linestyle="--",
                   label="exact int8, plain")
    ax.axhline(100 * r["float_top1"], color="gray", linewidth=1, linestyle=":", label="float")
    ax.set_xscale("log", base=2)
    lengths = sorted({s["length"] for s in r["settings"]})
    ax.set_xticks(lengths)
    ax.set_xticklabels([str(v) for v in lengths])
    ax.set_xlabel("stream length L (cycles per MAC at 1 lane)")
    ax.set_ylabel("top-1 (%)")
    name = r["network"] + (", up-scaled for SC" if upscaled else "")
    ax.set_title(f"{name}: SC MAC bit-true model, {r['images']} test images", fontsize=10)
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(a.out, dpi=110)
    return 0


if __name__ == "__main__":
    sys.exit(main())
