#pragma once

#include "symplex/kinds/stiffness/spec.h"
#include "symplex/runner/experiment.h"

namespace symplex::kinds {

// Seed 002's vanishing gradients through stiff solvers (docs/stiffness.md): per method, one run
// measuring its stability function and whole-solve gradients against the closed forms, and per
// method and seed one run learning a slow and a fast rate at every stiffness ratio, and per
// method, step size and seed one run training a neural vector field on Van der Pol.
class Stiffness : public runner::Experiment {
 public:
  explicit Stiffness(StiffnessSpec spec) : spec_(std::move(spec)) {}

  std::vector<runner::RunPlan> plan() const override;
  runner::RunOutcome run(const runner::RunPlan& plan,
                         const runner::RunContext& context) const override;
  void conclude(const std::filesystem::path& sweep_dir, const std::vector<io::RunRecord>& records,
                std::ostream& out) const override;
  std::string describe(const runner::RunPlan& plan) const override;
  std::string headline(const io::RunRecord& record) const override;
  double relative_cost(const runner::RunPlan& plan) const override;

 private:
  StiffnessSpec spec_;
};

}  // namespace symplex::kinds
