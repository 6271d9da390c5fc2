#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "symplex/config/section.h"
#include "symplex/experiments/dt_sweep_spec.h"

namespace symplex::experiments {

// A `kind: memory_ablation` spec (DESIGN.md, Experiment 4; seed 001 §4.1): a dt sweep, every
// run of it repeated in each memory mode.
struct MemoryAblationSpec {
  DtSweepSpec sweep;
  std::vector<std::string> modes{"default", "thrash", "scramble"};
  int64_t thrash_mib = 256;
};

MemoryAblationSpec read_memory_ablation_spec(config::Section& root);

}  // namespace symplex::experiments
