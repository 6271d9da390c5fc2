#include "symplex/kinds/memory_ablation/spec.h"

#include <algorithm>

#include "symplex/config/checks.h"

namespace symplex::kinds {

MemoryAblationSpec read_memory_ablation_spec(config::Section& root) {
  MemoryAblationSpec spec;
  spec.sweep = read_dt_sweep_spec(root);
  auto ablation = root.child("ablation", "how each run of the dt sweep is repeated");
  ablation.choice_list("modes", spec.modes, ablation::kMemoryModeNames,
                       "default: as the dt sweep; thrash: write a large buffer between the half "
                       "steps; scramble: move every parameter, gradient, buffer and optimizer "
                       "state tensor to fresh storage between steps");
  ablation.optional<int64_t>("thrash_mib", spec.thrash_mib,
                             "MiB written by thrash (more than the last-level cache)",
                             config::between<int64_t>(1, 65'536));
  if (std::find(spec.modes.begin(), spec.modes.end(), ablation::MemoryMode::undisturbed) ==
      spec.modes.end()) {
    ablation.problem("modes", "the modes must include 'default', the reference of the comparison");
  }
  ablation.finish();
  // Above the limit already without the modes, the dt sweep's reading said so.
  const double sweep_runs = dt_sweep_run_count(spec.sweep);
  if (sweep_runs <= config::kMaxRunsPerSpec)
    config::check_run_count(root, sweep_runs * static_cast<double>(spec.modes.size()));
  return spec;
}

}  // namespace symplex::kinds
