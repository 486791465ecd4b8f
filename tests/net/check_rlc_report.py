#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""check_rlc_report.py REPORT.json [--smaller LAYER ...] [--raw LAYER ...]
Checks the compressed-activation figures of an `rsacc-net run --rlc` golden-engine report: every
accelerator layer has an rlc object computed from the image, its layer total is the uncompressed
total with the ifmap reads and ofmap writes replaced by the compressed ones, the network total
is the sum of the layers, each --smaller LAYER reads fewer ifmap bytes with RLC than without,
and each --raw LAYER (one-word rows) stores its ifmap and ofmap uncompressed, moving exactly the
uncompressed bytes (exit 1 otherwise)."""
import argparse
import json
import sys

ap = argparse.ArgumentParser()
ap.add_argument("report")
ap.add_argument("--smaller", action="append", default=[],
                help="a layer whose compressed ifmap bytes must be fewer than uncompressed")
ap.add_argument("--raw", action="append", default=[],
                help="a layer whose ifmap and ofmap must stay uncompressed (one-word rows)")
a = ap.parse_args()
r = json.load(open(a.report))
errors = []
keys = ("ifmap_bytes_uncompressed", "ifmap_bytes_rlc", "ofmap_bytes_uncompressed",
        "ofmap_bytes_rlc", "dram_bytes_uncompressed", "dram_bytes_rlc")
if not isinstance(r.get("rlc"), dict):
    errors.append("no rlc object in the report (run with --rlc on the golden engine)")
sums = dict.fromkeys(keys, 0)
layers = {l["name"]: l for l in r["layers"]}
for l in r["layers"]:
    if l["op"] not in ("conv", "fc"):
        if "rlc" in l:
            errors.append(f"{l['name']}: a host layer with an rlc object")
        continue
    b = l.get("rlc")
    if not isinstance(b, dict):
        errors.append(f"{l['name']}: no rlc object")
        continue
    if "computed from the image" not in b.get("source", ""):
        errors.append(f"{l['name']}: source {b.get('source')!r} does not say it is computed")
    want = (b["dram_bytes_uncompressed"] - b["ifmap_bytes_uncompressed"] + b["ifmap_bytes_rlc"]
            - b["ofmap_bytes_uncompressed"] + b["ofmap_bytes_rlc"])
    if b["dram_bytes_rlc"] != want:
        errors.append(f"{l['name']}: dram_bytes_rlc {b['dram_bytes_rlc']}, expected {want}")
    if b["ifmap_bytes_rlc"] <= 0 or b["ifmap_bytes_uncompressed"] <= 0:
        errors.append(f"{l['name']}: no ifmap bytes")
    for k in keys:
        sums[k] += b[k]
if isinstance(r.get("rlc"), dict):
    for k in keys:
        if r["rlc"][k] != sums[k]:
            errors.append(f"total {k} {r['rlc'][k]}, the layers sum to {sums[k]}")
for name in a.smaller:
    b = layers.get(name, {}).get("rlc")
    if not isinstance(b, dict):
        errors.append(f"{name}: no such accelerator layer with an rlc object")
    elif b["ifmap_bytes_rlc"] >= b["ifmap_bytes_uncompressed"]:
        errors.append(f"{name}: {b['ifmap_bytes_rlc']} ifmap bytes with RLC, not fewer than "
                      f"{b['ifmap_bytes_uncompressed']} without (input zeros "
                      f"{100 * layers[name]['input_zero_fraction']:.1f} %)")
    else:
        print(f"{name}: input zeros {100 * layers[name]['input_zero_fraction']:.1f} %, ifmap "
              f"bytes {b['ifmap_bytes_uncompressed']} -> {b['ifmap_bytes_rlc']} with RLC")
for name in a.raw:
    b = layers.get(name, {}).get("rlc")
    if not isinstance(b, dict):
        errors.append(f"{name}: no such accelerator layer with an rlc object")
    elif (b["ifmap_compressed"] or b["ofmap_compressed"]
          or b["ifmap_bytes_rlc"] != b["ifmap_bytes_uncompressed"]
          or b["ofmap_bytes_rlc"] != b["ofmap_bytes_uncompressed"]):
        errors.append(f"{name}: compressed ifmap {b['ifmap_compressed']} ofmap "
                      f"{b['ofmap_compressed']}, ifmap bytes {b['ifmap_bytes_rlc']} of "
                      f"{b['ifmap_bytes_uncompressed']}, ofmap {b['ofmap_bytes_rlc']} of "
                      f"{b['ofmap_bytes_uncompressed']}; one-word rows must stay raw")
    else:
        print(f"{name}: one-word rows stored raw, {b['ifmap_bytes_rlc']} ifmap and "
              f"{b['ofmap_bytes_rlc']} ofmap bytes as uncompressed")
for e in errors:
    print(f"check_rlc_report: {a.report}: {e}", file=sys.stderr)
sys.exit(1 if errors else 0)
