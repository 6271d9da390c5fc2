#pragma once

#include "symplex/kinds/reversibility/spec.h"
#include "symplex/runner/experiment.h"

namespace symplex::kinds {

// docs/reversibility.md: N steps forward from (θ₀, p₀), negate p, N steps, negate p, and how far
// the parameters and momenta land from where they started, per integrator and dtype.
class Reversibility : public runner::Experiment {
 public:
  explicit Reversibility(ReversibilitySpec spec) : spec_(std::move(spec)) {}

  std::vector<runner::RunPlan> plan() const override;
  runner::RunOutcome run(const runner::RunPlan& plan,
                         const runner::RunContext& context) const override;
  void conclude(const std::filesystem::path& sweep_dir, const std::vector<io::RunRecord>& records,
                std::ostream& out) const override;
  std::string describe(const runner::RunPlan& plan) const override;
  std::string headline(const io::RunRecord& record) const override;

 private:
  ReversibilitySpec spec_;
};

}  // namespace symplex::kinds
