#pragma once

#include "symplex/kinds/pinn_snr/spec.h"
#include "symplex/runner/experiment.h"

namespace symplex::kinds {

// Seed 003's learning phases (docs/pinn_snr.md): per problem, RBA off or on, and seed, a PINN
// trained by full-batch Adam with its gradient SNR measured on disjoint batches of the residual
// points, the onset of total diffusion dated, and the residual's homogeneity over the domain.
class PinnSnr : public runner::Experiment {
 public:
  explicit PinnSnr(PinnSnrSpec spec) : spec_(std::move(spec)) {}

  std::vector<runner::RunPlan> plan() const override;
  runner::RunOutcome run(const runner::RunPlan& plan,
                         const runner::RunContext& context) const override;
  void conclude(const std::filesystem::path& sweep_dir, const std::vector<io::RunRecord>& records,
                std::ostream& out) const override;
  std::string describe(const runner::RunPlan& plan) const override;
  std::string headline(const io::RunRecord& record) const override;

 private:
  PinnSnrSpec spec_;
};

}  // namespace symplex::kinds
