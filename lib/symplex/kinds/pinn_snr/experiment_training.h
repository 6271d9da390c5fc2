#pragma once

#include <filesystem>
#include <optional>
#include <vector>

#include "symplex/diagnostics/pinn_gradient_snr.h"
#include "symplex/io/csv.h"
#include "symplex/kinds/pinn_snr/spec.h"
#include "symplex/models/pinn_net.h"
#include "symplex/optim/capturable_adam.h"
#include "symplex/pde/pinn_loss.h"
#include "symplex/runner/training_loop.h"

namespace symplex::kinds {

// The files of one pinn_snr run beside metrics.csv.
inline constexpr const char* kSnrCsv = "snr.csv";
inline constexpr const char* kSnrLayersCsv = "snr_layers.csv";
inline constexpr const char* kResidualCellsCsv = "residual_cells.csv";

// The training of one run: full-batch Adam on the problem's loss (with RBA weights when asked),
// a row of metrics.csv every log_every steps (with Adam's SNR), and every snr.every steps (from
// step 0) a gradient-SNR measurement: a row of snr.csv, one per layer of snr_layers.csv and the
// binned |r| in residual_cells.csv. Its checkpoint holds the model, Adam, the RBA weights and how
// far each file had got; the points are drawn again from the seed.
class SnrTraining : public runner::TrainingSteps {
 public:
  SnrTraining(const PinnSnrSpec& spec, const runner::RunContext& context, bool rba, int64_t seed,
              const pde::PinnProblem& problem, models::PinnNet& model,
              const pde::TrainingPoints& points, const torch::TensorOptions& options);

  void start() override;
  void resume(torch::serialize::InputArchive& archive, uint64_t metrics_bytes) override;
  void save(torch::serialize::OutputArchive& archive) const override;
  uint64_t metrics_bytes() const override { return metrics_->bytes(); }
  bool step(int64_t step, const runner::RunClock& clock) override;

  // Seconds spent in SNR measurements, over every attempt of the run.
  double measuring_seconds() const { return measuring_seconds_; }
  double relative_l2() const;

 private:
  void measure(int64_t step, const runner::RunClock& clock);
  double adam_snr() const;

  const PinnSnrSpec& spec_;
  std::filesystem::path dir_;
  bool rba_;
  int64_t seed_;
  models::PinnNet& model_;
  pde::Derivatives derivatives_;
  pde::PinnLoss loss_;
  pde::Truth truth_;
  std::vector<torch::Tensor> weights_;  // the weight matrices, which the SNR is of
  std::vector<size_t> weight_indices_;  // their places in model_->parameters()
  optim::CapturableAdam adam_;
  torch::Tensor rba_weights_;  // λ (n, 1); undefined without RBA
  std::optional<io::CsvWriter> metrics_, snr_, snr_layers_, residual_cells_;
  double measuring_seconds_ = 0.0;
};

}  // namespace symplex::kinds
