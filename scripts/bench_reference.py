#!/usr/bin/env python3
"""The reference `symplex bench` compares against: a PINN training step for the heat equation
written as a page of plain PyTorch would write it, with nested reverse-mode autograd for u_t and
u_xx, then one Adam step.

Three variants of that step (--variant):
  eager       nested torch.autograd.grad with create_graph, then backward: any PyTorch.
  compile     the same loss and gradient under torch.compile (PyTorch 2.x). torch.compile does
              not trace nested autograd.grad, so this variant writes the derivatives with
              torch.func (vmap of grad per point) and compiles grad_and_value of the loss; its
              loss and gradient are those of the eager step to round-off. The first call
              compiles (seconds to minutes); the warm-up steps absorb it, and its time is
              reported as compile_seconds.
  cuda_graph  the eager step, Adam with capturable=True, warmed up on a side stream, captured
              whole in one torch.cuda.CUDAGraph and replayed (a CUDA device); the capture is a
              warm-up step, and its time is reported as capture_seconds.

The networks are those of symplex (models/pinn_net.h): encoder Linear(2, w) + tanh on inputs
mapped onto [-1, 1]^2, a trunk (mlp, residual_mlp or symplectic Stormer-Verlet), head
Linear(w, 1). The points and loss are those of pde/heat.h.

Reads a JSON list of configs (--configs FILE), each {"architecture", "depth", "width",
"points", "dtype"}, and writes their timings (seconds per step) as JSON to stdout.
`symplex run` of a `kind: pinn_bench` spec calls it on its own configs.
"""
import argparse
import json
import math
import os
import statistics
import sys
import time


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--configs", required=True, help="JSON file of configs")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--variant", choices=["eager", "compile", "cuda_graph"], default="eager")
    return parser.parse_args()


# Read before torch is imported: OpenBLAS sizes its thread pool when it is loaded, and
# torch.set_num_threads does not change it (a 2-thread OpenBLAS slows small products severalfold).
ARGS = parse_arguments()
os.environ["OPENBLAS_NUM_THREADS"] = str(ARGS.threads)

import torch  # noqa: E402


class Mlp(torch.nn.Module):
    def __init__(self, width, depth):
        super().__init__()
        self.layers = torch.nn.ModuleList(torch.nn.Linear(width, width) for _ in range(depth))

    def forward(self, h):
        for layer in self.layers:
            h = torch.tanh(layer(h))
        return h


class Residual(torch.nn.Module):
    def __init__(self, width, depth):
        super().__init__()
        self.inner = torch.nn.ModuleList(torch.nn.Linear(width, width) for _ in range(depth))
        self.outer = torch.nn.ModuleList(torch.nn.Linear(width, width) for _ in range(depth))

    def forward(self, h):
        for inner, outer in zip(self.inner, self.outer):
            h = h + outer(torch.tanh(inner(h)))
        return h


class PotentialGradient(torch.nn.Module):
    """grad V(q) = K^T (a * tanh(K q + b))."""

    def __init__(self, d):
        super().__init__()
        self.K = torch.nn.Parameter(torch.nn.init.xavier_normal_(torch.empty(d, d)))
        self.a = torch.nn.Parameter(torch.randn(d) / math.sqrt(d))
        self.b = torch.nn.Parameter(torch.zeros(d))

    def shear(self, state, q, scale):
        return state + scale * torch.tanh(q @ self.K.t() + self.b) @ (self.a.unsqueeze(1) * self.K)


class Symplectic(torch.nn.Module):
    def __init__(self, width, depth, step=0.1):
        super().__init__()
        self.d = width // 2
        self.step = step
        self.v = torch.nn.ModuleList(PotentialGradient(self.d) for _ in range(depth))
        self.t = torch.nn.ModuleList(PotentialGradient(self.d) for _ in range(depth))

    def forward(self, h):
        q, p = h[:, : self.d], h[:, self.d :]
        for v, t in zip(self.v, self.t):
            p = v.shear(p, q, -0.5 * self.step)
            q = t.shear(q, p, self.step)
            p = v.shear(p, q, -0.5 * self.step)
        return torch.cat([q, p], 1)


TRUNKS = {"mlp": Mlp, "residual_mlp": Residual, "symplectic": Symplectic}


class Pinn(torch.nn.Module):
    def __init__(self, architecture, width, depth):
        super().__init__()
        self.encoder = torch.nn.Linear(2, width)
        self.trunk = TRUNKS[architecture](width, depth)
        self.head = torch.nn.Linear(width, 1)

    def forward(self, x, t):
        z = torch.cat([x, t], 1) * 2.0 - 1.0
        return self.head(self.trunk(torch.tanh(self.encoder(z))))


def heat_loss(model, points, alpha=0.1):
    x, t, x0, xb, tb = points
    x = x.detach().requires_grad_(True)
    t = t.detach().requires_grad_(True)
    u = model(x, t)
    u_x, u_t = torch.autograd.grad(u.sum(), (x, t), create_graph=True)
    (u_xx,) = torch.autograd.grad(u_x.sum(), x, create_graph=True)
    residual = (u_t - alpha * u_xx).pow(2).mean()
    initial = (model(x0, torch.zeros_like(x0)) - torch.sin(math.pi * x0)).pow(2).mean()
    boundary = model(xb, tb).pow(2).mean()
    return residual + initial + boundary


