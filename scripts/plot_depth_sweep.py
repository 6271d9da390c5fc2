#!/usr/bin/python3
"""Plots of a depth sweep (docs/depth_sweep.md) from its sweep folder.

    /usr/bin/python3 scripts/plot_depth_sweep.py results/depth_sweep/default

Reads spectra.csv and seeds.csv written by `symplex run` and writes, beside them:
  spectra_init.png, spectra_trained.png   violins of log10 σ of the trunk Jacobian per
                                          (architecture, depth), before / after training
  spectra_deepest.png                     the deepest trunks side by side, before and after
  loss_vs_depth.png, error_vs_depth.png   median over seeds of the final training loss and the
                                          relative L2 error vs depth, with their intervals

A σ below its Jacobian's resolution floor (spectra.csv's floor and below_floor columns,
docs/depth_sweep.md eq. (11)) is censored: the violin counts it at its floor, and a marker
shows it there.
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
from plot_common import read_csv  # noqa: E402

ARCHITECTURES = ["mlp", "residual_mlp", "symplectic"]
LABELS = {"mlp": "MLP", "residual_mlp": "ResidualMLP", "symplectic": "Symplectic (Störmer–Verlet)"}
COLORS = {"mlp": "tab:red", "residual_mlp": "tab:blue", "symplectic": "tab:green"}
CENSORED_MARK = dict(marker="v", s=14, facecolors="none", edgecolors="black", linewidths=0.7,
                     zorder=3)


class Violin:
    """The log10 σ of one (architecture, depth) at one stage, censored values at their floor."""

    def __init__(self):
        self.values = []    # log10 σ, or log10 floor where σ is below it
        self.censored = []  # log10 floor of each censored σ
        self.floors = []    # log10 floor of each σ's Jacobian

    def add(self, sigma, floor, below_floor):
        self.floors.append(math.log10(floor))
        if below_floor:
            self.values.append(self.floors[-1])
            self.censored.append(self.floors[-1])
        else:
            self.values.append(math.log10(sigma))


def load_spectra(sweep):
    """{stage: {(architecture, depth): Violin}}"""
    spectra = defaultdict(lambda: defaultdict(Violin))
    for row in read_csv(os.path.join(sweep, "spectra.csv")):
        key = (row["architecture"], int(row["depth"]))
        spectra[row["stage"]][key].add(float(row["sigma"]), float(row["floor"]),
                                       row["below_floor"] == "true")
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
        violin_group(ax, [data[k].values for k in keys], positions, COLORS[arch])
        for key, position in zip(keys, positions):
            mark_resolution(ax, data[key], position)
        ax.plot([], [], color=COLORS[arch], lw=8, alpha=0.6, label=LABELS[arch])
    ax.set_xticks([j * slot + (len(architectures) - 1) / 2 for j in range(len(depths))])
    ax.set_xticklabels([f"depth {d}" for d in depths])
    ax.axhline(0.0, color="gray", lw=0.6, ls="--")
    ax.set_ylabel("log10 σ of the trunk Jacobian")
    ax.set_title(title)
    note_resolution(ax)
    ax.legend(loc="best", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=130)
    plt.close(fig)
    return True


def mark_resolution(ax, violin, position):
    """A dotted bar at the highest resolution floor n·ε·σ_1 of the violin's Jacobians, and an open
    triangle at the floor of each σ below its own Jacobian's floor (docs/depth_sweep.md)."""
    limit = max(violin.floors)
    ax.plot([position - 0.45, position + 0.45], [limit, limit], color="black", lw=0.9, ls=":")
    if violin.censored:
        ax.scatter([position] * len(violin.censored), violin.censored, **CENSORED_MARK)


def note_resolution(ax):
    ax.text(0.99, 0.99, "dotted: highest floor n·ε·σ₁ of the violin's Jacobians; "
            "▽: σ below its floor, drawn there",
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
                violin_group(ax, [data[key].values], [3 * i + j],
                             COLORS[arch] if j else "lightgray")
                mark_resolution(ax, data[key], 3 * i + j)
    ax.set_xticks([3 * i + 0.5 for i in range(len(architectures))])
    ax.set_xticklabels([LABELS[a] for a in architectures], fontsize=8)
    ax.axhline(0.0, color="gray", lw=0.6, ls="--")
    ax.set_ylabel("log10 σ of the trunk Jacobian")
    ax.set_title(f"Depth {deepest}: at initialisation (gray) and after training (color)")
    note_resolution(ax)
    fig.tight_layout()
    fig.savefig(path, dpi=130)
    plt.close(fig)
    return True


def plot_figure_vs_depth(seeds, figure, ylabel, title, path):
    """Median over seeds with its interval (seeds.csv, docs/depth_sweep.md "Seeds"); a diverged
    run counts as +inf there, so a median or interval end that is infinite is not drawn."""
    rows = defaultdict(dict)
    for row in seeds:
        if row["figure"] == figure and row["median"]:
            rows[row["architecture"]][int(row["depth"])] = row
    if not rows:
        return False
    fig, ax = plt.subplots(figsize=(6, 4.2))
    diverged = False
    for arch in [a for a in ARCHITECTURES if a in rows]:
        points = [(d, r) for d, r in sorted(rows[arch].items())
                  if math.isfinite(float(r["median"]))]
        medians = [float(r["median"]) for _, r in points]
        lows = [m - float(r["low"]) for m, (_, r) in zip(medians, points)]
        highs = [float(r["high"]) - m if math.isfinite(float(r["high"])) else 0.0
                 for m, (_, r) in zip(medians, points)]
        ax.errorbar([d for d, _ in points], medians, yerr=[lows, highs], marker="o", capsize=3,
                    color=COLORS[arch], label=LABELS[arch])
        for depth, row in rows[arch].items():
            if int(row["diverged"]) > 0:
                diverged = True
                ax.axvline(depth, color=COLORS[arch], ls=":", lw=1)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xticks(sorted({d for arch in rows for d in rows[arch]}))
    ax.get_xaxis().set_major_formatter(matplotlib.ticker.ScalarFormatter())
    ax.set_xlabel("trunk depth")
    ax.set_ylabel(ylabel)
    ax.set_title(title + (" (dotted: diverged runs)" if diverged else ""), fontsize=10)
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
    for needed in ("spectra.csv", "seeds.csv"):
        if not os.path.exists(os.path.join(args.sweep, needed)):
            sys.exit(f"error: {os.path.join(args.sweep, needed)} not found; "
                     "is this a finished depth_sweep folder?")

    with open(os.path.join(args.sweep, "spectra.csv"), newline="") as f:
        if "floor" not in next(csv.reader(f)):
            sys.exit(f"error: {args.sweep}/spectra.csv has no resolution floors; it was written "
                     "before they were (run the spec again with --force to redo it)")
    spectra = load_spectra(args.sweep)
    seeds = read_csv(os.path.join(args.sweep, "seeds.csv"))
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
            seeds, "final_loss", "final training loss (median over seeds)",
            "Training loss vs depth",
            os.path.join(out, "loss_vs_depth.png"))),
        ("error_vs_depth.png", plot_figure_vs_depth(
            seeds, "relative_l2", "relative L2 error vs exact solution (median over seeds)",
            "Test error vs depth", os.path.join(out, "error_vs_depth.png"))),
    ):
        if made:
            written.append(os.path.join(out, name))
    for path in written:
        print(path)


if __name__ == "__main__":
    main()
