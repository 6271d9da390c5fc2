#!/usr/bin/python3
"""Plots of a stiffness sweep (seed 002, Fronk and Petzold, arXiv 2508.01519) from its sweep folder.

    /usr/bin/python3 scripts/plot_stiffness.py results/stiffness/default

Reads spec.resolved.json, stiffness_methods.csv, stiffness_learning.csv, stiffness_neural.csv
and each method's closed_forms_<method>/stability.csv and solve_gradient.csv written by
`symplex run`, and writes, beside them:
  stiffness_stability.png       |R'(z)| and |z R'(z)| against |z| on z = -|z|, log-log, per
                                method: autograd through one step (markers; grey where
                                |R| > 1) over the closed form (dashed), the fitted large-|z|
                                slope of |R'| and its 95% CI in the legend, and C|z|⁻¹, C|z|⁻²
                                with C the largest sup |z R'| of the implicit methods
  stiffness_solve_gradient.png  |dy_N/dλ| and |d(Σ_k y_k)/dλ| through a whole solve against
                                |hλ|: autograd (markers) over the closed form (line) per method,
                                and the exact flow's (black): what of the vanishing is physics
  stiffness_learning.png        final relative error of the fast and of the slow rate against
                                the stiffness ratio (median over seeds, bar up to the max), and
                                |dL/d log(-λ_fast)| at the start against Adam's ε = 1e-8
  stiffness_neural.png          each layer's gradient norm at the start of training through
                                the solver on Van der Pol, and final / initial misfit, against
                                h ρ(J_f) (medians over seeds)

BDF2 is a two-step method: its R is the larger root magnitude of its recurrence. A value that is
not a positive finite number (a gradient of 0, an exact flow that underflowed) is not drawn on
the log scales; the y axes stop at 1e3 so that the explicit methods' growth beyond their
stability bound does not squash the rest.
"""
import argparse
import json
import os
import sys
from collections import defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from plot_common import number, positive, read_csv  # noqa: E402

METHODS = ["explicit_euler", "rk4", "implicit_euler", "trapezoid", "sdirk2", "radau_iia2",
           "radau_iia3", "bdf2"]
LABELS = {"explicit_euler": "explicit Euler", "rk4": "RK4", "implicit_euler": "implicit Euler",
          "trapezoid": "trapezoid", "sdirk2": "SDIRK2", "radau_iia2": "Radau IIA (2 st.)",
          "radau_iia3": "Radau IIA (3 st.)", "bdf2": "BDF2"}
COLORS = dict(zip(METHODS, [plt.cm.tab10(i) for i in (0, 1, 2, 3, 4, 5, 6, 8)]))  # 7 is grey
MARKERS = dict(zip(METHODS, "osv^DPX*"))
ADAM_EPSILON = 1e-8
TOP = 1e3


def table(sweep, *parts):
    path = os.path.join(sweep, *parts)
    return read_csv(path) if os.path.exists(path) else []


def column(rows, name):
    return np.array([number(r[name]) for r in rows])


def by_method(rows):
    """{method: rows} in the order of METHODS (unknown methods last)."""
    groups = defaultdict(list)
    for row in rows:
        groups[row["method"]].append(row)
    return dict(sorted(groups.items(),
                       key=lambda kv: METHODS.index(kv[0]) if kv[0] in METHODS else 99))


def style(method):
    return {"color": COLORS.get(method, "black"), "marker": MARKERS.get(method, ".")}