def functional_heat_loss(model, alpha=0.1):
    """heat_loss as a function of the parameters, its derivatives taken by torch.func."""
    from torch.func import functional_call, grad, vmap

    def u(params, x, t):
        return functional_call(model, params, (x.view(1, 1), t.view(1, 1))).squeeze()

    u_x, u_t = grad(u, argnums=1), grad(u, argnums=2)
    u_xx = grad(u_x, argnums=1)

    def loss(params, points):
        x, t, x0, xb, tb = points
        x, t = x.squeeze(1), t.squeeze(1)
        per_point = (None, 0, 0)
        residual = (vmap(u_t, per_point)(params, x, t)
                    - alpha * vmap(u_xx, per_point)(params, x, t)).pow(2).mean()
        initial = (functional_call(model, params, (x0, torch.zeros_like(x0)))
                   - torch.sin(math.pi * x0)).pow(2).mean()
        boundary = functional_call(model, params, (xb, tb)).pow(2).mean()
        return residual + initial + boundary

    return loss


def make_step(model, optimizer, points, variant):
    def forward_backward_step():
        heat_loss(model, points).backward()
        optimizer.step()

    def eager_step():
        optimizer.zero_grad(set_to_none=True)
        forward_backward_step()

    if variant == "eager":
        return eager_step
    if variant == "cuda_graph":
        return graphed(eager_step, forward_backward_step, optimizer)

    parameters = dict(model.named_parameters())
    loss_and_gradient = torch.compile(torch.func.grad_and_value(functional_heat_loss(model)))

    def step():
        gradients, _ = loss_and_gradient({k: p.detach() for k, p in parameters.items()}, points)
        for name, p in parameters.items():
            p.grad = gradients[name]
        optimizer.step()
    return step


def graphed(eager_step, forward_backward_step, optimizer, warmup_calls=3):
    """PyTorch's whole-network capture: eager calls on a side stream, then one call captured with
    the gradients unset (the captured backward allocates them from the graph's pool), replayed
    from then on. Every call is one step, the capture included."""
    state = {"calls": 0, "graph": None}
    side = torch.cuda.Stream()

    def step():
        side.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(side):
            if state["calls"] < warmup_calls:
                eager_step()
            else:
                if state["graph"] is None:
                    optimizer.zero_grad(set_to_none=True)
                    state["graph"] = torch.cuda.CUDAGraph()
                    with torch.cuda.graph(state["graph"], stream=side):
                        forward_backward_step()
                state["graph"].replay()
        torch.cuda.current_stream().wait_stream(side)
        state["calls"] += 1
    return step


def time_steps(config, warmup, repeats, device, variant):
    dtype = torch.float64 if config["dtype"] == "float64" else torch.float32
    torch.manual_seed(0)
    model = Pinn(config["architecture"], config["width"], config["depth"]).to(device, dtype)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, **(
        {"capturable": True} if variant == "cuda_graph" else {}))
    n = config["points"]
    edge = max(1, n // 5)
    options = {"device": device, "dtype": dtype}
    points = (torch.rand(n, 1, **options), torch.rand(n, 1, **options),
              torch.rand(edge, 1, **options), (torch.rand(edge, 1, **options) < 0.5).to(dtype),
              torch.rand(edge, 1, **options))

    step = make_step(model, optimizer, points, variant)

    def synchronize():
        if device == "cuda":
            torch.cuda.synchronize()

    start = time.perf_counter()
    step()
    synchronize()
    first_step = time.perf_counter() - start
    capture_step = None
    for i in range(1, warmup):
        start = time.perf_counter()
        step()
        synchronize()
        if i == 3:  # graphed: the call that captures
            capture_step = time.perf_counter() - start
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        step()
        synchronize()
        seconds.append(time.perf_counter() - start)
    return {**config, "median": statistics.median(seconds), "min": min(seconds),
            "max": max(seconds), "repeats": repeats,
            "compile_seconds": first_step if variant == "compile" else None,
            "capture_seconds": capture_step if variant == "cuda_graph" else None}


def main():
    args = ARGS
    torch.set_num_threads(args.threads)
    with open(args.configs) as f:
        configs = json.load(f)
    head = {"torch_version": torch.__version__, "variant": args.variant,
            "threads": torch.get_num_threads()}
    if args.variant == "compile" and not hasattr(torch, "compile"):
        json.dump({**head, "error": "torch.compile needs PyTorch 2.x"}, sys.stdout)
        return
    if args.variant == "cuda_graph" and args.device != "cuda":
        json.dump({**head, "error": f"cuda_graph needs a CUDA device (asked for {args.device})"},
                  sys.stdout)
        return
    # A graphed step captures on its fourth call, which must not be timed.
    warmup = max(args.warmup, 4 if args.variant == "cuda_graph" else 1)
    results = [time_steps(c, warmup, args.repeats, args.device, args.variant)
               for c in configs]
    json.dump({**head, "results": results}, sys.stdout)


if __name__ == "__main__":
    main()
