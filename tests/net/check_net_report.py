#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""check_net_report.py REPORT.json [--max-error X] [--mean-error X] [--min-agreement X]
Checks an rsacc-net run report against the bounds docs/network.md states."""
import argparse
import json
import sys

ap = argparse.ArgumentParser()
ap.add_argument("report")
ap.add_argument("--max-error", type=float)
ap.add_argument("--mean-error", type=float)
ap.add_argument("--min-agreement", type=float)
a = ap.parse_args()
r = json.load(open(a.report))
errors = []
if a.max_error is not None and r["logit_error_max"] > a.max_error:
    errors.append(f"worst logit error {r['logit_error_max']:.4f} > {a.max_error}")
if a.mean_error is not None and r["logit_error_mean"] > a.mean_error:
    errors.append(f"mean logit error {r['logit_error_mean']:.4f} > {a.mean_error}")
if a.min_agreement is not None and r["agreement_with_float"] < a.min_agreement:
    errors.append(f"agreement with float {r['agreement_with_float']:.4f} < {a.min_agreement}")
for e in errors:
    print(f"check_net_report: {a.report}: {e}")
if errors:
    sys.exit(1)
print(f"check_net_report: {a.report}: within bounds (worst logit error {r['logit_error_max']:.4f}, "
      f"mean {r['logit_error_mean']:.4f}, agreement {r['agreement_with_float']:.4f})")
