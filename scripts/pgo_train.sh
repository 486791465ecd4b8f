#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Profile-guided optimisation of the rsacc-sim model (rtl/CMakeLists.txt, RSACC_SIM_PGO): run the
# instrumented rsacc-sim on the first CYCLES cycles of up to COUNT training layers, taken in
# order, and merge their profiles. A layer this hardware configuration cannot map (rsacc-sim
# exits 2 before simulating, e.g. a 3 x 3 filter on a 2-row array) is skipped, so the list can
# end with fallbacks that map anywhere; a layer missing from the zoo is an error. A run stops at
# --max-cycles and so reports FAIL (timeout): that is expected; a run that does not reach its
# RESULT line fails the build.
# usage: pgo_train.sh SIM OUT.profdata LLVM_PROFDATA CYCLES COUNT LAYER...
set -euo pipefail
if [ "$#" -lt 6 ]; then
  echo "usage: pgo_train.sh SIM OUT.profdata LLVM_PROFDATA CYCLES COUNT LAYER..." >&2
  exit 2
fi
sim=$1; out=$2; profdata=$3; cycles=$4; count=$5; shift 5
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
trained=0
for layer in "$@"; do
  [ "$trained" -lt "$count" ] || break
  rc=0
  LLVM_PROFILE_FILE="$work/$layer.profraw" "$sim" "$layer" --seed 1 --max-cycles "$cycles" \
    --quiet --report-dir "$work" > "$work/$layer.log" 2>&1 || rc=$?
  if [ "$rc" -eq 2 ] && ! grep -q "^error: layer '$layer' not found" "$work/$layer.log"; then
    echo "pgo_train: skipping $layer: $(head -n 1 "$work/$layer.log")"
    rm -f "$work/$layer.profraw"
    continue
  fi
  if ! grep -q "^RESULT layer=$layer " "$work/$layer.log" || [ ! -s "$work/$layer.profraw" ]; then
    echo "pgo_train: training run of $layer failed (exit $rc): $(tail -n 1 "$work/$layer.log")" >&2
    exit 1
  fi
  echo "pgo_train: $layer, $cycles cycles: $(grep -oE '[0-9.]+ kHz' "$work/$layer.log" | tail -n 1)"
  trained=$((trained + 1))
done
if [ "$trained" -eq 0 ]; then
  echo "pgo_train: no training layer ($*) maps on this hardware configuration;" \
       "configure with -DRSACC_SIM_PGO=OFF" >&2
  exit 1
fi
"$profdata" merge -o "$out" "$work"/*.profraw
