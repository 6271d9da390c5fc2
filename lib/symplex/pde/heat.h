#pragma once

#include <torch/types.h>

#include <functional>
#include <vector>

#include "symplex/pde/heat_equation.h"

namespace symplex::pde {

// The exact solution Σ_k a_k exp(-α k²π² t) sin(kπx) at the points (x, t).
torch::Tensor exact_solution(const HeatEquation& equation, const torch::Tensor& x,
                             const torch::Tensor& t);

// u as a function of column tensors x and t (both (N, 1)), returning (N, 1).
using Field = std::function<torch::Tensor(const torch::Tensor& x, const torch::Tensor& t)>;

// What the heat loss needs of u: the residual u_t − α u_xx at the interior points (x, t), and u
// alone at the points (value_x, value_t) (initial and boundary), all (·, 1) and with their graphs
// kept so that the loss can be trained on. One call takes every point, so that a fused method can
// carry them through the network in one pass.
struct HeatTerms {
  torch::Tensor residual, values;
};
using Derivatives = std::function<HeatTerms(const torch::Tensor& x, const torch::Tensor& t,
                                            const torch::Tensor& value_x,
                                            const torch::Tensor& value_t, double alpha)>;

// The terms of any Field, u_t and u_xx by nested reverse-mode autograd: the reference way.
Derivatives nested_autograd(const Field& u);

// u_t − α u_xx at the points (x, t).
torch::Tensor heat_residual(const Derivatives& derivatives, const torch::Tensor& x,
                            const torch::Tensor& t, double alpha);

// Training points: interior (x, t), initial x at t = 0, boundary t at x ∈ {0, 1}.
struct CollocationPoints {
  torch::Tensor interior_x, interior_t;
  torch::Tensor initial_x;
  torch::Tensor boundary_x, boundary_t;
};

// Uniform random points drawn from the global generator, on `options`' device and dtype.
CollocationPoints sample_collocation(const HeatEquation& equation, const CollocationSizes& sizes,
                                     const torch::TensorOptions& options);

struct HeatLoss {
  torch::Tensor total, residual, initial, boundary;
};

// total = mean residual² + w_ic · mean IC error² + w_bc · mean BC error².
HeatLoss heat_loss(const Derivatives& derivatives, const HeatEquation& equation,
                   const CollocationPoints& points, double initial_weight, double boundary_weight);

// ‖u − u*‖ / ‖u*‖ on an nx × nt grid over the whole domain.
double relative_l2_error(const Field& u, const HeatEquation& equation, int64_t nx, int64_t nt,
                         const torch::TensorOptions& options);

}  // namespace symplex::pde
