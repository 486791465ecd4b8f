#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Prints the AlexNet CONV1-5 benchmark table (README) from rsacc-sim's reports/<layer>.json.

Usage: scripts/alexnet_table.py [report_dir]   (default: reports)
Eyeriss v1 figures: ../shared/reference/eyeriss-v1.md (ISSCC 2016, batch 4, 200 MHz, cycles derived).
"""
import json
import os
import sys

EYERISS = {  # layer: (published Mcycles at 200 MHz, DRAM MB, active PEs)
    "alexnet_conv1": (4.18, 5.0, 154),
    "alexnet_conv2": (8.38, 4.0, 135),
    "alexnet_conv3": (4.72, 3.0, 156),
    "alexnet_conv4": (3.68, 2.1, 156),
    "alexnet_conv5": (2.10, 1.3, 156),
}


def main():
    rdir = sys.argv[1] if len(sys.argv) > 1 else "reports"
    rows, tot = [], {"cyc": 0, "eye": 0.0, "ideal": 0, "dram": 0.0, "wall": 0.0, "macs": 0}
    mappings = []
    for name, (eye_mc, eye_mb, eye_pes) in EYERISS.items():
        path = os.path.join(rdir, name + ".json")
        if not os.path.exists(path):
            rows.append(f"| {name} | (no report: {path}) | | | | | | | |")
            continue
        r = json.load(open(path))
        m = r["mapping"]
        within = m.get("cycles_within", 0)
        mappings.append(f"{name} n={m['n']} e={m['e']} p={m['p']} q={m['q']} r={m['r']} t={m['t']} "
                        f"{m.get('loop_order', '')} [objective {m.get('objective', 'cycles')}"
                        f"{f', cycles within {within}x of the fastest' if within else ''}]")
        dram = (sum(r["dram_read_bytes"].values()) + sum(r["dram_write_bytes"].values())) / 1e6
        cyc = r["cycles"]
        tot["cyc"] += cyc
        tot["eye"] += eye_mc
        tot["ideal"] += r["ideal_cycles"]
        tot["dram"] += dram
        tot["wall"] += r["sim_wall_seconds"]
        tot["macs"] += r["macs"]
        util = "n/a" if r["utilization"] is None else f"{100 * r['utilization']:.1f} %"
        rows.append(
            f"| {name} (N={r['layer']['N']}) | {r['status']} | {cyc / 1e6:.2f} M | {eye_mc:.2f} M | "
            f"{r['ideal_cycles'] / 1e6:.2f} M | {util} | "
            f"{r['active_pes']} ({eye_pes}) | {dram:.2f} MB ({eye_mb:.1f}) | "
            f"{r['sim_khz']:.1f} kHz{'' if r.get('sim_assertions', True) else ' (no SVA)'}, "
            f"{r['sim_wall_seconds']:.0f} s |")
    print("| layer | status | cycles | Eyeriss | ideal (MACs/PEs) | utilization | active PEs "
          "(Eyeriss) | DRAM (Eyeriss) | simulation |")
    print("|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        print(row)
    if tot["cyc"]:
        print(f"| total | | {tot['cyc'] / 1e6:.2f} M | {tot['eye']:.2f} M | {tot['ideal'] / 1e6:.2f} M | "
              f"| | {tot['dram']:.2f} MB | {tot['wall']:.0f} s |")
    for line in mappings:
        print("mapping", line)


if __name__ == "__main__":
    main()
