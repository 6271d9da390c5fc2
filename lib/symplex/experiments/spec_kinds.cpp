#include "symplex/experiments/spec_kinds.h"

#include "symplex/experiments/depth_sweep_spec.h"
#include "symplex/experiments/dt_sweep_spec.h"
#include "symplex/experiments/memory_ablation_spec.h"
#include "symplex/experiments/pinn_bench_spec.h"
#include "symplex/experiments/reversibility_spec.h"

namespace symplex::experiments {

const std::vector<SpecKind>& spec_kinds() {
  static const std::vector<SpecKind> kinds = {
      {"depth_sweep",
       "depth stress test of PINN trunks (MLP, ResidualMLP, symplectic) on the heat equation "
       "(seed 000)",
       [](config::Section& root) -> std::any { return read_depth_sweep_spec(root); }},
      {"dt_sweep",
       "energy drift of leapfrog vs AdamW and SGD + momentum across step sizes, ResNet-18 on "
       "images (seed 001)",
       [](config::Section& root) -> std::any { return read_dt_sweep_spec(root); }},
      {"reversibility",
       "round trips forward and back (p negated) of leapfrog, explicit and symplectic Euler in "
       "float32 and float64 (seed 001 §4.2)",
       [](config::Section& root) -> std::any { return read_reversibility_spec(root); }},
      {"memory_ablation",
       "the dt sweep with memory thrashed between half steps and tensors moved to fresh storage "
       "between steps: are the ΔH curves identical? (seed 001 §4.1)",
       [](config::Section& root) -> std::any { return read_memory_ablation_spec(root); }},
      {"pinn_bench",
       "times PINN training steps (fused derivatives, nested autograd) against plain PyTorch "
       "(scripts/bench_reference.py) on the same configs, in one invocation",
       [](config::Section& root) -> std::any { return read_pinn_bench_spec(root); }},
  };
  return kinds;
}

}  // namespace symplex::experiments
