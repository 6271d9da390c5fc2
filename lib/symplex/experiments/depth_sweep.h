#pragma once

#include "symplex/core/experiment.h"
#include "symplex/experiments/depth_sweep_spec.h"

namespace symplex::experiments {

// The depth stress test of seed 000: PINNs of three trunk architectures at several depths under
// one parameter budget, trained on the heat equation; trunk Jacobian spectra before and after.
class DepthSweep : public core::Experiment {
 public:
  explicit DepthSweep(DepthSweepSpec spec) : spec_(std::move(spec)) {}

  std::vector<core::RunPlan> plan() const override;
  core::RunOutcome run(const core::RunPlan& plan, const core::RunContext& context) const override;
  void conclude(const std::filesystem::path& sweep_dir, const std::vector<io::RunRecord>& records,
                std::ostream& out) const override;
  std::string describe(const core::RunPlan& plan) const override;
  std::string headline(const io::RunRecord& record) const override;
  double relative_cost(const core::RunPlan& plan) const override;

 private:
  DepthSweepSpec spec_;
};

}  // namespace symplex::experiments
