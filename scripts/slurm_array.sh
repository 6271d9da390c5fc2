#!/usr/bin/env bash
# A sweep as a Slurm job array: each task runs its share of the grid into the same folder, and
# Slurm's warning signal (SIGUSR1, 5 minutes before the time limit) stops a task after its current
# step with its finished runs kept. Resubmitting the same array resumes where it stopped. When
# every task is done, `build/symplex summarize results/sweep` puts the sweep together (the last
# task to finish does it too).
#   sbatch --array=1-8 scripts/slurm_array.sh configs/dt_band.yaml results/dt_band
#SBATCH --job-name=symplex
#SBATCH --signal=B:USR1@300
#SBATCH --time=04:00:00
#SBATCH --cpus-per-task=4
set -euo pipefail
spec=${1:?usage: sbatch --array=1-N scripts/slurm_array.sh SPEC OUT_DIR}
out=${2:?usage: sbatch --array=1-N scripts/slurm_array.sh SPEC OUT_DIR}
cd "${SLURM_SUBMIT_DIR:-$(dirname "$0")/..}"
# exec: the signal reaches symplex itself, which exits 130 after writing what is finished.
exec build/symplex run "$spec" --out "$out" --shard slurm
