#!/usr/bin/python3
"""Plots of a depth sweep (docs/depth_sweep.md) from its sweep folder.

    /usr/bin/python3 scripts/plot_depth_sweep.py results/depth_sweep/default

Reads spectra.csv and summary.csv written by `symplex run` and writes, beside them:
  spectra_init.png, spectra_trained.png   violins of log10 σ of the trunk Jacobian per
                                          (architecture, depth), before / after training
  spectra_deepest.png                     the deepest trunks side by side, before and after
  loss_vs_depth.png, error_vs_depth.png   final training loss and relative L2 error vs depth
"""
import argparse
import csv
import math
import os
import sys
from collections import defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import matplotlib.ticker  # noqa: E402

ARCHITECTURES = ["mlp", "residual_mlp", "symplectic"]
LABELS = {"mlp": "MLP", "residual_mlp": "ResidualMLP", "symplectic": "Symplectic (Störmer–Verlet)"}
COLORS = {"mlp": "tab:red", "residual_mlp": "tab:blue", "symplectic": "tab:green"}
# A singular value of exactly 0 has no logarithm; it is drawn at this floor and the plot says so.
LOG10_FLOOR = -320.0


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def log10_or_floor(value):
    return math.log10(value) if value > 0 else LOG10_FLOOR


def load_spectra(sweep):
    """{stage: {(architecture, depth): [log10 σ, ...]}}"""
    spectra = defaultdict(lambda: defaultdict(list))
    for row in read_csv(os.path.join(sweep, "spectra.csv")):
        key = (row["architecture"], int(row["depth"]))
        spectra[row["stage"]][key].append(log10_or_floor(float(row["sigma"])))
    return spectra


def present(keys):
    architectures = [a for a in ARCHITECTURES if any(k[0] == a for k in keys)]
    depths = sorted({k[1] for k in keys})
    return architectures, depths


def violin_group(ax, groups, positions, color):
    parts = ax.violinplot(groups, positions=positions, widths=0.8, showmedians=True,
                          showextrema=True)
    for body in parts["bodies"]:
        body.set_facecolor(color)
        body.set_edgecolor("black")
        body.set_alpha(0.6)
    for name in ("cmedians", "cmins", "cmaxes", "cbars"):
        if name in parts:
            parts[name].set_color("black")
            parts[name].set_linewidth(0.8)


def plot_spectra_by_depth(spectra, stage, title, path):
    data = spectra.get(stage, {})
    if not data:
        return False
    architectures, depths = present(data.keys())
    fig, ax = plt.subplots(figsize=(max(6, 1.9 * len(depths) * len(architectures) / 2), 4.5))
    slot = len(architectures) + 1
    for i, arch in enumerate(architectures):
        keys = [(arch, d) for d in depths if (arch, d) in data]
        positions = [depths.index(d) * slot + i for _, d in keys]
        violin_group(ax, [data[k] for k in keys], positions, COLORS[arch])
        for key, position in zip(keys, positions):
            mark_resolution(ax, data[key], position)
        ax.plot([], [], color=COLORS[arch], lw=8, alpha=0.6, label=LABELS[arch])
    ax.set_xticks([j * slot + (len(architectures) - 1) / 2 for j in range(len(depths))])
    ax.set_xticklabels([f"depth {d}" for d in depths])
    ax.axhline(0.0, color="gray", lw=0.6, ls="--")
    ax.set_ylabel("log10 σ of the trunk Jacobian")
    ax.set_title(title)
    note_floor(ax, data)
    note_resolution(ax)
    ax.legend(loc="lower left", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=130)
    plt.close(fig)
    return True


def note_floor(ax, data):
    if any(v == LOG10_FLOOR for values in data.values() for v in values):
        ax.text(0.99, 0.01, f"σ = 0 drawn at 1e{int(LOG10_FLOOR)}", transform=ax.transAxes,
                ha="right", va="bottom", fontsize=7)


def mark_resolution(ax, values, position):
    """A float64 SVD resolves a singular value only above about 2.2e-16 times the largest one
    (docs/depth_sweep.md): a dotted bar across the violin marks that limit for its largest σ."""
    if values:
        limit = max(values) + math.log10(2.2e-16)
        ax.plot([position - 0.45, position + 0.45], [limit, limit], color="black", lw=0.9, ls=":")


def note_resolution(ax):
    ax.text(0.99, 0.99, "dotted: float64 SVD resolution (2.2e-16 × largest σ)",
            transform=ax.transAxes, ha="right", va="top", fontsize=7)


