#pragma once

#include <tuple>

#include "symplex/kinds/conservation/spec.h"
#include "symplex/kinds/depth_sweep/spec.h"
#include "symplex/kinds/dt_sweep/spec.h"
#include "symplex/kinds/kind.h"
#include "symplex/kinds/memory_ablation/spec.h"
#include "symplex/kinds/pinn_bench/spec.h"
#include "symplex/kinds/pinn_snr/spec.h"
#include "symplex/kinds/reversibility/spec.h"
#include "symplex/kinds/stiffness/spec.h"

namespace symplex::kinds {

// The one table of experiment kinds. A new kind is a folder of kinds/ plus its line here.
inline auto kind_table() {
  return std::make_tuple(
      KindEntry<DepthSweepSpec>{
          "depth_sweep",
          "depth stress test of PINN trunks (MLP, ResidualMLP, symplectic) on the heat equation",
          read_depth_sweep_spec, "plot_depth_sweep.py"},
      KindEntry<DtSweepSpec>{"dt_sweep",
                             "energy drift of leapfrog vs AdamW and SGD + momentum across step "
                             "sizes, ResNet-18 on images",
                             read_dt_sweep_spec, "plot_dt_sweep.py"},
      KindEntry<ReversibilitySpec>{"reversibility",
                                   "round trips forward and back (p negated) of leapfrog, "
                                   "explicit and symplectic Euler in float32 and float64",
                                   read_reversibility_spec, "plot_reversibility.py"},
      KindEntry<MemoryAblationSpec>{
          "memory_ablation",
          "the dt sweep with memory thrashed between half steps and tensors moved to fresh "
          "storage between steps: are the ΔH curves identical?",
          read_memory_ablation_spec, nullptr},
      KindEntry<PinnBenchSpec>{"pinn_bench",
                               "times PINN training steps (fused derivatives, nested autograd) "
                               "against plain PyTorch (scripts/bench_reference.py) on the same "
                               "configs, in one invocation",
                               read_pinn_bench_spec, "plot_pinn_bench.py"},
      KindEntry<PinnSnrSpec>{"pinn_snr",
                             "seed 003: gradient SNR of PINNs under Adam, the onset of total "
                             "diffusion, and residual-based attention, on heat, Helmholtz and "
                             "Allen-Cahn",
                             read_pinn_snr_spec, "plot_pinn_snr.py"},
      KindEntry<ConservationSpec>{"conservation",
                                  "seed 004: quantities that symmetries conserve (translation, "
                                  "scale, rescale) under SGD, momentum, AdamW and the leapfrog, "
                                  "against their exact recursion, modified flow and gradient flow",
                                  read_conservation_spec, "plot_conservation.py"},
      KindEntry<StiffnessSpec>{"stiffness",
                               "seed 002: stability functions R(z), R'(z) of explicit, implicit "
                               "and multistep integrators against their closed forms, gradients "
                               "through whole solves, learning stiff rates, a neural field on "
                               "Van der Pol",
                               read_stiffness_spec, "plot_stiffness.py"});
}

// Calls visit(entry) for every kind, in the table's order.
template <class Visit>
void for_each_kind(Visit&& visit) {
  std::apply([&](const auto&... entry) { (visit(entry), ...); }, kind_table());
}

}  // namespace symplex::kinds
