#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""check_net_report.py REPORT.json [--max-error X] [--mean-error X] [--min-agreement X] [--readme F]
Checks an rsacc-net run report against the bounds docs/network.md states, and optionally that
README records its golden top-1 accuracy at 16 and 8 bits."""
import argparse
import json
import sys

ap = argparse.ArgumentParser()
ap.add_argument("report")
ap.add_argument("--max-error", type=float)
ap.add_argument("--mean-error", type=float)
ap.add_argument("--min-agreement", type=float)
ap.add_argument("--readme", help="README whose '| golden int<D> ...' row must hold this top-1")
a = ap.parse_args()
r = json.load(open(a.report))
errors = []
if a.max_error is not None and r["logit_error_max"] > a.max_error:
    errors.append(f"worst logit error {r['logit_error_max']:.4f} > {a.max_error}")
if a.mean_error is not None and r["logit_error_mean"] > a.mean_error:
    errors.append(f"mean logit error {r['logit_error_mean']:.4f} > {a.mean_error}")
if a.min_agreement is not None and r["agreement_with_float"] < a.min_agreement:
    errors.append(f"agreement with float {r['agreement_with_float']:.4f} < {a.min_agreement}")
if a.readme:
    # This run's width and the other widths imported next to it (same images).
    top1 = {f"int{r['data_width']}": r["golden_top1"], **r.get("golden_top1_other_widths", {})}
    for width, value in sorted(top1.items()):
        row = f"| golden {width} "
        lines = [l for l in open(a.readme) if l.startswith(row)]
        measured = f"{100 * value:.2f} %"
        if len(lines) != 1:
            errors.append(f"{a.readme}: expected one row starting '{row}', found {len(lines)}")
        elif lines[0].split("|")[2].strip() != measured:
            errors.append(f"{a.readme}: records {lines[0].split('|')[2].strip()} for {width}, the "
                          f"committed model measures {measured}: update README with the model")
    if len(top1) < 2:
        errors.append("the report holds golden top-1 of one width only (import writes both)")
for e in errors:
    print(f"check_net_report: {a.report}: {e}")
if errors:
    sys.exit(1)
print(f"check_net_report: {a.report}: within bounds (worst logit error {r['logit_error_max']:.4f}, "
      f"mean {r['logit_error_mean']:.4f}, agreement {r['agreement_with_float']:.4f})")
