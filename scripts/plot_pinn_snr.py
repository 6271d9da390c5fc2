#!/usr/bin/python3
"""Plots of a gradient-SNR sweep (docs/pinn_snr.md) from its sweep folder.

    /usr/bin/python3 scripts/plot_pinn_snr.py results/pinn_snr/default

Reads summary.json, spec.resolved.json and each finished run's snr.csv, snr_layers.csv,
metrics.csv and residual_cells.csv written by `symplex run`, and writes, beside them:
  snr_vs_step.png     per problem (columns) against step: the global SNR with the conditions
                      (eq. 4), without them, Adam's SNR (eq. 5) and the relative L2 error; plain
                      and RBA in two colours, one thin line per seed and the median over seeds,
                      each run's onset of total diffusion as a dashed line, SNR = 1 dotted
  snr_layers.png      per-layer SNR (with the conditions) of the lowest seed, per problem and
                      RBA setting, onset marked
  residual_maps.png   the binned mean |r| over the domain (residual_cells.csv, log colour) of the
                      lowest seed, at the measurement just before the onset and the first one at
                      or after it; without an onset, at the diffusion minimum and at the end

Runs that did not finish (diverged) are left out. An SNR that is not a positive finite number
(0/0 in an RBA run's first measurement, where every batch gradient is zero; inf where only the
conditions contribute) is not drawn on the log scales.
"""
import argparse
import json
import os
import sys
from collections import defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.colors  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from plot_common import number, positive, read_csv  # noqa: E402

PROBLEMS = ["heat", "helmholtz", "allen_cahn"]
PROBLEM_LABELS = {"heat": "heat", "helmholtz": "Helmholtz", "allen_cahn": "Allen–Cahn"}
SECOND_INPUT = {"heat": "t", "helmholtz": "y", "allen_cahn": "t"}
RBA_LABELS = {False: "plain", True: "RBA"}
RBA_COLORS = {False: "tab:blue", True: "tab:red"}


class Run:
    """One finished run: its parameters, figures and, loaded on demand, its CSV files."""

    def __init__(self, sweep, record):
        params = record.get("params", {})
        self.id = record["id"]
        self.folder = os.path.join(sweep, self.id)
        self.problem = params.get("problem")
        self.rba = params.get("rba") in (True, "true")
        self.seed = int(params.get("seed", 0))
        self.figures = record.get("figures") or {}
        self._tables = {}

    @property
    def onset(self):
        return self.figures.get("onset_step")

    def table(self, name):
        """Rows of <run>/<name>, or [] where the file is missing."""
        if name not in self._tables:
            path = os.path.join(self.folder, name)
            self._tables[name] = read_csv(path) if os.path.exists(path) else []
        return self._tables[name]

    def series(self, name, column):
        """(steps, values) of one column of <run>/<name>."""
        rows = self.table(name)
        return (np.array([int(r["step"]) for r in rows], dtype=float),
                np.array([number(r.get(column)) for r in rows], dtype=float))


def load_runs(sweep):
    with open(os.path.join(sweep, "summary.json")) as f:
        summary = json.load(f)
    records = summary.get("runs", []) if isinstance(summary, dict) else summary
    runs = [Run(sweep, r) for r in records if r.get("status") == "finished"]
    return [r for r in runs if r.problem in PROBLEMS and os.path.isdir(r.folder)]


def domains(sweep):
    """{problem: (x0, x1, y0, y1)} of the two inputs, from spec.resolved.json."""
    problems = {}
    path = os.path.join(sweep, "spec.resolved.json")
    if os.path.exists(path):
        with open(path) as f:
            problems = json.load(f).get("problems", {})
    return {"heat": (0.0, 1.0, 0.0, float(problems.get("heat", {}).get("t_max", 1.0))),
            "helmholtz": (-1.0, 1.0, -1.0, 1.0),
            "allen_cahn": (-1.0, 1.0, 0.0,
                           float(problems.get("allen_cahn", {}).get("t_max", 1.0)))}


