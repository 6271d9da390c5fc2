#!/usr/bin/python3
"""Plots of a conservation sweep (seed 004, Kunin et al., arXiv 2012.04728) from its sweep folder.

    /usr/bin/python3 scripts/plot_conservation.py results/conservation/default

Reads summary.json, conservation_table.csv and each finished run's units.csv and families.csv
written by `symplex run`, and writes, beside them:
  conservation_curves.png     the paper's Fig. 5: per symmetry (rows) and optimizer (columns),
                              the change since t = 0 of the measured quantity of the first few
                              units of one family against t = ηk (solid), with the exact
                              recursion (dashed black), the modified flow (dotted) and gradient
                              flow (grey dash-dot); one run per panel: lowest seed, largest
                              weight decay (leapfrog: largest γ), middle lr, on vgg_bn for scale
                              and mlp for translation and rescale where present
  prediction_error_vs_lr.png  per network (rows) and symmetry (columns): the median relative
                              error of each prediction at the horizon against lr, log-log, one
                              colour per series and one line style per prediction
  leapfrog_charge.png         the leapfrog's translation charge Σp per network (rows): measured
                              and predicted per unit against step (largest γ); the relative
                              errors of the charge and of the recursion (families.csv medians;
                              lowest seed, middle dt, each γ); and the violation of Σθ's
                              conservation (the gradient-flow error) of SGD, AdamW and the
                              leapfrog without weight decay at their middle lr

Runs that did not finish (diverged) are left out. An empty CSV cell (a prediction that does not
apply) is NaN; an error that is not a positive finite number is not drawn on the log scales.
"""
import argparse
import csv
import json
import math
import os
import sys
from collections import defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from plot_common import number, positive, read_csv  # noqa: E402

SYMMETRIES = ["translation", "scale", "rescale"]
QUANTITIES = {"translation": "Σθ", "scale": "‖θ‖²",
              "rescale": "‖θ_out‖² − ‖θ_in‖²"}
NETWORKS = ["mlp", "vgg_bn", "vgg"]
PREFERRED = {"translation": ["mlp", "vgg_bn", "vgg"], "scale": ["vgg_bn"],
             "rescale": ["mlp", "vgg_bn", "vgg"]}
OPTIMIZERS = ["sgd", "momentum", "adamw", "leapfrog"]
OPTIMIZER_COLORS = {"sgd": "Blues", "momentum": "Greens", "adamw": "Oranges", "leapfrog": "Reds"}
UNIT_COLORS = [plt.cm.tab10(i) for i in range(10) if i != 7]  # no grey: that is gradient flow
PREDICTIONS = {"recursion": ("-", "o"), "modified_flow": ("--", "s"),
               "gradient_flow": (":", "^"), "charge": ("-.", "D"), "constraint": ("-", "x")}


class Run:
    """One finished run: its parameters and, loaded on demand, its CSV files."""

    def __init__(self, sweep, record):
        params = record.get("params", {})
        self.id = record["id"]
        self.folder = os.path.join(sweep, self.id)
        self.network = params.get("network")
        self.optimizer = params.get("optimizer")
        self.series = params.get("series", self.optimizer)
        self.lr = float(params.get("lr", math.nan))
        self.weight_decay = float(params.get("weight_decay") or 0.0)
        self.gamma = float(params.get("gamma") or 0.0)
        self.seed = int(params.get("seed", 0))
        self.figures = record.get("figures") or {}
        self._tables = {}

    def table(self, name):
        if name not in self._tables:
            path = os.path.join(self.folder, name)
            self._tables[name] = read_csv(path) if os.path.exists(path) else []
        return self._tables[name]

    def symmetries(self):
        present = {s for s in SYMMETRIES if s in self.figures}
        return present or {r["symmetry"] for r in self.table("families.csv")}

    def first_family(self, symmetry):
        """The first family of the symmetry in units.csv."""
        families = {r["family"]: r["symmetry"] for r in self.table("families.csv")}
        for row in self.table("units.csv"):
            if families.get(row["family"]) == symmetry:
                return row["family"]
        return None

    def units(self, family):
        """{unit: {column: array}} of units.csv for one family, in step order."""
        units = defaultdict(lambda: defaultdict(list))
        for row in self.table("units.csv"):
            if row["family"] == family:
                for column, text in row.items():
                    if column not in ("family", "unit"):
                        units[int(row["unit"])][column].append(number(text))
        return {u: {c: np.array(v) for c, v in cols.items()} for u, cols in sorted(units.items())}

    def family_series(self, family, column):
        rows = [r for r in self.table("families.csv") if r["family"] == family]
        return (np.array([int(r["step"]) for r in rows], dtype=float),
                np.array([number(r.get(column)) for r in rows]))


