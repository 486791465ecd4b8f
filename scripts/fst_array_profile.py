#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Per-window activity of the PE array from an rsacc-sim FST trace (rsacc-sim --waves).

Prints, for every window of N cycles: transfers per cycle on the filter, ifmap and psum-in
networks and out of the array, PEs doing a MAC, busy PEs, PEs whose psum output is blocked and
PEs whose psum input has room but is offered nothing. Used for docs/architecture.md, "Open design findings".

Usage: scripts/fst_array_profile.py waves/<layer>.fst [--window N]   (needs fst2vcd, GTKWave)
"""
import argparse
import os
import shutil
import subprocess
import sys

# Signals of rsacc_top.u_array (rtl/array/pe_array.sv), by name.
WANTED = ["filt_valid_i", "filt_ready_o", "ifm_valid_i", "ifm_ready_o", "psum_valid_i",
          "psum_ready_o", "out_valid_o", "out_ready_i", "e_mac", "busy", "pout_v", "pout_r",
          "pin_v", "pin_r"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("fst")
    ap.add_argument("--window", type=int, default=1000, help="cycles per printed line")
    a = ap.parse_args()
    if not os.path.isfile(a.fst):
        sys.exit(f"fst_array_profile: no such trace file: {a.fst}")
    if a.window < 1:
        sys.exit(f"fst_array_profile: --window must be positive, got {a.window}")
    if shutil.which("fst2vcd") is None:
        sys.exit("fst_array_profile: fst2vcd not found (install gtkwave)")
    proc = subprocess.Popen(["fst2vcd", "-f", a.fst], stdout=subprocess.PIPE, text=True,
                            bufsize=1 << 20)
    scope, code_of = [], {}
    for line in proc.stdout:
        tok = line.split()
        if not tok:
            continue
        if tok[0] == "$scope":
            scope.append(tok[2])
        elif tok[0] == "$upscope":
            scope.pop()
        elif tok[0] == "$var" and scope[-2:] == ["rsacc_top", "u_array"] and tok[4] in WANTED:
            code_of[tok[4]] = tok[3]
        elif tok[0] == "$enddefinitions":
            break
    missing = [w for w in WANTED if w not in code_of]
    if missing:
        sys.exit(f"fst_array_profile: {a.fst} lacks rsacc_top.u_array signals {missing}")
    name_of = {c: n for n, c in code_of.items()}
    v = {n: 0 for n in WANTED}
    pop = lambda x: bin(x).count("1")
    sums, n, cycle, t = {}, 0, 0, 0
    print(f"{'cycle':>9} {'filt':>5} {'ifmap':>5} {'psumin':>6} {'out':>5} {'MAC PEs':>7} "
          f"{'busy':>6} {'out blocked':>11} {'in starved':>10}")
    for line in proc.stdout:
        c = line[0]
        if c == "#":
            nt = int(line[1:])
            # Even times follow the falling edge with the cycle's inputs applied: sample there.
            if t % 2 == 0 and nt % 2 == 1 and t > 0:
                row = (v["filt_valid_i"] & v["filt_ready_o"], v["ifm_valid_i"] & v["ifm_ready_o"],
                       v["psum_valid_i"] & v["psum_ready_o"], v["out_valid_o"] & v["out_ready_i"],
                       pop(v["e_mac"]), pop(v["busy"]), pop(v["pout_v"] & ~v["pout_r"]),
                       pop(v["pin_r"] & ~v["pin_v"]))
                sums = {i: sums.get(i, 0) + x for i, x in enumerate(row)}
                n += 1
                cycle += 1
                if n == a.window:
                    f = [sums[i] / n for i in range(len(row))]
                    print(f"{cycle:>9} {f[0]:5.2f} {f[1]:5.2f} {f[2]:6.2f} {f[3]:5.2f} {f[4]:7.1f} "
                          f"{f[5]:6.1f} {f[6]:11.1f} {f[7]:10.1f}")
                    sums, n = {}, 0
            t = nt
        elif c == "b":
            bits, code = line[1:].split()
            if code in name_of:
                v[name_of[code]] = int(bits.replace("x", "0").replace("z", "0"), 2)
        elif c in "01xz":
            code = line[1:].strip()
            if code in name_of:
                v[name_of[code]] = 1 if c == "1" else 0
    proc.wait()


if __name__ == "__main__":
    main()
