#!/usr/bin/env bash
# Regenerates results/<config>/, the reference outcome of configs/<config>.yaml as a user would
# get it: runs the spec into results/<config>/sweep/ (kept out of git; it resumes), writes its
# report and plots, and copies the sweep-level files (summary, tables, manifest with machine,
# versions and dates, report.md, plots) beside the config's notes.md. Extra arguments go to
# `symplex run`, e.g. --jobs 2.
#   scripts/reference_results.sh depth_sweep --jobs 2
# Compare a sweep of your own with it:
#   build/symplex report YOUR_SWEEP --against results/depth_sweep
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ $# -lt 1 || ! -f configs/$1.yaml ]]; then
  echo "usage: scripts/reference_results.sh CONFIG [symplex run options]" >&2
  echo "  CONFIG: the name of a spec in configs/, e.g. depth_sweep" >&2
  exit 2
fi
config=$1
shift
out=results/$config
sweep=$out/sweep

build/symplex run "configs/$config.yaml" --out "$sweep" "$@"
build/symplex report "$sweep" > /dev/null
find "$out" -maxdepth 1 -type f ! -name notes.md -delete
find "$sweep" -maxdepth 1 -type f \
  \( -name '*.csv' -o -name '*.json' -o -name '*.md' -o -name '*.png' \) -exec cp {} "$out/" \;
echo "$out: $(find "$out" -maxdepth 1 -type f | wc -l) files"
