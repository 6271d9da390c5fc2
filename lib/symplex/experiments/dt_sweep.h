#pragma once

#include <mutex>
#include <optional>

#include "symplex/core/experiment.h"
#include "symplex/data/image_dataset.h"
#include "symplex/experiments/dt_sweep_spec.h"

namespace symplex::experiments {

// How a run disturbs memory without changing its arithmetic (seed 001 §4.1, kind
// memory_ablation): `thrash` writes thrash_bytes between the half steps, `scramble` moves every
// tensor of the model and the optimizer to fresh storage between steps.
struct MemoryDisturbance {
  std::string mode = "default";  // default | thrash | scramble
  size_t thrash_bytes = 0;
};

// The dt-band sweep of seed 001: leapfrog at several dt against AdamW and SGD + momentum at
// several learning rates, ResNet-18 on images, with every step's energy change ΔH recorded;
// drift slopes with confidence intervals per optimizer and band.
class DtSweep : public core::Experiment {
 public:
  explicit DtSweep(DtSweepSpec spec) : spec_(std::move(spec)) {}

  std::vector<core::RunPlan> plan() const override;
  core::RunOutcome run(const core::RunPlan& plan, const core::RunContext& context) const override;
  void conclude(const std::filesystem::path& sweep_dir, const std::vector<io::RunRecord>& records,
                std::ostream& out) const override;
  std::string describe(const core::RunPlan& plan) const override;
  std::string headline(const io::RunRecord& record) const override;

  // One run of the grid under a memory disturbance; run() is train() with none.
  core::RunOutcome train(const core::RunPlan& plan, const core::RunContext& context,
                         const MemoryDisturbance& disturbance) const;

 private:
  struct Data {
    std::string name;
    data::ImageDataset train, test;
    torch::Tensor train_inputs, test_inputs;  // normalised float images
  };
  const Data& data() const;
  std::string dataset_name() const;

  DtSweepSpec spec_;
  mutable std::once_flag data_loaded_;
  mutable std::optional<Data> data_;
};

}  // namespace symplex::experiments