def load_runs(sweep):
    with open(os.path.join(sweep, "summary.json")) as f:
        summary = json.load(f)
    records = summary.get("runs", []) if isinstance(summary, dict) else summary
    runs = [Run(sweep, r) for r in records if r.get("status") == "finished"]
    return [r for r in runs if os.path.isdir(r.folder)]


def representative(runs, network, optimizer, weight_decay=None):
    """Lowest seed, largest weight decay (or the given one; leapfrog: largest γ), middle lr."""
    group = [r for r in runs if r.network == network and r.optimizer == optimizer]
    if not group:
        return None
    if optimizer == "leapfrog":
        group = [r for r in group if r.gamma == max(g.gamma for g in group)]
    elif weight_decay is None:
        group = [r for r in group if r.weight_decay == max(g.weight_decay for g in group)]
    else:
        group = [r for r in group if r.weight_decay == weight_decay]
    lrs = sorted({r.lr for r in group})
    if not lrs:
        return None
    group = [r for r in group if r.lr == lrs[(len(lrs) - 1) // 2]]
    return min(group, key=lambda r: r.seed)


def note(ax, text):
    ax.text(0.5, 0.5, text, transform=ax.transAxes, ha="center", va="center", color="gray")


def finish(fig, path, title, *legends):
    """Lays the figure out under its title and one line of legend per list of handles."""
    height = fig.get_figheight()
    fig.tight_layout(rect=(0, 0, 1, 1 - (0.4 + 0.22 * len(legends)) / height))
    fig.suptitle(title, y=1 - 0.05 / height)
    for row, handles in enumerate(legends):
        fig.legend(handles=handles, loc="upper center", ncol=len(handles), fontsize=8,
                   frameon=False, bbox_to_anchor=(0.5, 1 - (0.3 + 0.22 * row) / height))
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def plot_curves(runs, path):
    symmetries = [s for s in SYMMETRIES if any(s in r.symmetries() for r in runs)]
    columns = [o for o in ("sgd", "momentum") if any(r.optimizer == o for r in runs)]
    columns += ["leapfrog"] if any(r.optimizer == "leapfrog" for r in runs) else []
    if not symmetries or not columns:
        return False
    fig, axes = plt.subplots(len(symmetries), len(columns), squeeze=False,
                             figsize=(5.0 * len(columns), 3.6 * len(symmetries) + 0.6))
    for row, symmetry in enumerate(symmetries):
        for column, optimizer in enumerate(columns):
            ax = axes[row][column]
            if optimizer == "leapfrog" and symmetry != "translation":
                ax.axis("off")
                note(ax, f"leapfrog: {symmetry} is not conserved\n(translation only; "
                     "see leapfrog_charge.png)")
                continue
            candidates = [n for n in PREFERRED[symmetry] if any(
                r.network == n and symmetry in r.symmetries() for r in runs)]
            run = next((representative(runs, n, optimizer) for n in candidates
                        if representative(runs, n, optimizer)), None)
            family = run.first_family(symmetry) if run else None
            if family is None:
                note(ax, f"{symmetry}, {optimizer}: no finished run")
                continue
            units = run.units(family)
            for index, values in enumerate(units.values()):
                color = UNIT_COLORS[index % len(UNIT_COLORS)]
                t, start = values["t"], values["measured"][0]  # the change since t = 0
                ax.plot(t, values["measured"] - start, color=color, lw=1.8, alpha=0.8)
                ax.plot(t, values["recursion"] - start, color="black", ls="--", lw=0.9)
                ax.plot(t, values["modified_flow"] - start, color=color, ls=":", lw=1.8)
                ax.plot(t, values["gradient_flow"] - start, color="gray", ls="-.", lw=0.9)
            ax.set_title(f"{run.network}, {run.series}, lr {run.lr:g}\n{family} (seed {run.seed})",
                         fontsize=9)
            if row == len(symmetries) - 1:
                ax.set_xlabel("t = ηk")
            if column == 0:
                ax.set_ylabel(f"{symmetry}: Δ {QUANTITIES[symmetry]} since t = 0")
            ax.grid(True, alpha=0.25)
    handles = [plt.Line2D([], [], color="tab:blue", lw=1.6, label="measured (one colour per unit)"),
               plt.Line2D([], [], color="black", ls="--", lw=0.9, label="exact recursion"),
               plt.Line2D([], [], color="tab:blue", ls=":", lw=1.6, label="modified flow"),
               plt.Line2D([], [], color="gray", ls="-.", lw=0.8, label="gradient flow")]
    return finish(fig, path, "Change of the quantities the symmetries conserve under gradient "
                  "flow, against t", handles)


def series_colors(table):
    """{series: colour}: a hue per optimizer, darker for a larger weight decay or γ."""
    by_optimizer = defaultdict(set)
    for row in table:
        by_optimizer[row["series"].split("_")[0]].add(row["series"])
    colors = {}
    for optimizer, series in by_optimizer.items():
        cmap = plt.get_cmap(OPTIMIZER_COLORS.get(optimizer, "Purples"))
        for i, name in enumerate(sorted(series)):
            colors[name] = cmap(0.5 + 0.45 * i / (len(series) - 1) if len(series) > 1 else 0.8)
    return colors


def series_order(name):
    optimizer = name.split("_")[0]
    return (OPTIMIZERS.index(optimizer) if optimizer in OPTIMIZERS else 99, name)


def plot_error_vs_lr(sweep, path):
    table_path = os.path.join(sweep, "conservation_table.csv")
    table = read_csv(table_path) if os.path.exists(table_path) else []
    networks = [n for n in NETWORKS if any(r["network"] == n for r in table)]
    symmetries = [s for s in SYMMETRIES if any(r["symmetry"] == s for r in table)]
    if not networks or not symmetries:
        return False
    colors = series_colors(table)
    lines = defaultdict(list)  # (network, symmetry, series, prediction) -> [(lr, median)]
    for row in table:
        lines[(row["network"], row["symmetry"], row["series"], row["prediction"])].append(
            (number(row["lr"]), number(row["median"])))
    fig, axes = plt.subplots(len(networks), len(symmetries), squeeze=False,
                             figsize=(5.0 * len(symmetries), 3.9 * len(networks) + 1.0))
    used_series, used_predictions = set(), set()
    for row, network in enumerate(networks):
        for column, symmetry in enumerate(symmetries):
            ax = axes[row][column]
            drawn = False
            for (net, sym, series, prediction), points in sorted(
                    lines.items(), key=lambda kv: series_order(kv[0][2])):
                if net != network or sym != symmetry:
                    continue
                points.sort()
                lr = np.array([p[0] for p in points])
                error = positive([p[1] for p in points])
                if not np.isfinite(error).any():
                    continue
                ls, marker = PREDICTIONS.get(prediction, ("-", "."))
                ax.plot(lr, error, ls=ls, marker=marker, color=colors[series], markersize=4,
                        lw=1.0 if prediction != "constraint" else 0.6)
                used_series.add(series)
                used_predictions.add(prediction)
                drawn = True
            if drawn:
                ax.set_xscale("log")
                ax.set_yscale("log")
            else:
                ax.axis("off")
                note(ax, f"{network}: no {symmetry} symmetry")
            ax.set_title(f"{network}: {symmetry}", fontsize=10)
            if row == len(networks) - 1:
                ax.set_xlabel("lr (leapfrog: dt)")
            if column == 0:
                ax.set_ylabel("median relative error at the horizon")
            ax.grid(True, which="major", alpha=0.25)
    series = [plt.Line2D([], [], color=colors[s], lw=2, label=s)
              for s in sorted(used_series, key=series_order)]
    predictions = [plt.Line2D([], [], color="black", ls=PREDICTIONS[p][0],
                              marker=PREDICTIONS[p][1], markersize=4,
                              label=p.replace("_", " ")
                              + (" residual" if p == "constraint" else ""))
                   for p in PREDICTIONS if p in used_predictions]
    return finish(fig, path, "Error of the predictions at the horizon against the step size",
                  series, predictions)


def plot_leapfrog_charge(runs, path):
    networks = [n for n in NETWORKS if any(
        r.network == n and r.optimizer == "leapfrog" and "translation" in r.symmetries()
        for r in runs)]
    if not networks:
        return False
    fig, axes = plt.subplots(len(networks), 3, squeeze=False,
                             figsize=(15.0, 3.8 * len(networks) + 0.6))
    for row, network in enumerate(networks):
        leapfrog = [r for r in runs if r.network == network and r.optimizer == "leapfrog"]
        gammas = sorted({r.gamma for r in leapfrog})
        cmap = plt.get_cmap("Reds")
        gamma_colors = {g: cmap(0.5 + 0.45 * i / max(len(gammas) - 1, 1))
                        for i, g in enumerate(gammas)}
        lrs = sorted({r.lr for r in leapfrog})
        middle = lrs[(len(lrs) - 1) // 2]
        shown = []
        for gamma in gammas:
            group = [r for r in leapfrog if r.gamma == gamma and r.lr == middle]
            if group:
                shown.append(min(group, key=lambda r: r.seed))
        charge_ax, error_ax, flow_ax = axes[row]
        for run in shown[-1:]:  # the charge per unit of the largest γ
            family = run.first_family("translation")
            for color, values in zip(UNIT_COLORS, (run.units(family) if family else {}).values()):
                charge_ax.plot(values["step"], values["charge_measured"], color=color, lw=1.6)
                charge_ax.plot(values["step"], values["charge_predicted"], color="black",
                               ls="--", lw=0.9)
            charge_ax.set_title(f"{network}, {run.series}, dt {run.lr:g}, seed {run.seed}\n"
                                f"{family}: charge Σp per unit (solid), predicted (dashed)",
                                fontsize=9)
        for run in shown:
            family = run.first_family("translation")
            color = gamma_colors[run.gamma]
            steps, charge = run.family_series(family, "charge_median")
            error_ax.plot(steps, positive(charge), color=color, lw=1.5,
                          label=f"γ={run.gamma:g}: charge")
            steps, recursion = run.family_series(family, "recursion_median")
            error_ax.plot(steps, positive(recursion), color=color, ls="--", lw=1.2,
                          label=f"γ={run.gamma:g}: Σθ recursion")
        error_ax.set_title(f"{network}: median relative error, leapfrog dt {middle:g}",
                           fontsize=9)
        # The violation of Σθ's conservation without weight decay (the smallest one present).
        decay = min((r.weight_decay for r in runs if r.network == network
                     and r.optimizer in ("sgd", "adamw")), default=0.0)
        comparison = [representative(runs, network, o, decay) for o in ("sgd", "adamw")]
        comparison += shown
        for run in [r for r in comparison if r is not None]:
            family = run.first_family("translation")
            steps, violation = run.family_series(family, "gradient_flow_median")
            color = (gamma_colors[run.gamma] if run.optimizer == "leapfrog" else
                     {"sgd": "tab:blue", "adamw": "orange"}[run.optimizer])
            flow_ax.plot(steps, positive(violation), color=color, lw=1.4,
                         label=f"{run.series}, lr {run.lr:g}")
        flow_ax.set_title(f"{network}: violation of Σθ = const (gradient-flow error), "
                          f"wd {decay:g}", fontsize=9)
        for ax in (error_ax, flow_ax):
            if ax.lines:
                ax.set_yscale("log")
                ax.legend(fontsize=7)
            else:
                note(ax, "no finished run")
        for ax in axes[row]:
            ax.grid(True, which="major", alpha=0.25)
            if row == len(networks) - 1:
                ax.set_xlabel("step")
        charge_ax.set_ylabel("translation charge Σp")
        error_ax.set_ylabel("median relative error")
    return finish(fig, path, "The leapfrog's translation charge")


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sweep", help="sweep folder written by `symplex run` (conservation kind)")
    parser.add_argument("--out", help="folder for the PNGs (default: the sweep folder)")
    args = parser.parse_args()
    out = args.out or args.sweep
    os.makedirs(out, exist_ok=True)
    if not os.path.exists(os.path.join(args.sweep, "summary.json")):
        sys.exit(f"error: {os.path.join(args.sweep, 'summary.json')} not found; "
                 "is this a finished conservation folder?")
    runs = load_runs(args.sweep)
    if not runs:
        sys.exit(f"error: {args.sweep} has no finished conservation run to plot")
    for name, plot in (("conservation_curves.png", lambda p: plot_curves(runs, p)),
                       ("prediction_error_vs_lr.png", lambda p: plot_error_vs_lr(args.sweep, p)),
                       ("leapfrog_charge.png", lambda p: plot_leapfrog_charge(runs, p))):
        path = os.path.join(out, name)
        if plot(path):
            print(path)


if __name__ == "__main__":
    main()
