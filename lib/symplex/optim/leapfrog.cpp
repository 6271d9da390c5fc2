#include "symplex/optim/leapfrog.h"

#include <ATen/core/grad_mode.h>
#include <torch/optim/serialize.h>
#include <torch/serialize/archive.h>
#include <torch/utils.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "symplex/optim/mass_preconditioner.h"
#include "symplex/optim/optimizer_state.h"

namespace symplex::optim {
namespace {

const LeapfrogOptions& options_of(const torch::optim::OptimizerParamGroup& group) {
  return static_cast<const LeapfrogOptions&>(group.options());
}

void read_double(torch::serialize::InputArchive& archive, const char* key, double& value) {
  c10::IValue ivalue;
  archive.read(key, ivalue);
  value = ivalue.toDouble();
}

}  // namespace

void LeapfrogOptions::serialize(torch::serialize::OutputArchive& archive) const {
  archive.write("dt", c10::IValue(dt()));
  archive.write("gamma", c10::IValue(gamma()));
  archive.write("mass_preconditioning", c10::IValue(mass_preconditioning()));
  archive.write("cap_alpha", c10::IValue(cap_alpha()));
  archive.write("cap_epsilon", c10::IValue(cap_epsilon()));
}

void LeapfrogOptions::serialize(torch::serialize::InputArchive& archive) {
  read_double(archive, "dt", dt_);
  read_double(archive, "gamma", gamma_);
  c10::IValue flag;
  archive.read("mass_preconditioning", flag);
  mass_preconditioning_ = flag.toBool();
  read_double(archive, "cap_alpha", cap_alpha_);
  read_double(archive, "cap_epsilon", cap_epsilon_);
}

void LeapfrogParamState::serialize(torch::serialize::OutputArchive& archive) const {
  archive.write("momentum", momentum(), /*is_buffer=*/true);
  archive.write("inverse_mass", c10::IValue(inverse_mass()));
}

void LeapfrogParamState::serialize(torch::serialize::InputArchive& archive) {
  archive.read("momentum", momentum_, /*is_buffer=*/true);
  read_double(archive, "inverse_mass", inverse_mass_);
}

Leapfrog::Leapfrog(std::vector<torch::optim::OptimizerParamGroup> groups, LeapfrogOptions defaults)
    : torch::optim::Optimizer(groups, std::make_unique<LeapfrogOptions>(defaults)) {
  // LibTorch 2.x merges a group's options with the defaults for the option types of its own
  // optimizers only, and gives a group of any other type the defaults: each group gets back the
  // options it came with.
  for (size_t i = 0; i < groups.size(); ++i) {
    if (groups[i].has_options()) param_groups_[i].set_options(groups[i].options().clone());
  }
}

Leapfrog::Leapfrog(std::vector<torch::Tensor> parameters, LeapfrogOptions options)
    : Leapfrog({torch::optim::OptimizerParamGroup(std::move(parameters))}, options) {}

LeapfrogParamState& Leapfrog::state_of(const torch::Tensor& parameter,
                                       const LeapfrogOptions& options) {
  auto& slot = state_[state_key<decltype(state_)>(parameter)];
  if (!slot) {
    auto state = std::make_unique<LeapfrogParamState>();
    state->momentum(torch::zeros_like(parameter));
    state->inverse_mass(options.mass_preconditioning() ? inverse_mass(parameter) : 1.0);
    slot = std::move(state);
  }
  return static_cast<LeapfrogParamState&>(*slot);
}

LeapfrogParamState& Leapfrog::state_of(const torch::Tensor& parameter) {
  for (const auto& group : param_groups_) {
    for (const auto& p : group.params()) {
      if (p.is_same(parameter)) return state_of(p, options_of(group));
    }
  }
  throw std::invalid_argument("Leapfrog: the tensor is not one of the parameters");
}

torch::Tensor& Leapfrog::momentum(const torch::Tensor& parameter) {
  return state_of(parameter).momentum();
}

double Leapfrog::parameter_inverse_mass(const torch::Tensor& parameter) {
  return state_of(parameter).inverse_mass();
}

double Leapfrog::kinetic_energy() {
  torch::NoGradGuard no_grad;
  double kinetic = 0.0;
  for (const auto& group : param_groups_) {
    for (const auto& p : group.params()) {
      const auto& state = state_of(p, options_of(group));
      kinetic += 0.5 * state.inverse_mass() *
                 state.momentum().to(torch::kFloat64).pow(2).sum().item<double>();
    }
  }
  return kinetic;
}

double Leapfrog::evaluate(const LossClosure& closure) {
  at::AutoGradMode enable_grad(true);
  return closure().item<double>();
}

double Leapfrog::kick() {
  double damping_change = 0.0;
  for (const auto& group : param_groups_) {
    const auto& options = options_of(group);
    const double damping = std::exp(-options.gamma() * options.dt() / 2.0);
    for (const auto& p : group.params()) {
      auto& state = state_of(p, options);
      auto& momentum = state.momentum();
      // K of the stored p before and after its factor: the change as rounded in p's dtype.
      const double before = momentum.to(torch::kFloat64).pow(2).sum().item<double>();
      momentum.mul_(damping);
      const double after = momentum.to(torch::kFloat64).pow(2).sum().item<double>();
      damping_change += 0.5 * state.inverse_mass() * (after - before);
      if (p.grad().defined()) momentum.add_(p.grad(), -options.dt() / 2.0);
    }
  }
  return damping_change;
}

EnergyStep Leapfrog::step_with_energy(const LossClosure& closure,
                                      const std::function<void()>& mid_step) {
  torch::NoGradGuard no_grad;
  const auto& cap = options_of(param_groups_.front());
  for (const auto& group : param_groups_) {
    TORCH_CHECK(options_of(group).cap_alpha() == cap.cap_alpha() &&
                    options_of(group).cap_epsilon() == cap.cap_epsilon(),
                "Leapfrog: the cap acts on the whole energy; every parameter group must give the "
                "same cap_alpha and cap_epsilon");
  }

  EnergyStep report{};
  report.kinetic_before = kinetic_energy();
  report.loss_before = evaluate(closure);
  if (!initial_energy_) initial_energy_ = report.energy_before();

  report.damping_change = kick();
  for (auto& group : param_groups_) {
    const auto& options = options_of(group);
    for (auto& p : group.params()) {
      const auto& state = state_of(p, options);
      p.add_(state.momentum(), options.dt() * state.inverse_mass());
    }
  }
  if (mid_step) mid_step();
  report.loss_after = evaluate(closure);
  report.damping_change += kick();

  report.kinetic_uncapped = kinetic_energy();
  report.kinetic_after = report.kinetic_uncapped;
  const double cap_energy = cap.cap_alpha() * *initial_energy_;
  if (cap.cap_alpha() > 0.0 && report.loss_after + report.kinetic_uncapped > cap_energy) {
    const double eps = cap.cap_epsilon();
    const double scale = std::sqrt(std::max(eps, cap_energy - report.loss_after) /
                                   std::max(eps, report.kinetic_uncapped));
    for (const auto& group : param_groups_) {
      for (const auto& p : group.params())
        state_of(p, options_of(group)).momentum().mul_(scale);
    }
    report.kinetic_after = kinetic_energy();
    report.cap_fired = true;
  }
  return report;
}

void Leapfrog::save(torch::serialize::OutputArchive& archive) const {
  torch::optim::serialize<LeapfrogParamState, LeapfrogOptions>(archive, *this);
  archive.write("initial_energy", c10::IValue(initial_energy_.value_or(NAN)));
}

void Leapfrog::load(torch::serialize::InputArchive& archive) {
  torch::optim::serialize<LeapfrogParamState, LeapfrogOptions>(archive, *this);
  // LibTorch 1.13's loader restores the state but not the groups' options (Python's
  // load_state_dict does both), so they are read back here from the layout it wrote.
  torch::serialize::InputArchive groups;
  archive.read("param_groups", groups);
  for (size_t i = 0; i < param_groups_.size(); ++i) {
    torch::serialize::InputArchive group, options;
    groups.read("param_groups/" + std::to_string(i), group);
    group.read("options", options);
    static_cast<LeapfrogOptions&>(param_groups_[i].options()).serialize(options);
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

EnergyStep LeapfrogStepper::step(const torch::optim::Optimizer::LossClosure& closure,
                                 const std::function<torch::Tensor()>& /*loss_only*/,
                                 const std::function<void()>& mid_step) {
  return leapfrog_.step_with_energy(closure, mid_step);
}

}  // namespace symplex::optim