def grouped(runs):
    """{(problem, rba): [runs by seed]}"""
    groups = defaultdict(list)
    for run in runs:
        groups[(run.problem, run.rba)].append(run)
    for group in groups.values():
        group.sort(key=lambda r: r.seed)
    return groups


def present_problems(runs):
    return [p for p in PROBLEMS if any(r.problem == p for r in runs)]


def present_settings(runs):
    return [s for s in (False, True) if any(r.rba == s for r in runs)]


def median_over_seeds(curves):
    """Per step, the median of the seeds' drawable values; curves: [(steps, values)]."""
    by_step = defaultdict(list)
    for steps, values in curves:
        for step, value in zip(steps, values):
            if np.isfinite(value):
                by_step[step].append(value)
    steps = sorted(by_step)
    return np.array(steps), np.array([np.median(by_step[s]) for s in steps])


def mark_onsets(ax, runs, color):
    for run in runs:
        if run.onset is not None:
            ax.axvline(run.onset, color=color, ls="--", lw=0.9, alpha=0.8)


def snr_one(ax):
    ax.axhline(1.0, color="black", ls=":", lw=0.9)


def plot_snr_vs_step(runs, path):
    groups = grouped(runs)
    problems = present_problems(runs)
    rows = [("snr.csv", "snr", "global SNR, with conditions", True),
            ("snr.csv", "snr_without_conditions", "global SNR, without conditions", True),
            ("metrics.csv", "adam_snr", "Adam's SNR ‖m̂‖/‖√v̂+ε‖", True),
            ("metrics.csv", "relative_l2", "relative L2 error", False)]
    fig, axes = plt.subplots(len(rows), len(problems), figsize=(4.8 * len(problems), 12.5),
                             sharex="col", squeeze=False)
    for column, problem in enumerate(problems):
        for row, (name, key, ylabel, one) in enumerate(rows):
            ax = axes[row][column]
            drawn = False
            for rba in present_settings(runs):
                group = groups.get((problem, rba), [])
                color = RBA_COLORS[rba]
                curves = []
                for run in group:
                    steps, values = run.series(name, key)
                    values = positive(values)
                    if not np.isfinite(values).any():
                        continue
                    curves.append((steps, values))
                    ax.plot(steps, values, color=color, lw=0.6 if len(group) > 1 else 1.3,
                            alpha=0.35 if len(group) > 1 else 0.9)
                if len(curves) > 1:
                    ax.plot(*median_over_seeds(curves), color=color, lw=1.8)
                drawn = drawn or bool(curves)
                mark_onsets(ax, group, color)
            if drawn:
                ax.set_yscale("log")
            else:
                ax.text(0.5, 0.5, "no values", transform=ax.transAxes, ha="center",
                        va="center", color="gray")
            if one:
                snr_one(ax)
            if column == 0:
                ax.set_ylabel(ylabel)
            if row == 0:
                ax.set_title(PROBLEM_LABELS[problem])
            if row == len(rows) - 1:
                ax.set_xlabel("step")
            ax.grid(True, which="major", alpha=0.25)
    handles = [plt.Line2D([], [], color=RBA_COLORS[s], lw=1.8, label=RBA_LABELS[s])
               for s in present_settings(runs)]
    handles += [plt.Line2D([], [], color="gray", lw=0.6, alpha=0.6, label="one seed"),
                plt.Line2D([], [], color="gray", lw=1.8, label="median over seeds"),
                plt.Line2D([], [], color="gray", ls="--", lw=0.9,
                           label="onset of total diffusion"),
                plt.Line2D([], [], color="black", ls=":", lw=0.9, label="SNR = 1")]
    height = fig.get_figheight()
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.5 / height))
    fig.suptitle("Gradient SNR and test error against step", y=1 - 0.05 / height)
    fig.legend(handles=handles, loc="upper center", ncol=len(handles), fontsize=8,
               frameon=False, bbox_to_anchor=(0.5, 1 - 0.27 / height))
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return True


