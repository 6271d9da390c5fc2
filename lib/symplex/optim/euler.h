#pragma once

#include <torch/optim/optimizer.h>

#include <vector>

namespace symplex::optim {

enum class EulerKind { explicit_euler, symplectic_euler };

// One first-order step of H(θ, p) = ½ pᵀ M⁻¹ p + L(θ) in place, for the reversibility
// experiment (no damping, no cap). `closure` leaves ∇L(θ) in the parameters' .grad().
//   explicit:   p' = p − dt ∇L(θ),  θ' = θ + dt M⁻¹ p      (both from the old state)
//   symplectic: p' = p − dt ∇L(θ),  θ' = θ + dt M⁻¹ p'
void euler_step(EulerKind kind, const std::vector<torch::Tensor>& parameters,
                std::vector<torch::Tensor>& momenta, const std::vector<double>& inverse_masses,
                const torch::optim::Optimizer::LossClosure& closure, double dt);

}  // namespace symplex::optim