def plot_deepest(spectra, path):
    init, trained = spectra.get("init", {}), spectra.get("trained", {})
    if not init:
        return False
    architectures, depths = present(init.keys())
    deepest = depths[-1]
    fig, ax = plt.subplots(figsize=(6.5, 4.5))
    for i, arch in enumerate(architectures):
        for j, (stage, data) in enumerate((("init", init), ("trained", trained))):
            key = (arch, deepest)
            if key in data:
                violin_group(ax, [data[key]], [3 * i + j], COLORS[arch] if j else "lightgray")
                mark_resolution(ax, data[key], 3 * i + j)
    ax.set_xticks([3 * i + 0.5 for i in range(len(architectures))])
    ax.set_xticklabels([LABELS[a] for a in architectures], fontsize=8)
    ax.axhline(0.0, color="gray", lw=0.6, ls="--")
    ax.set_ylabel("log10 σ of the trunk Jacobian")
    ax.set_title(f"Depth {deepest}: at initialisation (gray) and after training (color)")
    note_floor(ax, init)
    note_resolution(ax)
    fig.tight_layout()
    fig.savefig(path, dpi=130)
    plt.close(fig)
    return True


def plot_figure_vs_depth(summary, column, ylabel, title, path):
    values = defaultdict(lambda: defaultdict(list))
    for row in summary:
        if row["status"] == "finished" and row.get(column):
            values[row["architecture"]][int(row["depth"])].append(float(row[column]))
    if not values:
        return False
    fig, ax = plt.subplots(figsize=(6, 4.2))
    for arch in [a for a in ARCHITECTURES if a in values]:
        depths = sorted(values[arch])
        means = [sum(values[arch][d]) / len(values[arch][d]) for d in depths]
        lows = [m - min(values[arch][d]) for m, d in zip(means, depths)]
        highs = [max(values[arch][d]) - m for m, d in zip(means, depths)]
        ax.errorbar(depths, means, yerr=[lows, highs], marker="o", capsize=3,
                    color=COLORS[arch], label=LABELS[arch])
    diverged = [row for row in summary if row["status"] == "diverged"]
    for row in diverged:
        ax.axvline(int(row["depth"]), color=COLORS.get(row["architecture"], "black"), ls=":",
                   lw=1)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xticks(sorted({int(r["depth"]) for r in summary}))
    ax.get_xaxis().set_major_formatter(matplotlib.ticker.ScalarFormatter())
    ax.set_xlabel("trunk depth")
    ax.set_ylabel(ylabel)
    ax.set_title(title + (" (dotted: diverged runs)" if diverged else ""))
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=130)
    plt.close(fig)
    return True


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sweep", help="sweep folder written by `symplex run` (depth_sweep kind)")
    parser.add_argument("--out", help="folder for the PNGs (default: the sweep folder)")
    args = parser.parse_args()
    out = args.out or args.sweep
    os.makedirs(out, exist_ok=True)
    for needed in ("spectra.csv", "summary.csv"):
        if not os.path.exists(os.path.join(args.sweep, needed)):
            sys.exit(f"error: {os.path.join(args.sweep, needed)} not found; "
                     "is this a finished depth_sweep folder?")

    spectra = load_spectra(args.sweep)
    summary = read_csv(os.path.join(args.sweep, "summary.csv"))
    written = []
    for name, made in (
        ("spectra_init.png", plot_spectra_by_depth(
            spectra, "init", "Trunk Jacobian spectrum at initialisation",
            os.path.join(out, "spectra_init.png"))),
        ("spectra_trained.png", plot_spectra_by_depth(
            spectra, "trained", "Trunk Jacobian spectrum after training",
            os.path.join(out, "spectra_trained.png"))),
        ("spectra_deepest.png", plot_deepest(spectra, os.path.join(out, "spectra_deepest.png"))),
        ("loss_vs_depth.png", plot_figure_vs_depth(
            summary, "final_loss", "final training loss", "Training loss vs depth",
            os.path.join(out, "loss_vs_depth.png"))),
        ("error_vs_depth.png", plot_figure_vs_depth(
            summary, "relative_l2", "relative L2 error vs exact solution",
            "Test error vs depth", os.path.join(out, "error_vs_depth.png"))),
    ):
        if made:
            written.append(os.path.join(out, name))
    for path in written:
        print(path)


if __name__ == "__main__":
    main()
