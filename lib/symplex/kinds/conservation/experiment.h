#pragma once

#include "symplex/data/image_splits.h"
#include "symplex/kinds/conservation/spec.h"
#include "symplex/runner/experiment.h"

namespace symplex::kinds {

// Seed 004's conservation laws (docs/conservation.md): networks trained by SGD, momentum, AdamW
// and the leapfrog on images, with the quantities of every symmetry measured each step beside
// their predictions (exact recursion, modified flow, gradient flow, the leapfrog's charge).
class Conservation : public runner::Experiment {
 public:
  explicit Conservation(ConservationSpec spec) : spec_(std::move(spec)) {}

  std::vector<runner::RunPlan> plan() const override;
  runner::RunOutcome run(const runner::RunPlan& plan,
                         const runner::RunContext& context) const override;
  void conclude(const std::filesystem::path& sweep_dir, const std::vector<io::RunRecord>& records,
                std::ostream& out) const override;
  std::string describe(const runner::RunPlan& plan) const override;
  std::string headline(const io::RunRecord& record) const override;
  double relative_cost(const runner::RunPlan& plan) const override;

 private:
  ConservationSpec spec_;
  data::SharedImageSplits images_{spec_.images};
};

}  // namespace symplex::kinds
