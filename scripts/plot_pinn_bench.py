#!/usr/bin/python3
"""Seconds per PINN training step, symplex against plain PyTorch, from a pinn_bench folder.

    /usr/bin/python3 scripts/plot_pinn_bench.py results/pinn_bench_cpu/default

Reads bench.csv written by `symplex run` and writes pinn_bench.png beside it: one group of bars
per config (architecture, depth x width, points), one bar per implementation (symplex fused,
symplex autograd, and each PyTorch reference: eager nested autograd or torch.compile, per
PyTorch version), median with min-max whiskers, log scale.
"""
import argparse
import csv
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

SYMPLEX = {"symplex_fused": ("symplex, fused derivatives", "tab:green"),
           "symplex_autograd": ("symplex, nested autograd", "tab:blue")}
VARIANTS = {"pytorch_eager": "nested autograd", "pytorch_compile": "torch.compile"}
REFERENCE_COLORS = ["tab:gray", "tab:orange", "tab:purple", "tab:brown", "tab:pink"]


def implementation_of(row):
    """A bar's key and label: symplex's two ways, or one PyTorch version in one variant."""
    name = row["implementation"]
    if name in SYMPLEX:
        return name, SYMPLEX[name][0]
    version = row["torch_version"]
    return f"{name} {version}", f"PyTorch {version}, {VARIANTS.get(name, name)}"


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sweep", help="sweep folder written by `symplex run` (pinn_bench kind)")
    parser.add_argument("--out", help="folder for the PNG (default: the sweep folder)")
    args = parser.parse_args()
    bench_path = os.path.join(args.sweep, "bench.csv")
    if not os.path.exists(bench_path):
        sys.exit(f"error: {bench_path} not found; is this a finished pinn_bench folder?")
    with open(bench_path, newline="") as f:
        rows = list(csv.DictReader(f))

    configs = []
    implementations = {}  # key -> label, in the order they first appear
    timings = {}
    for r in rows:
        config = f'{r["architecture"]}\n{r["depth"]}x{r["width"]}, N={r["points"]}'
        if config not in configs:
            configs.append(config)
        key, label = implementation_of(r)
        implementations.setdefault(key, label)
        timings[(config, key)] = (float(r["median_seconds"]), float(r["min_seconds"]),
                                  float(r["max_seconds"]))

    # symplex's two ways first, in SYMPLEX's order; the references as they come.
    order = list(SYMPLEX) + [key for key in implementations if key not in SYMPLEX]
    implementations = {key: implementations[key] for key in order if key in implementations}
    references = iter(REFERENCE_COLORS)
    colors = {key: SYMPLEX[key][1] if key in SYMPLEX else next(references, "black")
              for key in implementations}
    fig, ax = plt.subplots(figsize=(max(6.0, 0.5 * len(implementations) * len(configs)), 4.5))
    bar = 0.8 / len(implementations)
    for k, (name, label) in enumerate(implementations.items()):
        color = colors[name]
        xs, medians, low, high = [], [], [], []
        for i, config in enumerate(configs):
            if (config, name) in timings:
                median, fastest, slowest = timings[(config, name)]
                xs.append(i + (k - (len(implementations) - 1) / 2) * bar)
                medians.append(1e3 * median)
                low.append(1e3 * (median - fastest))
                high.append(1e3 * (slowest - median))
        if xs:
            ax.bar(xs, medians, bar, yerr=[low, high], color=color, label=label, capsize=2)
    ax.set_xticks(range(len(configs)))
    ax.set_xticklabels(configs, fontsize=8)
    ax.set_yscale("log")
    ax.set_ylabel("milliseconds per step (median; min-max)")
    ax.set_title("PINN training step: heat equation residual + Adam")
    ax.legend(fontsize=8)
    fig.tight_layout()
    out_dir = args.out or args.sweep
    path = os.path.join(out_dir, "pinn_bench.png")
    fig.savefig(path, dpi=120)
    print(path)


if __name__ == "__main__":
    main()
