#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

#include <ATen/core/Generator.h>
#include <torch/optim/optimizer.h>
#include <nlohmann/json.hpp>

#include "symplex/data/image_splits.h"
#include "symplex/io/csv.h"
#include "symplex/kinds/conservation/experiment_tracking.h"
#include "symplex/kinds/conservation/spec.h"
#include "symplex/models/symmetric_classifier.h"
#include "symplex/optim/leapfrog.h"
#include "symplex/runner/shuffled_batches.h"
#include "symplex/runner/training_loop.h"

namespace symplex::kinds {

// The files of one conservation run beside metrics.csv.
inline constexpr const char* kFamiliesCsv = "families.csv";
inline constexpr const char* kUnitsCsv = "units.csv";

// The training of one run: a shuffled minibatch per step, one step of the run's optimizer, and
// every step the quantities of every symmetry family measured and their predictions advanced
// (FamilyTracker); every log_every steps a row of metrics.csv, one per family of families.csv and
// the plotted units' rows of units.csv. Its checkpoint holds the model with its batch-norm
// statistics, the optimizer, the generator and data order, the predictions and the files' sizes.
class ConservationTraining : public runner::TrainingSteps {
 public:
  ConservationTraining(const ConservationSpec& spec, const runner::RunContext& context,
                       const data::ImageSplits& data, models::SymmetricClassifier& model,
                       const diagnostics::UpdateConstants& constants, int64_t steps,
                       at::Generator generator);

  void start() override;
  void resume(torch::serialize::InputArchive& archive, uint64_t metrics_bytes) override;
  void save(torch::serialize::OutputArchive& archive) const override;
  uint64_t metrics_bytes() const override { return metrics_->bytes(); }
  bool step(int64_t step, const runner::RunClock& clock) override;

  // Per family and per symmetry, each prediction's error at the last step (median, worst).
  nlohmann::json figures() const;
  double last_loss() const { return last_loss_; }

 private:
  // The leapfrog or the baseline, whichever the run steps.
  torch::optim::Optimizer& optimizer() const;
  // The gradients of the last evaluation (zero where a parameter has none) at θ_.
  GradientTerms gradient_terms() const;
  // The heavy-ball buffers (momentum) or the leapfrog's momenta; empty for the other updates.
  std::vector<torch::Tensor> second_tensors();
  void write_logs(int64_t step, double seconds);

  const ConservationSpec& spec_;
  std::filesystem::path dir_;
  const data::ImageSplits& data_;
  models::SymmetricClassifier& model_;
  diagnostics::UpdateConstants constants_;
  int64_t steps_;
  at::Generator generator_;
  torch::Device device_;
  torch::Dtype dtype_;
  std::vector<torch::Tensor> parameters_;
  std::unique_ptr<torch::optim::Optimizer> baseline_;  // SGD, momentum or AdamW
  std::unique_ptr<optim::Leapfrog> leapfrog_;
  std::vector<FamilyTracker> trackers_;
  std::optional<ElementTerms> theta_;  // θ after the last step done
  runner::ShuffledBatches batches_;
  double last_loss_ = 0.0;
  std::optional<io::CsvWriter> metrics_, families_, units_;
};

}  // namespace symplex::kinds
