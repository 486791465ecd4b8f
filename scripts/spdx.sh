#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Licence headers: every tracked source file carries the line
#   SPDX-License-Identifier: Apache-2.0
# within its first three lines, in the file's own comment syntax:
#   //   *.sv *.svh *.v *.cpp *.hpp *.h *.vlt (Verilator control files go through the Verilog
#        preprocessor, so a // line may stand before `verilator_config)
#   #    *.py *.sh *.cmake CMakeLists.txt Makefile, and any tracked file starting with #! (.ci/run)
#   [*]  *.gtkw (GTKWave's comment lines)
# Data and documents (*.csv *.json *.md, LICENSE, dot files) are not checked.
#
# usage: scripts/spdx.sh --check [FILE...]   list the files without the line; exit 1 if any
#        scripts/spdx.sh --fix [FILE...]     insert it as the first line (after a #! line and a
#                                            Python coding line, if present)
# (default: every tracked file of the kinds above). --fix leaves generated files alone (those
# saying "DO NOT EDIT" or "@generated", any case, in their first five lines): their generator
# writes the header, and --check still checks them.
set -euo pipefail

readonly ID='SPDX-License-Identifier: Apache-2.0'
usage() { echo "usage: $0 --check|--fix [FILE...]" >&2; exit 2; }
mode=
files=()
for arg in "$@"; do
  case "$arg" in
    --check) mode=check ;;
    --fix) mode=fix ;;
    -h|--help) sed -n '3,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) usage ;;
    *) files+=("$arg") ;;
  esac
done
[ -n "$mode" ] || usage

root=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
cd "$root"

# The comment that starts a line in file $1, or nothing for a file that is not checked.
comment_of() {
  local f=$1 base=${1##*/}
  case "$base" in
    *.sv|*.svh|*.v|*.cpp|*.hpp|*.h|*.vlt) echo '//' ;;
    *.py|*.sh|*.cmake|CMakeLists.txt|Makefile) echo '#' ;;
    *.gtkw) echo '[*]' ;;
    *.csv|*.json|*.md|*.txt|.*) ;;
    *) [ "$(head -c 2 -- "$f")" = '#!' ] && echo '#' ;;
  esac
  return 0
}
has_id() { head -n 3 -- "$1" | grep -qF "$ID"; }
is_generated() { head -n 5 -- "$1" | grep -qiE 'do not edit|@generated'; }

listed=0
if [ "${#files[@]}" -eq 0 ]; then
  mapfile -d '' files < <(git ls-files -z)
  listed=1
fi

missing=()
checked=0
for f in "${files[@]}"; do
  f=${f#./}
  if [ ! -f "$f" ] || [ -L "$f" ]; then
    [ "$listed" -eq 1 ] && continue   # e.g. deleted in the work tree, or a symbolic link
    echo "spdx: $f: not a regular file" >&2; exit 2
  fi
  c=$(comment_of "$f")
  [ -n "$c" ] || continue
  checked=$((checked + 1))
  has_id "$f" || missing+=("$f")
done

if [ "$mode" = check ]; then
  if [ "${#missing[@]}" -eq 0 ]; then
    echo "spdx: $checked files carry '$ID'"
    exit 0
  fi
  printf '%s\n' "${missing[@]}"
  echo "spdx: ${#missing[@]} of $checked files lack '$ID' in their first 3 lines" \
       "(fix: $0 --fix)" >&2
  exit 1
fi

fixed=0
skipped=()
for f in "${missing[@]}"; do
  if is_generated "$f"; then skipped+=("$f"); continue; fi
  c=$(comment_of "$f")
  # Insert after a #! line, and after a Python coding line that follows it (PEP 263: line 1 or 2).
  at=0
  if [ "$(head -c 2 -- "$f")" = '#!' ]; then
    at=1
    if sed -n '2p' -- "$f" | grep -qE '^[[:space:]]*#.*coding[:=]'; then at=2; fi
  elif head -n 1 -- "$f" | grep -qE '^[[:space:]]*#.*coding[:=]'; then
    at=1
  fi
  tmp=$(mktemp "$f.spdx.XXXXXX")
  awk -v at="$at" -v line="$c $ID" 'NR == at + 1 { print line } { print } END { if (NR <= at) print line }' \
    "$f" > "$tmp"
  chmod --reference="$f" "$tmp"
  mv -- "$tmp" "$f"
  echo "added header: $f"
  fixed=$((fixed + 1))
done
echo "spdx: added the header to $fixed files"
if [ "${#skipped[@]}" -gt 0 ]; then
  printf 'generated, left to its generator: %s\n' "${skipped[@]}" >&2
  exit 1
fi
exit 0