def every(n):
    """Every k-th point, about 25 markers per line, so that the line under them stays visible."""
    return np.arange(n) % max(1, n // 25) == 0


def cap(ax, bottom=0.0):
    """Fits the log y axis to the data above bottom, but stops it at TOP (autoscaling's margins
    are a share of the decades shown, so they are left out: with the explicit methods' 1e285 they
    would reach down 15 decades)."""
    ax.margins(y=0)
    low, high = ax.get_ylim()
    ax.set_ylim(max(low, bottom) / 2, min(high * 2, TOP))


def finish(fig, path, title, handles, columns):
    """Lays the figure out under its title and a legend of the given number of columns."""
    rows = -(-len(handles) // columns)
    height = fig.get_figheight()
    fig.tight_layout(rect=(0, 0, 1, 1 - (0.4 + 0.22 * rows) / height))
    fig.suptitle(title, y=1 - 0.05 / height)
    fig.legend(handles=handles, loc="upper center", ncol=columns, fontsize=8, frameon=False,
               bbox_to_anchor=(0.5, 1 - 0.3 / height))
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def plot_stability(sweep, spec, path):
    methods = by_method(table(sweep, "stiffness_methods.csv"))
    curves = {m: table(sweep, f"closed_forms_{m}", "stability.csv") for m in methods}
    curves = {m: rows for m, rows in curves.items() if rows}
    if not curves:
        return False
    # sup |z R'| bounds |R'| by C/|z| for every A-stable method: the tightest such C here.
    sups = [number(rows[0]["sup_z_dr"]) for rows in methods.values()
            if rows[0]["stability"] != "explicit"]
    bound = max(sups, default=1.0)
    fig, (dr_ax, z_dr_ax) = plt.subplots(1, 2, figsize=(13.0, 5.4))
    handles = []
    for method, rows in curves.items():
        z = np.abs(column(rows, "z"))
        unstable = column(rows, "unstable") == 1
        closed = np.abs(column(rows, "dr_closed"))
        shown = every(len(z))
        for ax, measured, exact in ((dr_ax, np.abs(column(rows, "dr")), closed),
                                    (z_dr_ax, column(rows, "z_dr"), z * closed)):
            ax.plot(z, positive(exact), color=COLORS.get(method, "black"), ls="--", lw=0.9)
            for where, color in ((shown & ~unstable, COLORS.get(method, "black")),
                                 (shown & unstable, "lightgray")):
                ax.plot(z[where], positive(measured[where]), ls="none", ms=4, color=color,
                        marker=MARKERS.get(method, "."))
        row = methods[method][0]
        name = LABELS.get(method, method) + (" (root)" if method == "bdf2" else "")
        handles.append(plt.Line2D(
            [], [], ls="--", lw=0.9, ms=4, **style(method),
            label=f"{name}, {row['stability']}: slope {number(row['slope']):.4f} "
                  f"[{number(row['slope_ci_low']):.4f}, {number(row['slope_ci_high']):.4f}]"))
    grid = np.abs(column(next(iter(curves.values())), "z"))  # the same z for every method
    for ax, shift in ((dr_ax, 0), (z_dr_ax, 1)):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.plot(grid, bound * grid ** (shift - 1), color="gray", ls=":", lw=1.2)
        ax.plot(grid, bound * grid ** (shift - 2), color="gray", ls="-.", lw=1.2)
        slope_from = spec.get("stability", {}).get("slope_from")
        if slope_from:
            ax.axvline(slope_from, color="gray", lw=0.6)
        cap(ax)
        ax.set_xlabel("|z| (z = hλ = -|z|)")
        ax.grid(True, which="major", alpha=0.25)
    dr_ax.set_ylabel("|R'(z)|")
    dr_ax.set_title("|R'(z)|; slopes fitted right of the thin line", fontsize=10)
    z_dr_ax.set_ylabel("|z R'(z)|")
    z_dr_ax.set_title("|z R'(z)|: bounded for the one-step A-stable methods", fontsize=10)
    handles += [plt.Line2D([], [], color="gray", ls=":", lw=1.2,
                           label=f"C|z|⁻¹ (right: C), C = {bound:.3g} = largest sup |zR'|"),
                plt.Line2D([], [], color="gray", ls="-.", lw=1.2,
                           label="C|z|⁻² (right: C|z|⁻¹)"),
                plt.Line2D([], [], color="lightgray", ls="none", marker="o", ms=4,
                           label="measured where |R| > 1 (unstable)")]
    return finish(fig, path, "Derivative of the stability function: autograd through one step "
                  "(markers) and closed form (dashed)", handles, 3)


def plot_solve_gradient(sweep, path):
    methods = list(by_method(table(sweep, "stiffness_methods.csv")))
    curves = {m: table(sweep, f"closed_forms_{m}", "solve_gradient.csv") for m in methods}
    curves = {m: rows for m, rows in curves.items() if rows}
    if not curves:
        return False
    fig, axes = plt.subplots(1, 2, figsize=(13.0, 5.2))
    first = next(iter(curves.values()))  # the same λ on every method's grid
    for ax, name in zip(axes, ("end", "sum")):
        lowest = np.inf
        ax.plot(np.abs(column(first, "z")), positive(np.abs(column(first, f"{name}_exact_flow"))),
                color="black", lw=2.2, zorder=1)
        for method, rows in curves.items():
            z = np.abs(column(rows, "z"))
            shown = every(len(z))
            closed = positive(np.abs(column(rows, f"{name}_closed")))
            ax.plot(z, closed, lw=0.9, color=COLORS.get(method, "black"))
            ax.plot(z[shown], positive(np.abs(column(rows, name)[shown])), ls="none", ms=4,
                    **style(method))
            lowest = np.nanmin(closed, initial=lowest)
        ax.set_xscale("log")
        ax.set_yscale("log")
        cap(ax, lowest)  # the exact flow, e^{λT} down to 1e-300, leaves at the bottom
        ax.set_xlabel("|hλ|")
        ax.grid(True, which="major", alpha=0.25)
    axes[0].set_ylabel("|dy_N / dλ|")
    axes[0].set_title("end of the solve, y_N", fontsize=10)
    axes[1].set_ylabel("|d(Σ_k y_k) / dλ|")
    axes[1].set_title("the whole trajectory, Σ_k y_k", fontsize=10)
    handles = [plt.Line2D([], [], lw=0.9, ms=4, label=LABELS.get(m, m), **style(m))
               for m in curves]
    handles.append(plt.Line2D([], [], color="black", lw=2.2, label="exact flow"))
    return finish(fig, path, "Gradient through a whole solve of y' = λy against the stiffness: "
                  "autograd (markers), closed form (lines); sign changes show as dips",
                  handles, len(handles))


def draw_cells(ax, x, median, largest, hollow, unstable, **line):
    """Medians with a bar up to the largest value (if given), hollow markers where hollow, and an
    x on the bottom edge where every seed was unstable."""
    if largest is not None:
        ax.errorbar(x, median, yerr=[np.zeros_like(median), largest - median], lw=1.0,
                    capsize=2, color=line["color"])
    else:
        ax.plot(x, median, lw=1.0, color=line["color"])
    ax.plot(x[~hollow], median[~hollow], ls="none", ms=5, **line)
    ax.plot(x[hollow], median[hollow], ls="none", ms=5, mfc="white", **line)
    if unstable.any():
        ax.plot(x[unstable], np.full(unstable.sum(), 0.02), ls="none", ms=6, clip_on=False,
                transform=ax.get_xaxis_transform(), color=line["color"], marker="x")


def plot_learning(sweep, path):
    methods = by_method(table(sweep, "stiffness_learning.csv"))
    if not methods:
        return False
    fig, axes = plt.subplots(1, 3, figsize=(16.0, 5.2))
    for index, (method, rows) in enumerate(methods.items()):
        # Each method a little to the side of the others, so that the bars do not hide each other.
        ratio = column(rows, "stiffness_ratio") * 10 ** (0.03 * (index - (len(methods) - 1) / 2))
        unstable = column(rows, "unstable") == column(rows, "seeds")
        beyond = np.array([r["stable_at_truth"] != "true" for r in rows])
        for ax, rate in zip(axes, ("fast", "slow")):
            draw_cells(ax, ratio, positive(column(rows, f"{rate}_error_median")),
                       positive(column(rows, f"{rate}_error_max")), beyond, unstable,
                       **style(method))
        gradient = positive(column(rows, "fast_initial_gradient_median"))
        draw_cells(axes[2], ratio, gradient, None, beyond, unstable, **style(method))
        axes[2].plot(ratio, positive(column(rows, "fast_initial_gradient_closed_median")),
                     color="black", ls="none", marker=".", ms=3)
    axes[2].axhline(ADAM_EPSILON, color="gray", ls=":", lw=1.2)
    axes[2].text(0.01, ADAM_EPSILON, "Adam's ε", color="gray", va="bottom", fontsize=8,
                 transform=axes[2].get_yaxis_transform())
    for ax, ylabel, title in zip(
            axes, ("final relative error", "final relative error", "|dL / d log(-λ_fast)|"),
            ("fast rate", "slow rate", "gradient of the fast rate at the start "
             "(closed form: black dots)")):
        ax.set_xscale("log")
        ax.set_yscale("log")
        cap(ax)
        ax.set_xlabel("stiffness ratio λ_fast / λ_slow")
        ax.set_ylabel(ylabel)
        ax.set_title(title, fontsize=10)
        ax.grid(True, which="major", alpha=0.25)
    handles = [plt.Line2D([], [], lw=1.0, ms=5, label=LABELS.get(m, m), **style(m))
               for m in methods]
    handles += [plt.Line2D([], [], color="black", marker="o", mfc="white", ls="none",
                           label="true fast rate beyond the stability bound"),
                plt.Line2D([], [], color="black", marker="x", ls="none",
                           label="unstable for every seed")]
    return finish(fig, path, "Learning a slow and a fast decay rate by Adam: median over seeds, "
                  "bar up to the max", handles, 5)


def plot_neural(sweep, path):
    methods = by_method(table(sweep, "stiffness_neural.csv"))
    if not methods:
        return False
    columns = ["layer1_gradient", "layer2_gradient", "layer3_gradient", "misfit_ratio"]
    fig, axes = plt.subplots(1, 4, figsize=(17.0, 4.6))
    for method, rows in methods.items():
        h_rho = column(rows, "h_rho_median")
        for ax, name in zip(axes, columns):
            ax.plot(h_rho, positive(column(rows, name)), lw=1.0, ms=5, **style(method))
    axes[3].axhline(1.0, color="gray", ls=":", lw=1.0)
    titles = ["layer 1", "layer 2", "layer 3 (output)", "final / initial misfit"]
    for ax, title in zip(axes, titles):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("h ρ(J_f) at the start (median)")
        ax.set_title(title, fontsize=10)
        ax.grid(True, which="major", alpha=0.25)
    axes[0].set_ylabel("gradient norm at the start")
    handles = [plt.Line2D([], [], lw=1.0, ms=5, label=LABELS.get(m, m), **style(m))
               for m in methods]
    return finish(fig, path, "Neural vector field on Van der Pol through the solver: gradients "
                  "against the stiffness of a step (medians over seeds)", handles, len(handles))


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sweep", help="sweep folder written by `symplex run` (stiffness kind)")
    parser.add_argument("--out", help="folder for the PNGs (default: the sweep folder)")
    args = parser.parse_args()
    out = args.out or args.sweep
    os.makedirs(out, exist_ok=True)
    spec_path = os.path.join(args.sweep, "spec.resolved.json")
    if not os.path.exists(spec_path):
        sys.exit(f"error: {spec_path} not found; is this a finished stiffness folder?")
    with open(spec_path) as f:
        spec = json.load(f)
    written = []
    plots = (("stiffness_stability.png", lambda p: plot_stability(args.sweep, spec, p)),
             ("stiffness_solve_gradient.png", lambda p: plot_solve_gradient(args.sweep, p)),
             ("stiffness_learning.png", lambda p: plot_learning(args.sweep, p)),
             ("stiffness_neural.png", lambda p: plot_neural(args.sweep, p)))
    for name, plot in plots:
        path = os.path.join(out, name)
        if plot(path):
            written.append(path)
    if not written:
        sys.exit(f"error: {args.sweep} has no stiffness table to plot")
    for path in written:
        print(path)


if __name__ == "__main__":
    main()
