#pragma once

#include "symplex/kinds/depth_sweep/spec.h"
#include "symplex/runner/experiment.h"

namespace symplex::kinds {

// The depth stress test (docs/depth_sweep.md): PINNs of three trunk architectures at several depths
// under one parameter budget, trained on the heat equation; trunk Jacobian spectra before and
// after.
class DepthSweep : public runner::Experiment {
 public:
  explicit DepthSweep(DepthSweepSpec spec) : spec_(std::move(spec)) {}

  std::vector<runner::RunPlan> plan() const override;
  runner::RunOutcome run(const runner::RunPlan& plan,
                         const runner::RunContext& context) const override;
  void conclude(const std::filesystem::path& sweep_dir, const std::vector<io::RunRecord>& records,
                std::ostream& out) const override;
  std::string describe(const runner::RunPlan& plan) const override;
  std::string headline(const io::RunRecord& record) const override;
  double relative_cost(const runner::RunPlan& plan) const override;

 private:
  DepthSweepSpec spec_;
};

}  // namespace symplex::kinds
