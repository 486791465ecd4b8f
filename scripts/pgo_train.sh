#!/usr/bin/env bash
# Profile-guided optimisation of the rsacc-sim model (rtl/CMakeLists.txt, RSACC_SIM_PGO): run the
# instrumented rsacc-sim on the first CYCLES cycles of each training layer, merge the profiles.
# A run stops at --max-cycles and so reports FAIL (timeout): that is expected; a run that does
# not reach its RESULT line (bad layer, crash) fails the build.
# usage: pgo_train.sh SIM OUT.profdata LLVM_PROFDATA CYCLES LAYER...
set -euo pipefail
if [ "$#" -lt 5 ]; then
  echo "usage: pgo_train.sh SIM OUT.profdata LLVM_PROFDATA CYCLES LAYER..." >&2
  exit 2
fi
sim=$1; out=$2; profdata=$3; cycles=$4; shift 4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for layer in "$@"; do
  LLVM_PROFILE_FILE="$work/$layer.profraw" "$sim" "$layer" --seed 1 --max-cycles "$cycles" \
    --quiet --report-dir "$work" > "$work/$layer.log" 2>&1 || true
  if ! grep -q "^RESULT layer=$layer " "$work/$layer.log" || [ ! -s "$work/$layer.profraw" ]; then
    echo "pgo_train: training run of $layer failed:" >&2
    tail -n 5 "$work/$layer.log" >&2
    exit 1
  fi
  echo "pgo_train: $layer, $cycles cycles: $(grep -oE '[0-9.]+ kHz' "$work/$layer.log" | tail -n 1)"
done
"$profdata" merge -o "$out" "$work"/*.profraw
