#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Checks the smoke sweep's output (synth/sweeps/smoke.yaml): every point finished, the plots
exist, and the figures move the way the parameters say. With a second CSV, the two must be equal
(the Slurm runner against the local one). Usage: check_sweep.py OUTDIR [OTHER_CSV]
check_sweep.py --sim OUTDIR: the one simulated point of tests/synth/data/sim_point.yaml.
check_sweep.py --sc OUTDIR: the exact and stochastic points of tests/synth/data/sc_points.yaml."""
import csv
import os
import sys


def rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def report(errors, ok):
    """Prints the errors, or `ok` when there are none; the exit status."""
    for e in errors:
        print("check_sweep:", e)
    if not errors:
        print("check_sweep:", ok)
    return 1 if errors else 0


def check_sim(out):
    r = rows(os.path.join(out, "sim_point.csv"))
    errors = []
    if len(r) != 1 or r[0]["status"] != "ok":
        errors.append(f"expected one ok point: {r}")
    else:
        x = r[0]
        if x["simulated"] != "yes":
            errors.append("the point was not simulated")
        for k in ("sim_cycles", "sim_model_cycles", "sim_dram_bytes", "sim_energy"):
            if not x[k] or float(x[k]) <= 0:
                errors.append(f"{k} = '{x[k]}', expected > 0")
        if not errors:
            # The cost model's DRAM bytes (command list) and the RTL's measured traffic of the same
            # layer agree to a few per cent (partial beats, the command header).
            model, sim = float(x["dram_bytes"]), float(x["sim_dram_bytes"])
            if abs(sim - model) > 0.05 * model:
                errors.append(f"DRAM bytes: model {model:.0f}, RTL {sim:.0f}")
    return report(errors, f"{out}: simulated point ok")


def check_sc(out):
    r = rows(os.path.join(out, "sc_points.csv"))
    errors = []
    if [x["status"] for x in r] != ["ok", "ok"] or [x["mac"] or "exact" for x in r] != ["exact", "sc"]:
        errors.append(f"expected an ok exact and an ok sc point: {r}")
    else:
        ex, sc = r
        a = lambda x, k: float(x[k])
        if sc["sc_lanes"] != "8" or sc["sc_length"] != "32" or ex["sc_lanes"] or ex["sc_length"]:
            errors.append("sc_lanes/sc_length columns wrong")
        # The multiplier is the only difference: the MAC datapath changes, the scratchpads not.
        if a(sc, "pe_mac_mm2") == a(ex, "pe_mac_mm2"):
            errors.append("the SC point's MAC datapath has the exact one's area")
        if a(sc, "pe_scratchpads_mm2") != a(ex, "pe_scratchpads_mm2"):
            errors.append("the MAC kind changed the scratchpads' area")
        # L / lanes = 4 cycles per MAC: a compute-bound layer set takes 2 to 4 times as long.
        ratio = a(sc, "total_cycles") / a(ex, "total_cycles")
        if not 2.0 < ratio <= 4.0:
            errors.append(f"SC / exact cycles = {ratio:.2f}, expected in (2, 4]")
    return report(errors, f"{out}: exact and SC points ok")


def main():
    if sys.argv[1] == "--sim":
        return check_sim(sys.argv[2])
    if sys.argv[1] == "--sc":
        return check_sc(sys.argv[2])
    out = sys.argv[1]
    csv_path = os.path.join(out, "smoke.csv")
    r = rows(csv_path)
    errors = []
    if len(r) != 3:
        errors.append(f"{len(r)} rows, expected 3")
    for x in r:
        if x["status"] != "ok":
            errors.append(f"point {x['id']}: {x['status']} {x['notes']}")
    for png in ("area_breakdown", "area_vs_cycles", "area_vs_dram"):
        p = os.path.join(out, f"smoke_{png}.png")
        if not os.path.isfile(p) or os.path.getsize(p) < 1000:
            errors.append(f"{p} missing or empty")
    if not errors:
        c2, c4, f8 = r[0], r[1], r[2]
        a = lambda x, k: float(x[k])
        # Twice the columns: about twice the array, fewer cycles.
        ratio = a(c4, "array_mm2") / a(c2, "array_mm2")
        if not 1.8 < ratio < 2.2:
            errors.append(f"array area ratio 4 cols / 2 cols = {ratio:.3f}, expected about 2")
        if not a(c4, "total_cycles") < a(c2, "total_cycles"):
            errors.append("4 columns do not take fewer cycles than 2")
        # Deeper psum FIFOs: more FIFO area and flops, the cost model's cycles unchanged.
        if not a(f8, "pe_fifos_mm2") > a(c2, "pe_fifos_mm2"):
            errors.append("psum FIFO depth 8 is not larger than depth 4")
        extra = int(f8["flop_bits"]) - int(c2["flop_bits"])
        expect = 3 * 2 * 2 * (32 * 4 + 1 + 1 + 1)  # 6 PEs x 2 fifo_pairs x (4 more words, +1 ptr/count bits)
        if extra != expect:
            errors.append(f"psum FIFO 4 -> 8 adds {extra} flop bits, expected {expect}")
        if f8["total_cycles"] != c2["total_cycles"]:
            errors.append("psum FIFO depth changed the cost model's cycles")
    if len(sys.argv) > 2:
        other = rows(sys.argv[2])
        if other != r:
            errors.append(f"{sys.argv[2]} differs from {csv_path}")
    return report(errors, f"{csv_path}: 3 points ok" +
                  (f", equal to {sys.argv[2]}" if len(sys.argv) > 2 else ""))


if __name__ == "__main__":
    sys.exit(main())
