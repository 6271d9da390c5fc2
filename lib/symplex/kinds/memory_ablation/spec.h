#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "symplex/ablation/memory_mode.h"
#include "symplex/config/section.h"
#include "symplex/kinds/dt_sweep/spec.h"
#include "symplex/kinds/kind.h"

namespace symplex::kinds {

// A `kind: memory_ablation` spec (docs/memory_ablation.md): a dt sweep, every
// run of it repeated in each memory mode.
struct MemoryAblationSpec {
  DtSweepSpec sweep;
  std::vector<ablation::MemoryMode> modes{ablation::MemoryMode::undisturbed,
                                          ablation::MemoryMode::thrash,
                                          ablation::MemoryMode::scramble};
  int64_t thrash_mib = 256;
};

MemoryAblationSpec read_memory_ablation_spec(config::Section& root);

// The runnable experiment of such a spec (experiment.cpp).
std::unique_ptr<runner::Experiment> make_experiment(MemoryAblationSpec spec);

}  // namespace symplex::kinds
