#pragma once

#include <torch/types.h>

#include "symplex/pde/derivatives.h"
#include "symplex/pde/heat_equation.h"
#include "symplex/pde/input_box.h"
#include "symplex/pde/pinn_problem.h"

namespace symplex::pde {

// The exact solution Σ_k a_k exp(-α k²π² t) sin(kπx) at the points (x, t).
torch::Tensor exact_solution(const HeatEquation& equation, const torch::Tensor& x,
                             const torch::Tensor& t);

// The heat operator ∂t − α∂xx, and the box [0, 1] × [0, t_max] of (x, t).
DifferentialOperator heat_operator(const HeatEquation& equation);
InputBox heat_box(const HeatEquation& equation);

// u_t − α u_xx at the points (x, t).
torch::Tensor heat_residual(const Derivatives& derivatives, const HeatEquation& equation,
                            const torch::Tensor& x, const torch::Tensor& t);

// Training points: interior (x, t), initial x at t = 0, boundary t at x ∈ {0, 1}.
struct CollocationPoints {
  torch::Tensor interior_x, interior_t;
  torch::Tensor initial_x;
  torch::Tensor boundary_x, boundary_t;
};

// Uniform random points drawn from the global generator, on `options`' device and dtype.
CollocationPoints sample_collocation(const HeatEquation& equation, const CollocationSizes& sizes,
                                     const torch::TensorOptions& options);

// The mean square errors of u at the initial points (x, 0), against u(x, 0), and at the boundary
// points, against 0: `values` holds the initial points' values, then the boundary points'.
struct HeatConditionErrors {
  torch::Tensor initial, boundary;
};
HeatConditionErrors heat_condition_errors(const HeatEquation& equation, const torch::Tensor& values,
                                          const torch::Tensor& initial_x);

struct HeatLoss {
  torch::Tensor total, residual, initial, boundary;
};

// total = mean residual² + w_ic · mean IC error² + w_bc · mean BC error².
HeatLoss heat_loss(const Derivatives& derivatives, const HeatEquation& equation,
                   const CollocationPoints& points, double initial_weight, double boundary_weight);

// u* on the nx × nt grid over [0, 1] × [0, t_max], both ends included.
Truth heat_truth(const HeatEquation& equation, int64_t nx, int64_t nt,
                 const torch::TensorOptions& options);

// ‖u − u*‖ / ‖u*‖ on an nx × nt grid over the whole domain.
double relative_l2_error(const Field& u, const HeatEquation& equation, int64_t nx, int64_t nt,
                         const torch::TensorOptions& options);

}  // namespace symplex::pde