def short_layer(name):
    """encoder.weight -> input, trunk.layer0.weight -> hidden 0, head.weight -> head."""
    name = name[:-len(".weight")] if name.endswith(".weight") else name
    if name == "encoder":
        return "input"
    for prefix in ("trunk.layers.", "trunk.layer"):
        if name.startswith(prefix) and name[len(prefix):].isdigit():
            return f"hidden {name[len(prefix):]}"
    return name


def plot_snr_layers(runs, path):
    groups = grouped(runs)
    problems = present_problems(runs)
    settings = present_settings(runs)
    if not any(run.table("snr_layers.csv") for run in runs):
        return False
    fig, axes = plt.subplots(len(settings), len(problems),
                             figsize=(4.8 * len(problems), 3.8 * len(settings) + 0.6),
                             squeeze=False)
    legend = {}  # short layer name -> its line, in network order
    for row, rba in enumerate(settings):
        for column, problem in enumerate(problems):
            ax = axes[row][column]
            group = groups.get((problem, rba), [])
            layers = defaultdict(lambda: ([], []))
            run = group[0] if group else None
            for r in run.table("snr_layers.csv") if run else []:
                steps, values = layers[r["layer"]]
                steps.append(int(r["step"]))
                values.append(number(r["snr"]))
            if not layers:
                ax.text(0.5, 0.5, "no finished run", transform=ax.transAxes, ha="center",
                        va="center", color="gray")
                ax.set_title(f"{PROBLEM_LABELS[problem]}, {RBA_LABELS[rba]}")
                continue
            colors = plt.cm.viridis(np.linspace(0.0, 0.9, len(layers)))
            for color, (layer, (steps, values)) in zip(colors, layers.items()):
                line, = ax.plot(steps, positive(values), color=color, lw=1.0)
                legend.setdefault(short_layer(layer), line)
            ax.set_yscale("log")
            snr_one(ax)
            mark_onsets(ax, [run], RBA_COLORS[rba])
            ax.set_title(f"{PROBLEM_LABELS[problem]}, {RBA_LABELS[rba]} (seed {run.seed})"
                         + ("" if run.onset is not None else ", no onset"), fontsize=10)
            ax.set_xlabel("step")
            if column == 0:
                ax.set_ylabel("per-layer SNR, with conditions")
            ax.grid(True, which="major", alpha=0.25)
    height = fig.get_figheight()
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.5 / height))
    fig.suptitle("Per-layer gradient SNR (weight matrices; dashed: onset, dotted: SNR = 1)",
                 y=1 - 0.05 / height)
    fig.legend(list(legend.values()), list(legend), loc="upper center", ncol=len(legend),
               fontsize=8, frameon=False, bbox_to_anchor=(0.5, 1 - 0.27 / height))
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return True


def residual_grids(run):
    """{step: 2-D array [cell_1, cell_0] of mean |r|, NaN for an empty cell}"""
    cells = defaultdict(dict)
    for r in run.table("residual_cells.csv"):
        cells[int(r["step"])][(int(r["cell_0"]), int(r["cell_1"]))] = number(
            r["mean_abs_residual"])
    grids = {}
    for step, values in cells.items():
        bins_0 = max(i for i, _ in values) + 1
        bins_1 = max(j for _, j in values) + 1
        grid = np.full((bins_1, bins_0), np.nan)
        for (i, j), value in values.items():
            grid[j, i] = value
        grids[step] = grid
    return grids


