#include "symplex/pde/heat.h"

#include <torch/autograd.h>

#include <cmath>

namespace symplex::pde {

torch::Tensor exact_solution(const HeatEquation& equation, const torch::Tensor& x,
                             const torch::Tensor& t) {
  auto u = torch::zeros_like(x);
  for (size_t i = 0; i < equation.coefficients.size(); ++i) {
    const double k_pi = static_cast<double>(i + 1) * M_PI;
    u = u + equation.coefficients[i] * torch::exp(-equation.alpha * k_pi * k_pi * t) *
                torch::sin(k_pi * x);
  }
  return u;
}

Derivatives nested_autograd(const Field& u) {
  return [u](const torch::Tensor& x, const torch::Tensor& t, const torch::Tensor& value_x,
             const torch::Tensor& value_t, double alpha) {
    const auto xg = x.detach().requires_grad_(true);
    const auto tg = t.detach().requires_grad_(true);
    const auto value = u(xg, tg);
    // The points are independent, so the gradient of the sum is every point's derivative.
    const auto first = torch::autograd::grad({value.sum()}, {xg, tg}, {}, /*retain_graph=*/true,
                                             /*create_graph=*/true);
    const auto u_xx = torch::autograd::grad({first[0].sum()}, {xg}, {}, true, true)[0];
    return HeatTerms{first[1] - alpha * u_xx, u(value_x, value_t)};
  };
}

torch::Tensor heat_residual(const Derivatives& derivatives, const torch::Tensor& x,
                            const torch::Tensor& t, double alpha) {
  const auto none = x.narrow(0, 0, 0);
  return derivatives(x, t, none, none, alpha).residual;
}

CollocationPoints sample_collocation(const HeatEquation& equation, const CollocationSizes& sizes,
                                     const torch::TensorOptions& options) {
  // Drawn on the CPU in float64, so that every device and dtype trains on the same points.
  const auto cpu = torch::TensorOptions().dtype(torch::kFloat64);
  CollocationPoints points;
  points.interior_x = torch::rand({sizes.interior, 1}, cpu);
  points.interior_t = torch::rand({sizes.interior, 1}, cpu) * equation.t_max;
  points.initial_x = torch::rand({sizes.initial, 1}, cpu);
  points.boundary_x = (torch::rand({sizes.boundary, 1}, cpu) < 0.5).to(torch::kFloat64);
  points.boundary_t = torch::rand({sizes.boundary, 1}, cpu) * equation.t_max;
  for (auto* tensor : {&points.interior_x, &points.interior_t, &points.initial_x,
                       &points.boundary_x, &points.boundary_t}) {
    *tensor = tensor->to(options);
  }
  return points;
}

HeatLoss heat_loss(const Derivatives& derivatives, const HeatEquation& equation,
                   const CollocationPoints& points, double initial_weight, double boundary_weight) {
  const auto t0 = torch::zeros_like(points.initial_x);
  const auto terms = derivatives(points.interior_x, points.interior_t,
                                 torch::cat({points.initial_x, points.boundary_x}),
                                 torch::cat({t0, points.boundary_t}), equation.alpha);
  const auto u_initial = terms.values.narrow(0, 0, points.initial_x.size(0));
  const auto u_boundary =
      terms.values.narrow(0, points.initial_x.size(0), points.boundary_x.size(0));
  HeatLoss loss;
  loss.residual = terms.residual.pow(2).mean();
  loss.initial = (u_initial - exact_solution(equation, points.initial_x, t0)).pow(2).mean();
  loss.boundary = u_boundary.pow(2).mean();
  loss.total = loss.residual + initial_weight * loss.initial + boundary_weight * loss.boundary;
  return loss;
}

double relative_l2_error(const Field& u, const HeatEquation& equation, int64_t nx, int64_t nt,
                         const torch::TensorOptions& options) {
  torch::NoGradGuard no_grad;
  const auto xs = torch::linspace(0.0, 1.0, nx, options);
  const auto ts = torch::linspace(0.0, equation.t_max, nt, options);
  const auto grid = torch::meshgrid({xs, ts}, "ij");
  const auto x = grid[0].reshape({-1, 1});
  const auto t = grid[1].reshape({-1, 1});
  const auto truth = exact_solution(equation, x, t);
  return ((u(x, t) - truth).norm() / truth.norm()).item<double>();
}

}  // namespace symplex::pde
