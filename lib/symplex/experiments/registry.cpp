#include <stdexcept>

#include "symplex/core/spec_loader.h"
#include "symplex/experiments/depth_sweep.h"
#include "symplex/experiments/dt_sweep.h"
#include "symplex/experiments/memory_ablation.h"
#include "symplex/experiments/pinn_bench.h"
#include "symplex/experiments/reversibility.h"

namespace symplex::core {

// The runnable side of experiments/spec_kinds.cpp: one line per kind.
std::unique_ptr<Experiment> make_experiment(const experiments::ValidSpec& valid) {
  using namespace experiments;
  const auto& spec = valid.spec;
  if (valid.kind == "depth_sweep") {
    return std::make_unique<DepthSweep>(std::any_cast<DepthSweepSpec>(spec));
  }
  if (valid.kind == "dt_sweep") return std::make_unique<DtSweep>(std::any_cast<DtSweepSpec>(spec));
  if (valid.kind == "reversibility") {
    return std::make_unique<Reversibility>(std::any_cast<ReversibilitySpec>(spec));
  }
  if (valid.kind == "memory_ablation") {
    return std::make_unique<MemoryAblation>(std::any_cast<MemoryAblationSpec>(spec));
  }
  if (valid.kind == "pinn_bench") {
    return std::make_unique<PinnBench>(std::any_cast<PinnBenchSpec>(spec));
  }
  throw std::logic_error("experiment kind '" + valid.kind + "' has no entry in registry.cpp");
}

}  // namespace symplex::core
