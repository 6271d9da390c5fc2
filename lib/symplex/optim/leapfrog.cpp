#include "symplex/optim/leapfrog.h"

#include <ATen/core/grad_mode.h>
#include <torch/serialize/archive.h>
#include <torch/utils.h>

#include <algorithm>
#include <cmath>

#include "symplex/optim/mass_preconditioner.h"

namespace symplex::optim {

Leapfrog::Leapfrog(std::vector<torch::Tensor> parameters, LeapfrogOptions options)
    : torch::optim::Optimizer({torch::optim::OptimizerParamGroup(std::move(parameters))},
                              std::make_unique<LeapfrogOptions>(options)),
      options_(options) {
  for (const auto& p : param_groups_.front().params()) {
    momenta_.push_back(torch::zeros_like(p));
    inverse_masses_.push_back(options.mass_preconditioning() ? inverse_mass(p) : 1.0);
  }
}

double Leapfrog::kinetic_energy() const {
  torch::NoGradGuard no_grad;
  double kinetic = 0.0;
  for (size_t i = 0; i < momenta_.size(); ++i) {
    kinetic +=
        0.5 * inverse_masses_[i] * momenta_[i].to(torch::kFloat64).pow(2).sum().item<double>();
  }
  return kinetic;
}

double Leapfrog::evaluate(const LossClosure& closure) {
  at::AutoGradMode enable_grad(true);
  return closure().item<double>();
}

void Leapfrog::kick(double damping, double half_dt) {
  const auto& params = param_groups_.front().params();
  for (size_t i = 0; i < params.size(); ++i) {
    momenta_[i].mul_(damping);
    if (params[i].grad().defined()) momenta_[i].add_(params[i].grad(), -half_dt);
  }
}

EnergyStep Leapfrog::step_with_energy(const LossClosure& closure,
                                      const std::function<void()>& between_half_kicks) {
  torch::NoGradGuard no_grad;
  const double dt = options_.dt();
  const double damping = std::exp(-options_.gamma() * dt / 2.0);
  auto& params = param_groups_.front().params();

  EnergyStep report{};
  report.kinetic_before = kinetic_energy();
  report.loss_before = evaluate(closure);
  if (!initial_energy_) initial_energy_ = report.energy_before();

  kick(damping, dt / 2.0);
  for (size_t i = 0; i < params.size(); ++i) {
    params[i].add_(momenta_[i], dt * inverse_masses_[i]);
  }
  if (between_half_kicks) between_half_kicks();
  report.loss_after = evaluate(closure);
  kick(damping, dt / 2.0);

  report.kinetic_uncapped = kinetic_energy();
  report.kinetic_after = report.kinetic_uncapped;
  const double cap = options_.cap_alpha() * *initial_energy_;
  if (options_.cap_alpha() > 0.0 && report.loss_after + report.kinetic_uncapped > cap) {
    const double eps = options_.cap_epsilon();
    const double scale =
        std::sqrt(std::max(eps, cap - report.loss_after) / std::max(eps, report.kinetic_uncapped));
    for (auto& p : momenta_)
      p.mul_(scale);
    report.kinetic_after = kinetic_energy();
    report.cap_fired = true;
  }
  return report;
}

void Leapfrog::save(torch::serialize::OutputArchive& archive) const {
  for (size_t i = 0; i < momenta_.size(); ++i)
    archive.write("momentum_" + std::to_string(i), momenta_[i], /*is_buffer=*/true);
  archive.write("initial_energy", c10::IValue(initial_energy_.value_or(NAN)));
}

void Leapfrog::load(torch::serialize::InputArchive& archive) {
  torch::NoGradGuard no_grad;
  for (size_t i = 0; i < momenta_.size(); ++i) {
    torch::Tensor momentum;
    archive.read("momentum_" + std::to_string(i), momentum, /*is_buffer=*/true);
    momenta_[i].copy_(momentum);
  }
  c10::IValue initial_energy;
  archive.read("initial_energy", initial_energy);
  initial_energy_.reset();
  if (!std::isnan(initial_energy.toDouble())) initial_energy_ = initial_energy.toDouble();
}

torch::Tensor Leapfrog::step(LossClosure closure) {
  TORCH_CHECK(closure != nullptr, "Leapfrog needs a closure: a step evaluates the loss twice");
  return torch::tensor(step_with_energy(closure).loss_before);
}

}  // namespace symplex::optim
