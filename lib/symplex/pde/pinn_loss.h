#pragma once

#include <torch/types.h>

#include "symplex/pde/derivatives.h"
#include "symplex/pde/pinn_problem.h"

namespace symplex::pde {

// What a PINN loss is made of: the problem, the way its derivatives are taken, the training
// points and the weight of the conditions. Shared by the training step and the diagnostics that
// take gradients of parts of the loss.
struct PinnLoss {
  const PinnProblem& problem;
  const Derivatives& derivatives;
  const TrainingPoints& points;
  double condition_weight;
};

// The residual loss of residual points `points` (n, 2): mean((λ_i r_i)²) with the weights λ
// (n, 1), or mean(r_i²) when `weights` is undefined; `residual` receives r (n, 1).
torch::Tensor residual_loss(const PinnLoss& loss, const torch::Tensor& points,
                            const torch::Tensor& weights, torch::Tensor* residual = nullptr);

// The weighted initial/boundary loss alone (one pass over the condition points).
torch::Tensor condition_loss(const PinnLoss& loss);

// The residual r (n, 1) at every residual point and the weighted condition loss, from one pass
// over every training point (what a fused method carries through the network at once).
struct ResidualAndConditions {
  torch::Tensor residual, conditions;
};
ResidualAndConditions residual_and_conditions(const PinnLoss& loss);

}  // namespace symplex::pde
