#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""check_sc_report.py REPORT_sc.json --settings N --min-agreement-128 X [--better-than PLAIN]
Checks an `rsacc-net sc-accuracy` report: N settings, every top-1 in [0, 1], the picture
written, Sobol at L = 128 agreeing with exact int8 on at least X of the images, and each
source's agreement at L = 128 no lower than at its shortest L (longer streams are closer).
With --better-than, REPORT is an up-scaled network's (rsacc-net import --sc-upscale) and PLAIN
the plain int8 network's report on the same images: REPORT names its scales, at least one layer
is up-scaled, its plain int8 top-1 is PLAIN's, and its SC top-1 is at least PLAIN's at every
setting."""
import argparse
import json
import os
import sys

ap = argparse.ArgumentParser()
ap.add_argument("report")
ap.add_argument("--settings", type=int, required=True)
ap.add_argument("--min-agreement-128", type=float, required=True)
ap.add_argument("--better-than")
a = ap.parse_args()
r = json.load(open(a.report))
errors = []
s = r["settings"]
if len(s) != a.settings:
    errors.append(f"{len(s)} settings, expected {a.settings}")
if not os.path.isfile(r["picture"]):
    errors.append(f"no picture {r['picture']}")
for x in s:
    if not 0 <= x["top1"] <= 1:
        errors.append(f"top-1 {x['top1']} out of [0, 1]")
by = {}
for x in s:
    by.setdefault((x["rng"], x["sharing"]), {})[x["length"]] = x["agreement_with_int8"]
for (rng, sharing), ag in by.items():
    if 128 in ag and ag[128] < ag[min(ag)]:
        errors.append(f"{rng} {sharing}: agreement {ag[128]:.3f} at L = 128 below "
                      f"{ag[min(ag)]:.3f} at L = {min(ag)}")
    if rng == "sobol" and 128 in ag and ag[128] < a.min_agreement_128:
        errors.append(f"sobol {sharing}: agreement with int8 {ag[128]:.3f} at L = 128 "
                      f"< {a.min_agreement_128}")
if a.better_than:
    p = json.load(open(a.better_than))
    scales = r.get("scales", [])
    if not r.get("upscaled") or not scales:
        errors.append("not an up-scaled network's report (no scales)")
    elif not any(x["upscale_weight"] or x["upscale_out"] for x in scales):
        errors.append("no layer is up-scaled")
    if r.get("int8_plain_top1") != p["int8_top1"] or r["images"] != p["images"]:
        errors.append(f"plain int8 top-1 {r.get('int8_plain_top1')} on {r['images']} images, "
                      f"{p['int8_top1']} on {p['images']} in {a.better_than}")
    plain = {(x["length"], x["rng"], x["sharing"]): x["top1"] for x in p["settings"]}
    for x in s:
        k = (x["length"], x["rng"], x["sharing"])
        if k in plain and x["top1"] < plain[k]:
            errors.append(f"L = {k[0]} {k[1]} {k[2]}: up-scaled SC top-1 {x['top1']:.4f} "
                          f"below plain {plain[k]:.4f}")
        elif k not in plain:
            errors.append(f"L = {k[0]} {k[1]} {k[2]}: not in {a.better_than}")
for e in errors:
    print(f"check_sc_report: {a.report}: {e}")
if errors:
    sys.exit(1)
print(f"check_sc_report: {a.report}: {len(s)} settings, int8 top-1 {r['int8_top1']:.4f}")
