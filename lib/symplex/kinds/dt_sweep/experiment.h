#pragma once

#include "symplex/ablation/memory_mode.h"
#include "symplex/data/image_splits.h"
#include "symplex/kinds/dt_sweep/spec.h"
#include "symplex/runner/experiment.h"

namespace symplex::kinds {

// How a run disturbs memory without changing its arithmetic (docs/memory_ablation.md, kind
// memory_ablation): thrash writes thrash_bytes between the half steps, scramble moves every
// tensor of the model and the optimizer to fresh storage between steps.
struct MemoryDisturbance {
  ablation::MemoryMode mode = ablation::MemoryMode::undisturbed;
  size_t thrash_bytes = 0;
};

// The dt-band sweep (docs/dt_sweep.md): leapfrog at several dt against AdamW and SGD + momentum at
// several learning rates, ResNet-18 on images, with every step's energy change ΔH recorded;
// drift slopes with confidence intervals per optimizer and band.
class DtSweep : public runner::Experiment {
 public:
  explicit DtSweep(DtSweepSpec spec) : spec_(std::move(spec)) {}

  std::vector<runner::RunPlan> plan() const override;
  runner::RunOutcome run(const runner::RunPlan& plan,
                         const runner::RunContext& context) const override;
  void conclude(const std::filesystem::path& sweep_dir, const std::vector<io::RunRecord>& records,
                std::ostream& out) const override;
  std::string describe(const runner::RunPlan& plan) const override;
  std::string headline(const io::RunRecord& record) const override;

  // One run of the grid under a memory disturbance; run() is train() with none.
  runner::RunOutcome train(const runner::RunPlan& plan, const runner::RunContext& context,
                           const MemoryDisturbance& disturbance) const;

 private:
  DtSweepSpec spec_;
  data::SharedImageSplits images_{spec_.images};
};

}  // namespace symplex::kinds
