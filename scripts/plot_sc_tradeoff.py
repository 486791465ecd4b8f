#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The stochastic MAC's trade-off (docs/stochastic.md): a sweep over MAC kinds, lane counts and
stream lengths (synth/sweeps/sc_space.yaml) joined with the top-1 of rsacc-net sc-accuracy's
report. Writes OUTDIR/sc_tradeoff.csv (one row per point: area, cycles, top-1) and three PNGs:
area against lanes (per-PE MAC datapath, PE, whole accelerator, exact int8/int16 as lines),
cycles against lanes per L, and top-1 against area and against cycles with the Pareto fronts.

Usage: plot_sc_tradeoff.py SWEEP_CSV SC_REPORT OUTDIR [--rng sobol] [--sharing column]
       [--int16-top1 X]"""
import argparse
import csv
import json
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def pareto_max(points):
    """Indices of the points no other beats: smaller x (area or cycles) and larger y (top-1)."""
    front = [i for i, (x, y) in enumerate(points)
             if not any(x2 <= x and y2 >= y and (x2 < x or y2 > y) for x2, y2 in points)]
    return sorted(front, key=lambda i: points[i][0])


def fail(msg):
    sys.exit(f"plot_sc_tradeoff: {msg}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sweep_csv")
    ap.add_argument("sc_report", help="rsacc-net sc-accuracy's JSON (e.g. fashion_lenet_sc_upscaled.json)")
    ap.add_argument("outdir")
    ap.add_argument("--rng", default="sobol", choices=["sobol", "lfsr"])
    ap.add_argument("--sharing", default="column", choices=["array", "column"])
    ap.add_argument("--int16-top1", type=float, help="exact int16 top-1 (rsacc-net run's report)")
    a = ap.parse_args()
    for p in (a.sweep_csv, a.sc_report):
        if not os.path.isfile(p):
            fail(f"{p}: no such file" + (" (rsacc-net import --sc-upscale, then rsacc-net sc-accuracy "
                                         "DIR/int8sc writes it)" if p == a.sc_report else ""))
    with open(a.sweep_csv, newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["status"] == "ok"]
    if "mac" not in (rows[0] if rows else {}):
        fail(f"{a.sweep_csv}: no finished point with a mac column (a sweep of synth/sweeps/sc_space.yaml)")
    with open(a.sc_report) as f:
        rep = json.load(f)
    acc = {(s["length"], s["rng"], s["sharing"]): s["top1"] for s in rep["settings"]}
    exact8 = rep.get("int8_plain_top1", rep["int8_top1"])

    table = []
    for r in rows:
        sc = r["mac"] == "sc"
        dw = int(r["data_width"] or 16)
        L = int(r["sc_length"]) if sc else None
        top1 = (acc.get((L, a.rng, a.sharing)) if sc else
                exact8 if dw == 8 else a.int16_top1)
        pe_mm2 = sum(float(r[c] or 0) for c in ("pe_mac_mm2", "pe_scratchpads_mm2", "pe_fifos_mm2",
                                                "pe_control_mm2"))
        table.append({"id": r["id"], "mac": "sc" if sc else "exact", "data_width": dw,
                      "sc_lanes": int(r["sc_lanes"]) if sc else "", "sc_length": L or "",
                      "pe_mac_um2": round(1e6 * float(r["pe_mac_mm2"])),
                      "pe_um2": round(1e6 * pe_mm2),
                      "array_mm2": float(r["array_mm2"]), "area_mm2": float(r["area_mm2"]),
                      "cycles": int(r["total_cycles"]) if r["total_cycles"] else None,
                      "top1": top1})
    os.makedirs(a.outdir, exist_ok=True)
    with open(os.path.join(a.outdir, "sc_tradeoff.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(table[0].keys()))
        w.writeheader()
        w.writerows(table)

    sc_rows = [t for t in table if t["mac"] == "sc"]
    exact = {t["data_width"]: t for t in table if t["mac"] == "exact"}
    lanes = sorted({t["sc_lanes"] for t in sc_rows})
    by_lanes = {n: next(t for t in sc_rows if t["sc_lanes"] == n) for n in lanes}

    # Area against lanes: the SC MAC datapath (with its generators), the PE, the accelerator.
    fig, axs = plt.subplots(1, 3, figsize=(14, 4.5))
    for ax, key, label in [(axs[0], "pe_mac_um2", "MAC datapath per PE (um^2)"),
                           (axs[1], "pe_um2", "PE with scratchpads (um^2)"),
                           (axs[2], "area_mm2", "accelerator, 12 x 14 + buffer (mm^2)")]:
        ax.plot(lanes, [by_lanes[n][key] for n in lanes], "o-", color="tab:red", label="SC MAC")
        for dw, style in [(8, "--"), (16, ":")]:
            if dw in exact:
                ax.axhline(exact[dw][key], linestyle=style, color="tab:blue", label=f"exact int{dw}")
        ax.set_xscale("log", base=2)
        ax.set_xlabel("SC_LANES (stream bits per cycle)")
        ax.set_ylabel(label)
        ax.legend(fontsize=7)
    fig.suptitle("Stochastic MAC: area against lanes (Yosys 0.23, OSU 0.18 um; docs/area.md)")
    fig.tight_layout()
    fig.savefig(os.path.join(a.outdir, "sc_area_vs_lanes.png"), dpi=120)
    plt.close(fig)

    # Cycles against lanes per L.
    fig, ax = plt.subplots(figsize=(7, 5))
    for L in sorted({t["sc_length"] for t in sc_rows}):
        pts = sorted((t["sc_lanes"], t["cycles"]) for t in sc_rows if t["sc_length"] == L and t["cycles"])
        ax.plot([p[0] for p in pts], [p[1] for p in pts], "o-", label=f"SC L={L}")
    for dw, style in [(8, "--"), (16, ":")]:
        if dw in exact and exact[dw]["cycles"]:
            ax.axhline(exact[dw]["cycles"], linestyle=style, color="k", label=f"exact int{dw}")
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xlabel("SC_LANES")
    ax.set_ylabel("cycles, AlexNet CONV1-5 batch 4 (cost model)")
    ax.set_title("Stochastic MAC: cycles against lanes (max(1, L / lanes) per MAC)")
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(os.path.join(a.outdir, "sc_cycles_vs_lanes.png"), dpi=120)
    plt.close(fig)

    # Top-1 against area and against cycles, Pareto fronts.
    have = [t for t in table if t["top1"] is not None and t["cycles"]]
    fig, axs = plt.subplots(1, 2, figsize=(14, 5.5))
    for ax, key, label, log in [(axs[0], "area_mm2", "accelerator area (mm^2)", False),
                                (axs[1], "cycles", "cycles, AlexNet CONV1-5 batch 4", True)]:
        pts = [(t[key], 100 * t["top1"]) for t in have]
        for mac, color in [("sc", "tab:red"), ("exact", "tab:blue")]:
            sel = [i for i, t in enumerate(have) if t["mac"] == mac]
            ax.scatter([pts[i][0] for i in sel], [pts[i][1] for i in sel], color=color,
                       label=f"{mac} MAC", zorder=3)
        front = pareto_max(pts)
        ax.plot([pts[i][0] for i in front], [pts[i][1] for i in front], "-", color="k", alpha=0.5,
                label="Pareto front")
        for i, t in enumerate(have):
            name = (f"{t['sc_lanes']}l L{t['sc_length']}" if t["mac"] == "sc"
                    else f"int{t['data_width']}")
            ax.annotate(name, pts[i], fontsize=5, xytext=(3, 2), textcoords="offset points")
        if log:
            ax.set_xscale("log")
        ax.set_xlabel(label)
        ax.set_ylabel("Fashion-MNIST top-1 (%)")
        ax.legend(fontsize=7)
    fig.suptitle(f"Top-1 ({rep['network']}, {rep['images']} test images; SC: bit-true model, "
                 f"{a.rng} {a.sharing}) against area and cycles")
    fig.tight_layout()
    fig.savefig(os.path.join(a.outdir, "sc_accuracy_vs_area.png"), dpi=120)
    plt.close(fig)
    print(f"plot_sc_tradeoff: {len(table)} points -> {a.outdir}/sc_tradeoff.csv, "
          "sc_area_vs_lanes.png, sc_cycles_vs_lanes.png, sc_accuracy_vs_area.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
