#pragma once

#include "symplex/core/experiment.h"
#include "symplex/experiments/dt_sweep.h"
#include "symplex/experiments/memory_ablation_spec.h"

namespace symplex::experiments {

// Seed 001 §4.1: every run of a dt sweep repeated with memory thrashed between the half steps
// and with every tensor moved to fresh storage between steps. The arithmetic is the same, so
// the ΔH curves must match the default run's; the conclusion says whether they do, and what
// each mode costs in time.
class MemoryAblation : public core::Experiment {
 public:
  explicit MemoryAblation(MemoryAblationSpec spec) : spec_(std::move(spec)), sweep_(spec_.sweep) {}

  std::vector<core::RunPlan> plan() const override;
  core::RunOutcome run(const core::RunPlan& plan, const core::RunContext& context) const override;
  void conclude(const std::filesystem::path& sweep_dir, const std::vector<io::RunRecord>& records,
                std::ostream& out) const override;
  std::string describe(const core::RunPlan& plan) const override;
  std::string headline(const io::RunRecord& record) const override;

 private:
  MemoryAblationSpec spec_;
  DtSweep sweep_;
};

}  // namespace symplex::experiments
