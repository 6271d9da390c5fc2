#include "symplex/kinds/pinn_snr/experiment_training.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <cmath>

#include "symplex/models/pinn_fields.h"
#include "symplex/pde/residual_attention.h"
#include "symplex/runner/run_checkpoint.h"

namespace symplex::kinds {
namespace {

const std::vector<std::string> kMetricsColumns = {
    "step", "loss", "residual", "condition", "relative_l2", "adam_snr", "seconds"};
const std::vector<std::string> kSnrColumns = {
    "step",        "snr",    "snr_without_conditions", "homogeneity", "mean_abs_residual",
    "relative_l2", "seconds"};
const std::vector<std::string> kSnrLayerColumns = {"step", "layer", "snr",
                                                   "snr_without_conditions"};
const std::vector<std::string> kResidualCellColumns = {"step", "cell_0", "cell_1",
                                                       "mean_abs_residual"};

// The files of the run beside metrics.csv, with the checkpoint key of each one's byte count.
struct ExtraLog {
  const char* file;
  const char* key;
  const std::vector<std::string>* columns;
};
const std::vector<ExtraLog> kExtraLogs = {
    {kSnrCsv, "snr_bytes", &kSnrColumns},
    {kSnrLayersCsv, "snr_layers_bytes", &kSnrLayerColumns},
    {kResidualCellsCsv, "residual_cells_bytes", &kResidualCellColumns}};

}  // namespace

SnrTraining::SnrTraining(const PinnSnrSpec& spec, const runner::RunContext& context, bool rba,
                         int64_t seed, const pde::PinnProblem& problem, models::PinnNet& model,
                         const pde::TrainingPoints& points, const torch::TensorOptions& options)
    : spec_(spec),
      dir_(context.files.dir),
      rba_(rba),
      seed_(seed),
      model_(model),
      derivatives_(models::pinn_derivatives(model, spec.derivatives)),
      loss_{problem, derivatives_, points, spec.condition_weight},
      truth_(problem.truth(options)),
      adam_(model->parameters(), optim::CapturableAdamOptions{spec.lr}) {
  const auto parameters = model->parameters();
  for (size_t i = 0; i < parameters.size(); ++i) {
    if (parameters[i].dim() != 2) continue;
    weights_.push_back(parameters[i]);
    weight_indices_.push_back(i);
  }
  if (rba_) {
    rba_weights_ = torch::full({points.residual.size(0), 1}, spec.rba_settings.initial, options);
  }
}

void SnrTraining::start() {
  metrics_.emplace(dir_ / "metrics.csv", kMetricsColumns);
  snr_.emplace(dir_ / kSnrCsv, kSnrColumns);
  snr_layers_.emplace(dir_ / kSnrLayersCsv, kSnrLayerColumns);
  residual_cells_.emplace(dir_ / kResidualCellsCsv, kResidualCellColumns);
  measure(0, runner::RunClock());
}

void SnrTraining::resume(torch::serialize::InputArchive& archive, uint64_t metrics_bytes) {
  runner::read_part(archive, "model", *model_);
  runner::read_part(archive, "optimizer", adam_);
  if (rba_) {
    torch::NoGradGuard no_grad;
    torch::Tensor stored;
    archive.read("rba_weights", stored, /*is_buffer=*/true);
    rba_weights_.copy_(stored);
  }
  torch::Tensor measuring;
  archive.read("measuring_seconds", measuring, /*is_buffer=*/true);
  measuring_seconds_ = measuring.item<double>();
  metrics_.emplace(dir_ / "metrics.csv", kMetricsColumns, metrics_bytes);
  std::optional<io::CsvWriter>* writers[] = {&snr_, &snr_layers_, &residual_cells_};
  for (size_t i = 0; i < kExtraLogs.size(); ++i) {
    const auto& log = kExtraLogs[i];
    writers[i]->emplace(dir_ / log.file, *log.columns,
                        static_cast<uint64_t>(runner::read_int(archive, log.key)));
  }
}

void SnrTraining::save(torch::serialize::OutputArchive& archive) const {
  runner::write_part(archive, "model", *model_);
  runner::write_part(archive, "optimizer", adam_);
  if (rba_) archive.write("rba_weights", rba_weights_, /*is_buffer=*/true);
  archive.write("measuring_seconds", torch::tensor(measuring_seconds_, torch::kFloat64),
                /*is_buffer=*/true);
  const io::CsvWriter* writers[] = {&*snr_, &*snr_layers_, &*residual_cells_};
  for (size_t i = 0; i < kExtraLogs.size(); ++i)
    runner::write_int(archive, kExtraLogs[i].key, static_cast<int64_t>(writers[i]->bytes()));
}

double SnrTraining::relative_l2() const {
  return pde::relative_l2_error(models::pinn_field(model_), truth_);
}

double SnrTraining::adam_snr() const {
  std::vector<torch::Tensor> first, denominators;
  for (const size_t i : weight_indices_) {
    auto moments = adam_.corrected_moments(i);
    first.push_back(moments.first);
    denominators.push_back(moments.denominator);
  }
  return diagnostics::adam_snr(first, denominators);
}

bool SnrTraining::step(int64_t step, const runner::RunClock& clock) {
  adam_.zero_grad();
  const auto [residual, conditions] = pde::residual_and_conditions(loss_);
  if (rba_) {
    // The weights follow the residual before the step (docs/pinn_snr.md eq. (2)).
    const auto& r = spec_.rba_settings;
    pde::update_attention_weights(rba_weights_, residual, r.eta, r.gamma,
                                  r.normalization == RbaNormalization::max);
  }
  const auto plain_residual = residual.pow(2).mean();
  const auto residual_term = rba_ ? (rba_weights_ * residual).pow(2).mean() : plain_residual;
  const auto total = residual_term + conditions;
  const double loss = total.item<double>();
  if (!std::isfinite(loss)) return false;
  total.backward();
  adam_.step();
  if (step == 1 || step % spec_.log_every == 0 || step == spec_.steps) {
    metrics_->add_row({step, loss, plain_residual.item<double>(), conditions.item<double>(),
                       relative_l2(), io::number_or_empty(adam_snr()), clock.seconds()});
  }
  if (step % spec_.snr.every == 0) measure(step, clock);
  return true;
}

void SnrTraining::measure(int64_t step, const runner::RunClock& clock) {
  const runner::RunClock measuring;
  // The batches are drawn by a generator of their own, seeded by the run's seed and the step, so
  // that they are the same on a resume and leave the training's generators alone.
  auto generator = at::make_generator<at::CPUGeneratorImpl>(
      static_cast<uint64_t>(seed_) * 1'000'003ULL + static_cast<uint64_t>(step));
  const auto order = torch::randperm(loss_.points.residual.size(0), generator,
                                     torch::TensorOptions().dtype(torch::kLong));
  const auto m = diagnostics::measure_pinn_snr(loss_, weights_, rba_weights_, order,
                                               spec_.snr.batches, spec_.snr.bins);
  const auto& names = model_->named_parameters();
  // An SNR is 0/0 where every gradient is zero (RBA's first step with λ₀ = 0): an empty cell.
  const auto cell = io::number_or_empty;
  snr_->add_row({step, cell(m.with_conditions.global), cell(m.without_conditions.global),
                 cell(m.homogeneity), m.abs_residual.mean().item<double>(), relative_l2(),
                 clock.seconds()});
  for (size_t l = 0; l < weight_indices_.size(); ++l) {
    snr_layers_->add_row({step, names[weight_indices_[l]].key(),
                          cell(m.with_conditions.per_layer[l]),
                          cell(m.without_conditions.per_layer[l])});
  }
  const auto cells = m.cell_means.contiguous();
  const int64_t bins = cells.size(0);
  for (int64_t i = 0; i < bins; ++i) {
    for (int64_t j = 0; j < bins; ++j)
      residual_cells_->add_row({step, i, j, cell(cells[i][j].item<double>())});
  }
  measuring_seconds_ += measuring.seconds();
}

}  // namespace symplex::kinds
