#!/usr/bin/python3
"""Round-trip error vs N (the leapfrog paper's Fig. 2; docs/reversibility.md) from a reversibility sweep folder.

    /usr/bin/python3 scripts/plot_reversibility.py results/reversibility/default

Reads summary.csv written by `symplex run` and writes reversibility.png beside it: one panel per
model, the normalised parameter round-trip error against N (log-log), one line per integrator
and dtype (mean over seeds).
"""
import argparse
import csv
import os
import sys
from collections import defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

COLORS = {"leapfrog": "tab:green", "explicit_euler": "tab:red", "symplectic_euler": "tab:blue"}
STYLES = {"float32": "--", "float64": "-"}


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sweep", help="sweep folder written by `symplex run` (reversibility kind)")
    parser.add_argument("--out", help="folder for the PNG (default: the sweep folder)")
    args = parser.parse_args()
    summary_path = os.path.join(args.sweep, "summary.csv")
    if not os.path.exists(summary_path):
        sys.exit(f"error: {summary_path} not found; is this a finished reversibility folder?")
    with open(summary_path, newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["status"] == "finished"]

    errors = defaultdict(lambda: defaultdict(list))
    for r in rows:
        errors[(r["model"], r["integrator"], r["dtype"])][int(r["steps"])].append(
            float(r["parameter_error"]))
    models = sorted({key[0] for key in errors})
    fig, axes = plt.subplots(1, len(models), figsize=(5.5 * len(models), 4.3), squeeze=False)
    for ax, model in zip(axes[0], models):
        for (m, integrator, dtype), by_steps in sorted(errors.items()):
            if m != model:
                continue
            steps = sorted(by_steps)
            means = [max(sum(by_steps[n]) / len(by_steps[n]), 1e-18) for n in steps]
            ax.plot(steps, means, STYLES.get(dtype, "-"), marker="o",
                    color=COLORS.get(integrator, "black"), label=f"{integrator}, {dtype}")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("N (steps each way)")
        ax.set_ylabel("‖θ_back − θ₀‖ / ‖θ₀‖")
        ax.set_title(f"Round trip, {model} (errors of 0 drawn at 1e-18)")
        ax.legend(fontsize=7)
    fig.tight_layout()
    out = os.path.join(args.out or args.sweep, "reversibility.png")
    fig.savefig(out, dpi=130)
    print(out)


if __name__ == "__main__":
    main()
