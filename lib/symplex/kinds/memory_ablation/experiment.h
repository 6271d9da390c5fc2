#pragma once

#include "symplex/kinds/dt_sweep/experiment.h"
#include "symplex/kinds/memory_ablation/spec.h"
#include "symplex/runner/experiment.h"

namespace symplex::kinds {

// docs/memory_ablation.md: every run of a dt sweep repeated with memory thrashed between the half
// steps and with every tensor moved to fresh storage between steps. The arithmetic is the same, so
// the ΔH curves must match the default run's; the conclusion says whether they do, and what
// each mode costs in time.
class MemoryAblation : public runner::Experiment {
 public:
  explicit MemoryAblation(MemoryAblationSpec spec) : spec_(std::move(spec)), sweep_(spec_.sweep) {}

  std::vector<runner::RunPlan> plan() const override;
  runner::RunOutcome run(const runner::RunPlan& plan,
                         const runner::RunContext& context) const override;
  void conclude(const std::filesystem::path& sweep_dir, const std::vector<io::RunRecord>& records,
                std::ostream& out) const override;
  std::string describe(const runner::RunPlan& plan) const override;
  std::string headline(const io::RunRecord& record) const override;
  // Each mode's cost is a time ratio, and a thrashing run would slow a run beside it.
  bool timing_sensitive() const override { return true; }

 private:
  MemoryAblationSpec spec_;
  DtSweep sweep_;
};

}  // namespace symplex::kinds
