#pragma once

#include <torch/arg.h>
#include <torch/optim/optimizer.h>

#include <functional>
#include <optional>
#include <vector>

#include "symplex/optim/energy_step.h"

namespace symplex::optim {

struct LeapfrogOptions : public torch::optim::OptimizerCloneableOptions<LeapfrogOptions> {
  explicit LeapfrogOptions(double dt = 1e-3) : dt_(dt) {}
  TORCH_ARG(double, dt);
  TORCH_ARG(double, gamma) = 0.0;  // damping γ: each half kick scales p by e^{-γ dt/2}
  TORCH_ARG(bool, mass_preconditioning) = true;  // eq. 5; false: M = I
  TORCH_ARG(double, cap_alpha) = 0.0;            // eq. 7 cap at α·H0; 0 disables it
  TORCH_ARG(double, cap_epsilon) = 1e-12;
};

// Leapfrog (Störmer–Verlet) on H(θ, p) = ½ pᵀ M⁻¹ p + L(θ), seed 001 eqs. 2–4:
//   p_{t+½} = e^{−γdt/2} p_t − (dt/2) ∇L(θ_t)
//   θ_{t+1} = θ_t + dt M⁻¹ p_{t+½}
//   p_{t+1} = e^{−γdt/2} p_{t+½} − (dt/2) ∇L(θ_{t+1})
// then, with a cap, eq. 7: if H > α H0, p ← p √(max(ε, αH0 − L) / max(ε, K)).
// A step calls the closure twice, on the same minibatch: it must zero the gradients, evaluate the
// loss at the current parameters, call backward() and return the loss. H0 is the energy before
// the first step.
class Leapfrog : public torch::optim::Optimizer {
 public:
  Leapfrog(std::vector<torch::Tensor> parameters, LeapfrogOptions options);

  // As torch::optim::Optimizer: returns the loss at θ_t.
  torch::Tensor step(LossClosure closure) override;
  // `between_half_kicks`, when set, runs after the drift and before L(θ_{t+1}) is evaluated.
  EnergyStep step_with_energy(const LossClosure& closure,
                              const std::function<void()>& between_half_kicks = {});

  // Momenta p, one per parameter in order; they may be replaced (e.g. moved to new storage).
  std::vector<torch::Tensor>& momenta() { return momenta_; }
  double kinetic_energy() const;

  // The momenta and H0, for a run's checkpoint; load() expects the same parameters.
  void save(torch::serialize::OutputArchive& archive) const override;
  void load(torch::serialize::InputArchive& archive) override;

 private:
  double evaluate(const LossClosure& closure);
  void kick(double damping, double half_dt);

  LeapfrogOptions options_;
  std::vector<torch::Tensor> momenta_;
  std::vector<double> inverse_masses_;
  std::optional<double> initial_energy_;
};

}  // namespace symplex::optim
