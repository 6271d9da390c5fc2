#pragma once

#include <mutex>
#include <optional>

#include "symplex/core/experiment.h"
#include "symplex/data/image_dataset.h"
#include "symplex/experiments/dt_sweep_spec.h"

namespace symplex::experiments {

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
