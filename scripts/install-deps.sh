#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Install the Debian 12 packages this project needs, only those that are missing.
# Idempotent: a second run installs nothing and says so. Needs root (or sudo) only
# when something is missing; otherwise prints the exact apt-get line and fails.
set -euo pipefail

PACKAGES=(
  g++ clang llvm libclang-rt-dev clang-format make cmake pkg-config python3 zlib1g-dev
  verilator yosys gtkwave
  libsystemc-dev catch2 libeigen3-dev
  libcli11-dev nlohmann-json3-dev libfmt-dev libyaml-cpp-dev
  qflow-tech-osu018 python3-matplotlib
  slurm-wlm munge
  dataset-fashion-mnist python3-torch python3-onnx python3-scipy
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

echo "install-deps: missing: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO="sudo"
else
  echo "install-deps: not root; run: sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
echo "install-deps: apt-get update"
$SUDO apt-get update -qq
echo "install-deps: apt-get install ${missing[*]}"
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "install-deps: done"
