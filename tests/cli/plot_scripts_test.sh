#!/usr/bin/env bash
# The plotting scripts on real smoke sweeps: every PNG they promise is written and is a PNG.
set -euo pipefail
symplex=$1
source_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$source_dir"

"$symplex" -q run configs/smoke/depth_sweep.yaml --device cpu --out "$work/depth" > /dev/null
"$symplex" -q run configs/smoke/dt_band.yaml --device cpu --out "$work/dt" > /dev/null
"$symplex" -q run configs/smoke/reversibility.yaml --device cpu --out "$work/rev" > /dev/null
"$symplex" -q run configs/smoke/pinn_bench.yaml --device cpu --out "$work/bench" > /dev/null
"$symplex" -q run configs/smoke/pinn_snr.yaml --device cpu --out "$work/snr" > /dev/null
"$symplex" -q run configs/smoke/conservation.yaml --device cpu --out "$work/cons" > /dev/null
"$symplex" -q run configs/smoke/stiffness.yaml --device cpu --out "$work/stiff" > /dev/null
/usr/bin/python3 scripts/plot_depth_sweep.py "$work/depth" > "$work/depth.list"
/usr/bin/python3 scripts/plot_dt_sweep.py "$work/dt" > "$work/dt.list"
/usr/bin/python3 scripts/plot_reversibility.py "$work/rev" >> "$work/dt.list"
/usr/bin/python3 scripts/plot_pinn_bench.py "$work/bench" >> "$work/dt.list"
/usr/bin/python3 scripts/plot_pinn_snr.py "$work/snr" >> "$work/dt.list"
/usr/bin/python3 scripts/plot_conservation.py "$work/cons" >> "$work/dt.list"
/usr/bin/python3 scripts/plot_stiffness.py "$work/stiff" >> "$work/dt.list"

expected=(spectra_init spectra_trained spectra_deepest loss_vs_depth error_vs_depth)
[[ $(wc -l < "$work/depth.list") -eq ${#expected[@]} ]] || { echo "depth plots: $(cat "$work/depth.list")"; exit 1; }
[[ $(wc -l < "$work/dt.list") -eq 15 ]] || { echo "dt, reversibility, bench, pinn_snr, conservation and stiffness plots: $(cat "$work/dt.list")"; exit 1; }
for png in $(cat "$work/depth.list" "$work/dt.list"); do
  [[ $(head -c 4 "$png" | od -An -c | tr -d ' ') == '211PNG' ]] || { echo "not a PNG: $png"; exit 1; }
done
echo "plot scripts wrote $(cat "$work/depth.list" "$work/dt.list" | wc -l) PNGs"
