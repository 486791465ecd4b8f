#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Markdown table of a sweep's CSV (rsacc-sweep), as docs/area.md shows the default sweep.

  sweep_table.py reports/sweep/<name>/<name>.csv
One row per point: array, filter words, D, area (logic + SRAM), logic kGE, the cost model's
cycles, utilisation and DRAM MB for the sweep's layer set, the simulated layers' RTL cycles
against the model's estimate, and whether the point is on the area/cycles Pareto front."""
import csv
import sys


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__.splitlines()[2].strip())
    rows = [r for r in csv.DictReader(open(sys.argv[1])) if r["status"] == "ok"]
    with_cycles = [r for r in rows if r["total_cycles"]]

    def dominated(r):
        a, c = float(r["area_mm2"]), float(r["total_cycles"])
        return any(float(o["area_mm2"]) <= a and float(o["total_cycles"]) <= c and
                   (float(o["area_mm2"]) < a or float(o["total_cycles"]) < c) for o in with_cycles)

    print("| array | filter words | D | area mm^2 (logic + SRAM) | logic kGE | cycles (model) "
          "| utilization | DRAM MB (model) | RTL cycles (model) | Pareto |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in sorted(rows, key=lambda r: (int(r["rows"]) * int(r["cols"]), int(r["filter_words"]),
                                         int(r["data_width"]))):
        model = bool(r["total_cycles"])
        sim = (f"{int(r['sim_cycles']) / 1e6:.3f} M ({int(r['sim_model_cycles']) / 1e6:.3f} M)"
               if r["simulated"] == "yes" else "not simulated")
        print(f"| {r['rows']} x {r['cols']} | {r['filter_words']} | {r['data_width']} "
              f"| {float(r['area_mm2']):.1f} ({float(r['logic_mm2']):.1f} + {float(r['sram_mm2']):.1f}) "
              f"| {float(r['logic_kge']):.0f} "
              f"| {int(r['total_cycles']) / 1e6:.2f} M | {100 * float(r['utilization']):.1f} % "
              f"| {int(r['dram_bytes']) / 1e6:.1f} " if model else
              f"| {r['rows']} x {r['cols']} | {r['filter_words']} | {r['data_width']} "
              f"| {float(r['area_mm2']):.1f} ({float(r['logic_mm2']):.1f} + {float(r['sram_mm2']):.1f}) "
              f"| {float(r['logic_kge']):.0f} | unmapped layer | | ", end="")
        print(f"| {sim} | {'yes' if model and not dominated(r) else ''} |")


if __name__ == "__main__":
    main()
