#include "symplex/kinds/conservation/experiment_training.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "symplex/diagnostics/median.h"
#include "symplex/optim/optimizer_state.h"
#include "symplex/runner/run_checkpoint.h"

namespace symplex::kinds {
namespace {

const std::vector<std::string> kMetricsColumns = {"step", "t", "loss", "seconds"};

std::unique_ptr<torch::optim::Optimizer> make_baseline(const diagnostics::UpdateConstants& c,
                                                       std::vector<torch::Tensor> parameters) {
  using diagnostics::UpdateRule;
  if (c.rule == UpdateRule::adamw) {
    return std::make_unique<torch::optim::AdamW>(
        std::move(parameters), torch::optim::AdamWOptions(c.lr).weight_decay(c.weight_decay));
  }
  auto options = torch::optim::SGDOptions(c.lr).weight_decay(c.weight_decay);
  if (c.rule == UpdateRule::momentum) options.momentum(c.momentum).dampening(c.dampening);
  return std::make_unique<torch::optim::SGD>(std::move(parameters), options);
}

}  // namespace

ConservationTraining::ConservationTraining(const ConservationSpec& spec,
                                           const runner::RunContext& context,
                                           const data::ImageSplits& data,
                                           models::SymmetricClassifier& model,
                                           const diagnostics::UpdateConstants& constants,
                                           int64_t steps, at::Generator generator)
    : spec_(spec),
      dir_(context.files.dir),
      data_(data),
      model_(model),
      constants_(constants),
      steps_(steps),
      generator_(std::move(generator)),
      device_(context.device),
      dtype_(model.parameters().front().scalar_type()),
      parameters_(model.parameters()),
      batches_(data.train_inputs.size(0), spec.batch_size, generator_) {
  std::optional<ElementTerms> momenta;
  if (constants_.rule == diagnostics::UpdateRule::leapfrog) {
    leapfrog_ = std::make_unique<optim::Leapfrog>(
        parameters_, optim::LeapfrogOptions(constants_.lr)
                         .gamma(constants_.gamma)
                         .mass_preconditioning(spec.mass_preconditioning));
    torch::NoGradGuard no_grad;
    for (const auto& p : parameters_) {
      // Drawn on the CPU by the run's generator, whatever the device.
      const auto drawn =
          torch::randn(p.sizes(), generator_, torch::kFloat64) * spec.initial_momentum;
      leapfrog_->momentum(p).copy_(drawn);
    }
    momenta = ElementTerms::of(second_tensors());
  } else {
    baseline_ = make_baseline(constants_, parameters_);
  }
  theta_ = ElementTerms::of(parameters_);
  for (auto& family : model.symmetry_families()) {
    auto c = constants_;
    // A translation unit lies in one tensor: the leapfrog's charge moves it by dt times its M⁻¹.
    if (leapfrog_ && family.symmetry == diagnostics::Symmetry::translation)
      c.inverse_mass =
          leapfrog_->parameter_inverse_mass(parameters_.at(family.pieces.front().parameter));
    trackers_.emplace_back(std::move(family), c, *theta_, momenta ? &*momenta : nullptr);
  }
}

torch::optim::Optimizer& ConservationTraining::optimizer() const {
  return leapfrog_ ? static_cast<torch::optim::Optimizer&>(*leapfrog_) : *baseline_;
}

GradientTerms ConservationTraining::gradient_terms() const {
  std::vector<torch::Tensor> gradients;
  for (const auto& p : parameters_)
    gradients.push_back(p.grad().defined() ? p.grad() : torch::zeros_like(p));
  return GradientTerms::of(*theta_, gradients);
}

std::vector<torch::Tensor> ConservationTraining::second_tensors() {
  std::vector<torch::Tensor> out;
  if (leapfrog_) {
    for (const auto& p : parameters_)
      out.push_back(leapfrog_->momentum(p));
  } else if (constants_.rule == diagnostics::UpdateRule::momentum) {
    for (const auto& p : parameters_) {
      const auto* state = optim::param_state<torch::optim::SGDParamState>(*baseline_, p);
      out.push_back(state ? state->momentum_buffer() : torch::zeros_like(p));
    }
  }
  return out;
}

void ConservationTraining::start() {
  metrics_.emplace(dir_ / "metrics.csv", kMetricsColumns);
  families_.emplace(dir_ / kFamiliesCsv, kFamilyColumns);
  units_.emplace(dir_ / kUnitsCsv, kUnitColumns);
  for (const auto& tracker : trackers_)
    tracker.write(0, 0.0, *families_, *units_, spec_.plot_units);
}

void ConservationTraining::resume(torch::serialize::InputArchive& archive, uint64_t metrics_bytes) {
  runner::read_part(archive, "model", model_);
  runner::read_part(archive, "optimizer", optimizer());
  runner::read_generator(archive, "generator", generator_);
  batches_.load(archive);
  last_loss_ = runner::read_double(archive, "last_loss");
  theta_ = ElementTerms::of(parameters_);
  std::optional<ElementTerms> momenta;
  if (leapfrog_) momenta = ElementTerms::of(second_tensors());
  for (size_t i = 0; i < trackers_.size(); ++i) {
    torch::Tensor state;
    archive.read("family_" + std::to_string(i), state, /*is_buffer=*/true);
    trackers_[i].restore({state.data_ptr<double>(), state.data_ptr<double>() + state.numel()});
    trackers_[i].remeasure(*theta_, momenta ? &*momenta : nullptr);
  }
  metrics_.emplace(dir_ / "metrics.csv", kMetricsColumns, metrics_bytes);
  families_.emplace(dir_ / kFamiliesCsv, kFamilyColumns,
                    static_cast<uint64_t>(runner::read_int(archive, "families_bytes")));
  units_.emplace(dir_ / kUnitsCsv, kUnitColumns,
                 static_cast<uint64_t>(runner::read_int(archive, "units_bytes")));
}

void ConservationTraining::save(torch::serialize::OutputArchive& archive) const {
  runner::write_part(archive, "model", model_);
  runner::write_part(archive, "optimizer", optimizer());
  runner::write_generator(archive, "generator", generator_);
  batches_.save(archive);
  runner::write_double(archive, "last_loss", last_loss_);
  for (size_t i = 0; i < trackers_.size(); ++i) {
    archive.write("family_" + std::to_string(i),
                  torch::tensor(trackers_[i].state(), torch::kFloat64), /*is_buffer=*/true);
  }
  runner::write_int(archive, "families_bytes", static_cast<int64_t>(families_->bytes()));
  runner::write_int(archive, "units_bytes", static_cast<int64_t>(units_->bytes()));
}

bool ConservationTraining::step(int64_t step, const runner::RunClock& clock) {
  const auto index = batches_.next();
  const auto x = data_.train_inputs.index_select(0, index).to(device_, dtype_);
  const auto y = data_.train.labels.index_select(0, index).to(device_);
  const auto closure = [&] {
    model_.zero_grad();
    auto loss = torch::cross_entropy_loss(model_.forward(x), y);
    loss.backward();
    return loss;
  };

  if (leapfrog_) {
    const auto energy = leapfrog_->step_with_energy(closure);
    if (!std::isfinite(energy.loss_before) || !std::isfinite(energy.loss_after)) return false;
    last_loss_ = energy.loss_before;
    theta_ = ElementTerms::of(parameters_);
    const auto momenta = ElementTerms::of(second_tensors());
    // The gradient left by the step is the one at θ_{k+1}, of the same batch.
    const auto g = gradient_terms();
    for (auto& tracker : trackers_) {
      tracker.record_gradient(g);
      tracker.advance(*theta_, &momenta);
    }
  } else {
    last_loss_ = closure().item<double>();
    if (!std::isfinite(last_loss_)) return false;
    const auto g = gradient_terms();
    for (auto& tracker : trackers_)
      tracker.record_gradient(g);
    baseline_->step();
    if (constants_.rule == diagnostics::UpdateRule::momentum) {
      const auto buffers = ElementTerms::of(second_tensors());
      for (auto& tracker : trackers_)
        tracker.record_buffer(buffers);
    }
    theta_ = ElementTerms::of(parameters_);
    for (auto& tracker : trackers_)
      tracker.advance(*theta_, nullptr);
  }
  if (step % spec_.log_every == 0 || step == steps_) write_logs(step, clock.seconds());
  return true;
}

void ConservationTraining::write_logs(int64_t step, double seconds) {
  const double time = diagnostics::flow_time(constants_, step);
  metrics_->add_row({step, time, last_loss_, seconds});
  for (const auto& tracker : trackers_)
    tracker.write(step, time, *families_, *units_, spec_.plot_units);
}

nlohmann::json ConservationTraining::figures() const {
  nlohmann::json families = nlohmann::json::object();
  std::map<std::string, std::map<std::string, std::vector<double>>> pooled;
  for (const auto& tracker : trackers_) {
    families[tracker.family().name] = tracker.errors();
    const auto symmetry = io::name_of(diagnostics::kSymmetryNames, tracker.family().symmetry);
    for (const auto& [name, values] : tracker.unit_errors()) {
      auto& all = pooled[symmetry][name];
      for (const double v : values) {
        if (!std::isnan(v)) all.push_back(v);
      }
    }
  }
  nlohmann::json out = {{"families", families}};
  for (const auto& [symmetry, predictions] : pooled) {
    for (const auto& [name, values] : predictions) {
      if (values.empty()) continue;
      out[symmetry][name] = {{"median", diagnostics::median(values)},
                             {"worst", *std::max_element(values.begin(), values.end())}};
    }
  }
  return out;
}

}  // namespace symplex::kinds
