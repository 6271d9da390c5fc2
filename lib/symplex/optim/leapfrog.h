#pragma once

#include <torch/arg.h>
#include <torch/optim/optimizer.h>

#include <functional>
#include <optional>
#include <vector>

#include "symplex/optim/energy_stepper.h"

namespace symplex::optim {

// Options of a parameter group. The cap (eq. 7) acts on the whole energy H, so every group must
// give the same cap_alpha and cap_epsilon.
struct LeapfrogOptions : public torch::optim::OptimizerCloneableOptions<LeapfrogOptions> {
  explicit LeapfrogOptions(double dt = 1e-3) : dt_(dt) {}
  TORCH_ARG(double, dt);
  TORCH_ARG(double, gamma) = 0.0;  // damping γ: each half kick scales p by e^{-γ dt/2}
  TORCH_ARG(bool, mass_preconditioning) = true;  // eq. (5); false: M = I
  TORCH_ARG(double, cap_alpha) = 0.0;            // eq. (7) cap at α·H0; 0 disables it
  TORCH_ARG(double, cap_epsilon) = 1e-12;

 public:  // TORCH_ARG leaves the members after it private
  void serialize(torch::serialize::InputArchive& archive) override;
  void serialize(torch::serialize::OutputArchive& archive) const override;
  double get_lr() const override { return dt(); }
  void set_lr(const double lr) override { dt(lr); }
};

// What the leapfrog keeps per parameter: its momentum p and its inverse mass M⁻¹ (eq. 5, fixed
// when the state is made, before the parameter's first step).
struct LeapfrogParamState : public torch::optim::OptimizerCloneableParamState<LeapfrogParamState> {
  TORCH_ARG(torch::Tensor, momentum);
  TORCH_ARG(double, inverse_mass) = 1.0;

 public:
  void serialize(torch::serialize::InputArchive& archive) override;
  void serialize(torch::serialize::OutputArchive& archive) const override;
};

// Leapfrog (Störmer–Verlet) on H(θ, p) = ½ pᵀ M⁻¹ p + L(θ), docs/dt_sweep.md eqs. (2)–(4):
//   p_{t+½} = e^{−γdt/2} p_t − (dt/2) ∇L(θ_t)
//   θ_{t+1} = θ_t + dt M⁻¹ p_{t+½}
//   p_{t+1} = e^{−γdt/2} p_{t+½} − (dt/2) ∇L(θ_{t+1})
// then, with a cap, eq. (7): if H > α H0, p ← p √(max(ε, αH0 − L) / max(ε, K)).
// A step calls the closure twice, on the same minibatch: it must zero the gradients, evaluate the
// loss at the current parameters, call backward() and return the loss. H0 is the energy before
// the first step. Every parameter group is stepped with its own options.
class Leapfrog : public torch::optim::Optimizer {
 public:
  Leapfrog(std::vector<torch::optim::OptimizerParamGroup> groups, LeapfrogOptions defaults);
  Leapfrog(std::vector<torch::Tensor> parameters, LeapfrogOptions options);

  // As torch::optim::Optimizer: returns the loss at θ_t.
  torch::Tensor step(LossClosure closure) override;
  // One step with its energy bookkeeping; `mid_step`, when set, runs after the drift and before
  // L(θ_{t+1}) is evaluated.
  EnergyStep step_with_energy(const LossClosure& closure,
                              const std::function<void()>& mid_step = {});

  // A parameter's momentum p (made, zero, if it has none yet).
  torch::Tensor& momentum(const torch::Tensor& parameter);
  // A parameter's M⁻¹ (eq. 5), fixed when its state is made.
  double parameter_inverse_mass(const torch::Tensor& parameter);
  double kinetic_energy();

  // The state of every parameter and the options of every group (LibTorch's layout), and H0.
  void save(torch::serialize::OutputArchive& archive) const override;
  void load(torch::serialize::InputArchive& archive) override;

 private:
  LeapfrogParamState& state_of(const torch::Tensor& parameter, const LeapfrogOptions& options);
  // The state of a parameter of any group.
  LeapfrogParamState& state_of(const torch::Tensor& parameter);
  double evaluate(const LossClosure& closure);
  // A half kick (2) or (4); returns the change of K made by its damping factor.
  double kick();

  std::optional<double> initial_energy_;
};

// The leapfrog as an EnergyStepper (loss_only is not needed: it evaluates L with the closure).
class LeapfrogStepper final : public EnergyStepper {
 public:
  LeapfrogStepper(std::vector<torch::Tensor> parameters, LeapfrogOptions options)
      : leapfrog_(std::move(parameters), options) {}

  EnergyStep step(const torch::optim::Optimizer::LossClosure& closure,
                  const std::function<torch::Tensor()>& loss_only,
                  const std::function<void()>& mid_step) override;
  torch::optim::Optimizer& optimizer() override { return leapfrog_; }
  void save(torch::serialize::OutputArchive& archive) const override { leapfrog_.save(archive); }
  void load(torch::serialize::InputArchive& archive) override { leapfrog_.load(archive); }

 private:
  Leapfrog leapfrog_;
};

}  // namespace symplex::optim