def chosen_steps(run, steps):
    """Two (step, label) of the residual maps: around the onset, or minimum and end."""
    onset = run.onset
    if onset is not None:
        before = [s for s in steps if s < onset] or steps[:1]
        after = [s for s in steps if s >= onset] or steps[-1:]
        return [(before[-1], "before onset"), (after[0], "after onset")]
    minimum = run.figures.get("diffusion_minimum_step")
    if minimum is None:
        minimum = steps[len(steps) // 2]
    minimum = min(steps, key=lambda s: abs(s - minimum))
    return [(minimum, "no onset: minimum"), (steps[-1], "no onset: last")]


def plot_residual_maps(runs, domain, path):
    groups = grouped(runs)
    problems = present_problems(runs)
    settings = present_settings(runs)
    panels = {}  # (problem, rba) -> (run, [(step, label, grid)])
    for problem in problems:
        for rba in settings:
            group = groups.get((problem, rba), [])
            grids = residual_grids(group[0]) if group else {}
            if grids:
                steps = sorted(grids)
                panels[(problem, rba)] = (group[0], [(s, label, grids[s]) for s, label in
                                                     chosen_steps(group[0], steps)])
    if not panels:
        return False
    columns = 2 * len(settings)
    fig, axes = plt.subplots(len(problems), columns,
                             figsize=(3.2 * columns + 1.2, 3.3 * len(problems) + 0.5),
                             sharey="row", squeeze=False, layout="constrained")
    cmap = plt.get_cmap("magma").copy()
    cmap.set_bad("lightgray")
    for row, problem in enumerate(problems):
        shown = [grid for rba in settings if (problem, rba) in panels
                 for _, _, grid in panels[(problem, rba)][1]]
        values = np.concatenate([positive(g).ravel() for g in shown]) if shown else []
        values = values[np.isfinite(values)] if len(values) else values
        norm = (matplotlib.colors.LogNorm(vmin=values.min(), vmax=max(values.max(),
                                                                       values.min() * 1.01))
                if len(values) else None)
        image = None
        for index, rba in enumerate(settings):
            entry = panels.get((problem, rba))
            for k in range(2):
                ax = axes[row][2 * index + k]
                if entry is None:
                    ax.axis("off")
                    ax.text(0.5, 0.5, f"{PROBLEM_LABELS[problem]}, {RBA_LABELS[rba]}:\n"
                            "no finished run", transform=ax.transAxes, ha="center",
                            va="center", color="gray")
                    continue
                run, chosen = entry
                step, label, grid = chosen[k]
                image = ax.imshow(positive(grid), origin="lower", extent=domain[problem],
                                  aspect="auto", cmap=cmap, norm=norm, interpolation="nearest")
                ax.set_title(f"{PROBLEM_LABELS[problem]}, {RBA_LABELS[rba]} s{run.seed}\n"
                             f"step {step}: {label}", fontsize=9)
                ax.set_xlabel("x")
                if index == 0 and k == 0:
                    ax.set_ylabel(SECOND_INPUT[problem])
        if image is not None:
            fig.colorbar(image, ax=list(axes[row]), fraction=0.03, pad=0.01,
                         label="mean |r| in the cell")
    fig.suptitle("Residual over the domain (cell means of |r|; gray: an empty cell)")
    fig.savefig(path, dpi=120, bbox_inches="tight")
    plt.close(fig)
    return True


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sweep", help="sweep folder written by `symplex run` (pinn_snr kind)")
    parser.add_argument("--out", help="folder for the PNGs (default: the sweep folder)")
    args = parser.parse_args()
    out = args.out or args.sweep
    os.makedirs(out, exist_ok=True)
    for needed in ("summary.json", "spec.resolved.json"):
        if not os.path.exists(os.path.join(args.sweep, needed)):
            sys.exit(f"error: {os.path.join(args.sweep, needed)} not found; "
                     "is this a finished pinn_snr folder?")
    runs = load_runs(args.sweep)
    if not runs:
        sys.exit(f"error: {args.sweep} has no finished pinn_snr run to plot")
    written = []
    for name, made in (
        ("snr_vs_step.png", plot_snr_vs_step(runs, os.path.join(out, "snr_vs_step.png"))),
        ("snr_layers.png", plot_snr_layers(runs, os.path.join(out, "snr_layers.png"))),
        ("residual_maps.png", plot_residual_maps(runs, domains(args.sweep),
                                                 os.path.join(out, "residual_maps.png"))),
    ):
        if made:
            written.append(os.path.join(out, name))
    for path in written:
        print(path)


if __name__ == "__main__":
    main()
