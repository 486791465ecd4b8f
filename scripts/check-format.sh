#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Checks every tracked C++ file (*.cpp, *.hpp, *.h) against the repository's .clang-format, or
# with --fix reformats them in place. Generated files are skipped: those that match a pattern
# of .clang-format-ignore and those that say "DO NOT EDIT" or "@generated" (any case) in their
# first five lines. .clang-format-ignore has one pattern per line, relative to the repository
# root; blank lines and lines starting with '#' are ignored; '*' does not match '/', '**' does
# (git's glob pathspecs, as clang-format 18+ reads the same file).
#
# usage: scripts/check-format.sh [--fix] [FILE...]      (default: every tracked C++ file)
#   CLANG_FORMAT=clang-format-14 scripts/check-format.sh   picks the binary (default clang-format)
# exit status: 0 every file formatted (or, with --fix, reformatted), 1 some files differ,
# 2 usage error or no clang-format. The style was tuned with clang-format 14 (Debian 12);
# other versions may format a few constructs differently.
set -euo pipefail

usage() { echo "usage: $0 [--fix] [FILE...]" >&2; exit 2; }
fix=0
files=()
for arg in "$@"; do
  case "$arg" in
    --fix) fix=1 ;;
    -h|--help) sed -n '3,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) usage ;;
    *) files+=("$arg") ;;
  esac
done

root=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
cd "$root"
clang_format=${CLANG_FORMAT:-clang-format}
if ! command -v "$clang_format" >/dev/null 2>&1; then
  echo "check-format: $clang_format not found (Debian: apt-get install clang-format)" >&2
  exit 2
fi
[ -f .clang-format ] || { echo "check-format: no .clang-format in $root" >&2; exit 2; }

if [ "${#files[@]}" -eq 0 ]; then
  mapfile -d '' files < <(git ls-files -z -- '*.cpp' '*.hpp' '*.h')
fi

# Files to skip: the patterns of .clang-format-ignore, expanded over the tracked files.
declare -A ignored=()
if [ -f .clang-format-ignore ]; then
  while IFS= read -r pat || [ -n "$pat" ]; do
    pat=${pat%$'\r'}
    case "$pat" in ''|'#'*) continue ;; esac
    while IFS= read -r -d '' f; do ignored["$f"]=1; done \
      < <(git ls-files -z -- ":(glob)$pat")
  done < .clang-format-ignore
fi
is_generated() { head -n 5 -- "$1" | grep -qiE 'do not edit|@generated'; }

checked=0
differ=()
for f in "${files[@]}"; do
  f=${f#./}
  [ -f "$f" ] || { echo "check-format: $f: no such file" >&2; exit 2; }
  if [ -n "${ignored[$f]:-}" ] || is_generated "$f"; then continue; fi
  checked=$((checked + 1))
  if ! "$clang_format" --style=file --dry-run --Werror "$f" >/dev/null 2>&1; then
    differ+=("$f")
  fi
done

if [ "${#differ[@]}" -eq 0 ]; then
  echo "check-format: $checked files formatted"
  exit 0
fi
if [ "$fix" -eq 1 ]; then
  for f in "${differ[@]}"; do
    "$clang_format" --style=file -i "$f"
    echo "reformatted $f"
  done
  echo "check-format: reformatted ${#differ[@]} of $checked files"
  exit 0
fi
printf '%s\n' "${differ[@]}"
echo "check-format: ${#differ[@]} of $checked files differ from .clang-format" \
     "(see one with: $clang_format --style=file FILE | diff -u FILE -; fix all: $0 --fix)" >&2
exit 1
