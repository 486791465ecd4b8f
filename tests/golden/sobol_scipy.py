#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Sobol dimensions 1 and 2 of `rsacc-sc sequence` against SciPy's unscrambled Sobol sequence.

usage: sobol_scipy.py RSACC_SC
SciPy (Debian's python3-scipy, scripts/install-deps.sh) is the independent oracle: for 7- and
8-bit outputs, two full periods, rsacc-sc's number t must equal floor(2^bits * point t).
"""
import subprocess
import sys

try:
    from scipy.stats import qmc
except ImportError:
    sys.exit("sobol_scipy: python3-scipy missing (run scripts/install-deps.sh)")


def main() -> int:
    tool = sys.argv[1]
    points = qmc.Sobol(d=2, scramble=False).random_base2(m=8)  # 256 points, Gray-code order
    failures = 0
    for bits in (7, 8):
        n = 2 << bits  # two periods: the index wraps modulo 2^bits
        for dim in (1, 2):
            out = subprocess.run([tool, "sequence", "--rng", "sobol", "--dim", str(dim),
                                  "--n", str(n), "--bits", str(bits)],
                                 check=True, capture_output=True, text=True).stdout.split()
            got = [int(v) for v in out]
            want = [int(points[t % (1 << bits), dim - 1] * (1 << bits)) for t in range(n)]
            if got != want:
                first = next(t for t in range(n) if t >= len(got) or got[t] != want[t])
                print(f"sobol_scipy: dim {dim}, {bits} bits: first difference at t = {first}: "
                      f"rsacc-sc {got[first:first + 4]}, scipy {want[first:first + 4]}")
                failures += 1
            else:
                print(f"sobol_scipy: dim {dim}, {bits} bits: {n} numbers equal")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
