#!/usr/bin/python3
"""Plots of a dt-band sweep (docs/dt_sweep.md) from its sweep folder.

    /usr/bin/python3 scripts/plot_dt_sweep.py results/dt_band_cpu/default

Reads summary.csv, fits.csv and steps.csv written by `symplex run` (or `symplex report`) and
writes, beside them:
  drift_vs_step.png   tail-median |ΔH| vs dt (leapfrog) or lr (baselines), log-log, per seed and
                      seed means, with the OLS lines of fits.csv over their bands (the leapfrog paper's Fig. 1);
                      the consecutive-batch drift beside the same-batch one, and the arithmetic
                      floor with the band within 10x of it shaded
  cap_engagement.png  fraction of steps on which the energy cap fired, mean ± 95% CI over seeds
                      (the leapfrog paper's Fig. 3)
  drift_budget.png    per leapfrog series: the measured terms of ΔH (damping, cap, integrator,
                      noise; docs/dt_sweep.md eq. 16) against dt, and the fitted eq. 6 terms
                      stacked under the measured same-batch and consecutive drifts
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
import matplotlib.ticker  # noqa: E402
from plot_common import read_csv  # noqa: E402

OPTIMIZER_LABELS = {"leapfrog": "Leapfrog (dt)", "adamw": "AdamW (lr)",
                    "sgd": "SGD + momentum (lr)"}
BAND_COLORS = {"all": "black", "canonical": "tab:green", "wide": "tab:red"}


def series_label(series):
    name, _, tf32 = series.partition("+")
    optimizer, _, gamma = name.partition("_gamma")
    label = OPTIMIZER_LABELS.get(optimizer, optimizer)
    return label + (f" γ={gamma}" if gamma else "") + (" TF32" if tf32 else "")


def optional_float(text):
    return None if text in (None, "", "nan") else float(text)


def seed_means(rows, column):
    by_step = defaultdict(list)
    for row in rows:
        if row.get(column) not in (None, "", "nan") and float(row[column]) > 0:
            by_step[float(row["step_size"])].append(float(row[column]))
    steps = sorted(by_step)
    return steps, [sum(by_step[s]) / len(by_step[s]) for s in steps], by_step


def plot_drift(summary, fits, steps_table, bands, path):
    """bands: {name: (low, high)}; the fit of band "all" spans every step size."""
    finished = [r for r in summary if r["status"] == "finished"]
    present = sorted({r["series"] for r in finished}, key=lambda s: (
        list(OPTIMIZER_LABELS).index(s.split("+")[0]) if s.split("+")[0] in OPTIMIZER_LABELS
        else 99, s))
    fig, axes = plt.subplots(1, len(present), figsize=(5.2 * len(present), 4.3), squeeze=False)
    for ax, series in zip(axes[0], present):
        rows = [r for r in finished if r["series"] == series]
        steps, means, by_step = seed_means(rows, "drift")
        for step in steps:
            ax.scatter([step] * len(by_step[step]), by_step[step], s=12, color="gray", alpha=0.6)
        ax.plot(steps, means, "o", color="tab:blue", label="same batch, seed mean")
        c_steps, c_means, _ = seed_means(rows, "drift_consecutive")
        if c_steps:
            ax.plot(c_steps, c_means, "s--", color="tab:orange", markersize=4,
                    label="consecutive batches, seed mean")
        floor = sorted((float(r["step_size"]), float(r["floor_mean"])) for r in steps_table
                       if r["series"] == series and r["floor_mean"] not in ("", "nan"))
        if floor:
            xs = [f[0] for f in floor]
            ax.plot(xs, [f[1] for f in floor], ":", color="tab:purple", label="arithmetic floor")
            ax.fill_between(xs, [f[1] / 10 for f in floor], [10 * f[1] for f in floor],
                            color="tab:purple", alpha=0.12, label="within 10x of the floor")
        for fit in fits:
            if (fit["series"] != series or fit["fit_on"] != "per_seed"
                    or fit["definition"] != "same_batch"):
                continue
            low, high = bands.get(fit["band"], (0.0, math.inf))
            in_band = [s for s in steps if low <= s <= high]
            lo, hi = min(in_band), max(in_band)
            slope, intercept = float(fit["slope"]), float(fit["intercept"])
            xs = [lo, hi]
            ys = [10 ** (intercept + slope * math.log10(x)) for x in xs]
            ci = (f" [{float(fit['ci_low']):+.2f}, {float(fit['ci_high']):+.2f}]"
                  if fit["ci_low"] not in ("", "nan") else "")
            ax.plot(xs, ys, "-", color=BAND_COLORS.get(fit["band"], "black"),
                    label=f"{fit['band']}: slope {slope:+.3f}{ci}")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.xaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
        ax.set_xticks(steps)
        ax.set_xticklabels([f"{s:g}" for s in steps], rotation=45, fontsize=7)
        ax.set_xlabel("dt" if series.startswith("leapfrog") else "lr")
        ax.set_ylabel("tail-median |ΔH| (nats)")
        ax.set_title(series_label(series))
        ax.legend(fontsize=6)
    fig.suptitle("Energy drift vs step size (same-batch OLS on per-seed points, 95% CI)")
    fig.tight_layout()
    fig.savefig(path, dpi=130)
    plt.close(fig)


def plot_cap(steps_table, path):
    fig, ax = plt.subplots(figsize=(6, 4.2))
    for series in sorted({r["series"] for r in steps_table if r["series"].startswith("leapfrog")}):
        rows = sorted((r for r in steps_table if r["series"] == series),
                      key=lambda r: float(r["step_size"]))
        xs = [float(r["step_size"]) for r in rows]
        ys = [100 * float(r["cap_engagement_mean"]) for r in rows]
        errors = [100 * float(r["cap_engagement_ci_half_width"])
                  if r["cap_engagement_ci_half_width"] not in ("", "nan") else 0.0 for r in rows]
        ax.errorbar(xs, ys, yerr=errors, marker="o", capsize=3, label=series_label(series))
    ax.set_xscale("log")
    ax.set_xlabel("dt")
    ax.set_ylabel("steps with the energy cap firing (%)")
    ax.set_title("Energy cap engagement (mean ± 95% CI over seeds)")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=130)
    plt.close(fig)


BUDGET_TERMS = [("same_batch", "same batch ΔH", "tab:blue", "o-"),
                ("damping", "damping part", "tab:green", "v-"),
                ("cap", "cap part", "tab:red", "x-"),
                ("integrator", "integrator part", "black", "^-"),
                ("noise", "noise (consecutive − same)", "tab:gray", "d:"),
                ("consecutive", "consecutive ΔH", "tab:orange", "s--")]
MODEL_TERMS = [("a", "a·dt³", 3, "tab:purple"), ("b_sigma2", "bσ²·dt²", 2, "tab:cyan"),
               ("c_gamma", "cγ·dt", 1, "tab:olive")]


def plot_budget(budget, models, path):
    """budget: rows of budget.csv; models: rows of drift_model.csv."""
    series_list = sorted({r["series"] for r in budget if optional_float(r["damping"]) is not None})
    if not series_list:
        return False
    fig, axes = plt.subplots(3, len(series_list), figsize=(5.4 * len(series_list), 11),
                             squeeze=False)
    for column, series in enumerate(series_list):
        rows = sorted((r for r in budget if r["series"] == series),
                      key=lambda r: float(r["step_size"]))
        dts = [float(r["step_size"]) for r in rows]
        ax = axes[0][column]
        for key, label, color, style in BUDGET_TERMS:
            points = [(dt, optional_float(r[key])) for dt, r in zip(dts, rows)]
            points = [(dt, v) for dt, v in points if v is not None and v > 0]
            if points:
                ax.plot(*zip(*points), style, color=color, markersize=4, label=label)
        ax.set_title(f"{series_label(series)}: measured terms")
        ax.set_ylabel("seed mean of tail-median |term| (nats)")
        for row, definition in ((1, "same_batch"), (2, "consecutive")):
            ax = axes[row][column]
            fit = next((m for m in models if m["series"] == series and m["band"] == "all"
                        and m["definition"] == definition), None)
            measured = [(dt, optional_float(r[definition])) for dt, r in zip(dts, rows)]
            measured = [(dt, v) for dt, v in measured if v is not None and v > 0]
            if fit is not None:
                grid = [dts[0] * (dts[-1] / dts[0]) ** (i / 60) for i in range(61)]
                stack = []
                labels = []
                colors = []
                for key, label, exponent, color in MODEL_TERMS:
                    value = optional_float(fit[key])
                    if value is None:
                        continue
                    stack.append([value * dt ** exponent for dt in grid])
                    labels.append(f"{label}: {value:.3g}")
                    colors.append(color)
                ax.stackplot(grid, *stack, labels=labels, colors=colors, alpha=0.45)
                ax.set_title(f"eq. 6 fit to the {definition.replace('_', ' ')} drift "
                             f"(rel. rms {float(fit['relative_rms']):.2f})", fontsize=9)
            if measured:
                ax.plot(*zip(*measured), "ko", markersize=4, label="measured, seed mean")
            ax.set_ylabel("drift (nats)")
        for ax in (axes[0][column], axes[1][column], axes[2][column]):
            ax.set_xscale("log")
            ax.set_yscale("log")
            ax.set_xlabel("dt")
            ax.xaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
            ax.set_xticks(dts)
            ax.set_xticklabels([f"{s:g}" for s in dts], rotation=45, fontsize=7)
            ax.legend(fontsize=6)
    fig.suptitle("Drift budget: the terms of ΔH and eq. 6 fitted by non-negative least squares")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sweep", help="sweep folder written by `symplex run` (dt_sweep kind)")
    parser.add_argument("--out", help="folder for the PNGs (default: the sweep folder)")
    args = parser.parse_args()
    out = args.out or args.sweep
    os.makedirs(out, exist_ok=True)
    for needed in ("summary.csv", "fits.csv", "steps.csv", "budget.csv", "drift_model.csv",
                   "spec.resolved.json"):
        if not os.path.exists(os.path.join(args.sweep, needed)):
            sys.exit(f"error: {os.path.join(args.sweep, needed)} not found; "
                     "is this a finished dt_sweep folder?")
    with open(os.path.join(args.sweep, "spec.resolved.json")) as f:
        bands = {name: tuple(band) for name, band in json.load(f)["bands"].items()}
    summary = read_csv(os.path.join(args.sweep, "summary.csv"))
    fits = read_csv(os.path.join(args.sweep, "fits.csv"))
    steps_table = read_csv(os.path.join(args.sweep, "steps.csv"))
    plot_drift(summary, fits, steps_table, bands, os.path.join(out, "drift_vs_step.png"))
    plot_cap(steps_table, os.path.join(out, "cap_engagement.png"))
    written = ["drift_vs_step.png", "cap_engagement.png"]
    if plot_budget(read_csv(os.path.join(args.sweep, "budget.csv")),
                   read_csv(os.path.join(args.sweep, "drift_model.csv")),
                   os.path.join(out, "drift_budget.png")):
        written.append("drift_budget.png")
    for name in written:
        print(os.path.join(out, name))


if __name__ == "__main__":
    main()
