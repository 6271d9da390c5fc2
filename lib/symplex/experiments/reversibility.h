#pragma once

#include "symplex/core/experiment.h"
#include "symplex/experiments/reversibility_spec.h"

namespace symplex::experiments {

// Seed 001 §4.2: N steps forward from (θ₀, p₀), negate p, N steps, negate p, and how far the
// parameters and momenta land from where they started, per integrator and dtype.
class Reversibility : public core::Experiment {
 public:
  explicit Reversibility(ReversibilitySpec spec) : spec_(std::move(spec)) {}

  std::vector<core::RunPlan> plan() const override;
  core::RunOutcome run(const core::RunPlan& plan, const core::RunContext& context) const override;
  void conclude(const std::filesystem::path& sweep_dir, const std::vector<io::RunRecord>& records,
                std::ostream& out) const override;
  std::string describe(const core::RunPlan& plan) const override;
  std::string headline(const io::RunRecord& record) const override;

 private:
  ReversibilitySpec spec_;
};

}  // namespace symplex::experiments
