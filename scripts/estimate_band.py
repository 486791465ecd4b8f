#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The mapper's cycle estimate against simulation over zoo layers (issue 22, section 1).

Runs rsacc-sim on every zoo layer whose name starts with one of PREFIXES (JOBS at a time, one
core each), reads each report's simulated cycles and the mapper's estimate, and writes
OUT/estimate_band.csv (one row per layer) and OUT/estimate_band.json (the band per network and
overall: simulated / estimated cycles, min, median, max). Prints the same. Example:
  scripts/estimate_band.py --sim build/sim/rsacc-sim --topology-tool build/golden/rsacc-topology \\
      --prefixes alexnet_conv,lenet5_,resnet18_,mobilenet_v1_ --jobs 2 --out reports/estimate_band
"""
import argparse
import concurrent.futures as cf
import csv
import json
import os
import statistics
import subprocess
import sys


def zoo_layers(topology_tool, prefixes):
    out = subprocess.run([topology_tool, "list"], check=True, capture_output=True, text=True).stdout
    names = [line.split()[0] for line in out.splitlines()[1:] if line.strip()]
    return [n for n in names if any(n.startswith(p) for p in prefixes)]


def run_layer(sim, layer, batch, out_dir):
    proc = subprocess.run([sim, layer, "--batch", str(batch), "--seed", "1", "--quiet",
                           "--report-dir", out_dir], capture_output=True, text=True)
    path = os.path.join(out_dir, layer + ".json")
    try:
        with open(path, encoding="utf-8") as f:
            report = json.load(f)
    except (OSError, ValueError) as e:
        return layer, None, f"no report ({e}); exit {proc.returncode}: {proc.stderr.strip()}"
    if report.get("status") != "PASS":
        return layer, None, f"status {report.get('status')}: {report.get('error', '')}"
    return layer, report, None


def band(ratios):
    return {"layers": len(ratios), "min": min(ratios), "median": statistics.median(ratios),
            "max": max(ratios)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sim", required=True, help="rsacc-sim binary")
    ap.add_argument("--topology-tool", required=True, help="rsacc-topology binary")
    ap.add_argument("--prefixes", required=True, help="comma-separated layer-name prefixes")
    ap.add_argument("--batch", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--out", required=True, help="output directory")
    args = ap.parse_args()
    if args.batch < 1 or args.jobs < 1:
        sys.exit("error: --batch and --jobs must be >= 1")
    prefixes = [p for p in args.prefixes.split(",") if p]
    layers = zoo_layers(args.topology_tool, prefixes)
    if not layers:
        sys.exit(f"error: no zoo layer starts with any of {prefixes}")
    reports_dir = os.path.join(args.out, "reports")
    os.makedirs(reports_dir, exist_ok=True)
    rows, failed = [], []
    with cf.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = [pool.submit(run_layer, args.sim, l, args.batch, reports_dir) for l in layers]
        for i, fut in enumerate(cf.as_completed(futures), 1):
            layer, report, err = fut.result()
            if err:
                failed.append((layer, err))
                print(f"[{i}/{len(layers)}] {layer}: FAILED {err}", flush=True)
                continue
            est, sim = report["mapping"]["cycles"], report["cycles"]
            rows.append({"layer": layer, "network": next(p for p in prefixes if layer.startswith(p)).rstrip("_"),
                         "estimated_cycles": est, "simulated_cycles": sim,
                         "ratio": sim / est if est else float("nan")})
            print(f"[{i}/{len(layers)}] {layer}: simulated {sim}, estimated {est}, "
                  f"ratio {rows[-1]['ratio']:.3f}", flush=True)
    rows.sort(key=lambda r: layers.index(r["layer"]))
    with open(os.path.join(args.out, "estimate_band.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()) if rows else ["layer"])
        w.writeheader()
        w.writerows(rows)
    summary = {"batch": args.batch, "networks": {}, "failed": failed}
    for net in sorted({r["network"] for r in rows}):
        rs = [r["ratio"] for r in rows if r["network"] == net]
        tot = sum(r["simulated_cycles"] for r in rows if r["network"] == net) / \
            sum(r["estimated_cycles"] for r in rows if r["network"] == net)
        summary["networks"][net] = dict(band(rs), total_ratio=tot)
    if rows:
        summary["all"] = band([r["ratio"] for r in rows])
    with open(os.path.join(args.out, "estimate_band.json"), "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=2)
    print("simulated / estimated cycles per layer (min, median, max; network total):")
    for net, b in summary["networks"].items():
        print(f"  {net:14s} {b['layers']:3d} layers  {b['min']:.3f} {b['median']:.3f} {b['max']:.3f}"
              f"  total {b['total_ratio']:.3f}")
    if rows:
        b = summary["all"]
        print(f"  {'all':14s} {b['layers']:3d} layers  {b['min']:.3f} {b['median']:.3f} {b['max']:.3f}")
    print(f"wrote {args.out}/estimate_band.csv and estimate_band.json")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
