#!/usr/bin/env bash
# From a fresh Debian 12 machine to the depth stress test's results and plots:
# installs the packages, builds in Release, runs configs/depth_sweep.yaml, plots it.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install_deps.sh
scripts/build.sh
sweep=results/depth_sweep/default
build/symplex run configs/depth_sweep.yaml --jobs 2 --out "$sweep" "$@"
/usr/bin/python3 scripts/plot_depth_sweep.py "$sweep"
