#include "symplex/pde/heat.h"

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

DifferentialOperator heat_operator(const HeatEquation& equation) {
  return {{0.0, 1.0}, {-equation.alpha, 0.0}, {0}};
}

InputBox heat_box(const HeatEquation& equation) {
  return {{{0.0, 1.0}, {0.0, equation.t_max}}};
}

torch::Tensor heat_residual(const Derivatives& derivatives, const HeatEquation& equation,
                            const torch::Tensor& x, const torch::Tensor& t) {
  const auto points = torch::cat({x, t}, 1);
  return derivatives(points, points.narrow(0, 0, 0), heat_operator(equation)).op;
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

HeatConditionErrors heat_condition_errors(const HeatEquation& equation, const torch::Tensor& values,
                                          const torch::Tensor& initial_x) {
  const int64_t initial = initial_x.size(0);
  const auto u_initial = values.narrow(0, 0, initial);
  const auto u_boundary = values.narrow(0, initial, values.size(0) - initial);
  return {
      (u_initial - exact_solution(equation, initial_x, torch::zeros_like(initial_x))).pow(2).mean(),
      u_boundary.pow(2).mean()};
}

HeatLoss heat_loss(const Derivatives& derivatives, const HeatEquation& equation,
                   const CollocationPoints& points, double initial_weight, double boundary_weight) {
  const auto t0 = torch::zeros_like(points.initial_x);
  const auto terms =
      derivatives(torch::cat({points.interior_x, points.interior_t}, 1),
                  torch::cat({torch::cat({points.initial_x, t0}, 1),
                              torch::cat({points.boundary_x, points.boundary_t}, 1)}),
                  heat_operator(equation));
  const auto conditions = heat_condition_errors(equation, terms.extra_values, points.initial_x);
  HeatLoss loss;
  loss.residual = terms.op.pow(2).mean();
  loss.initial = conditions.initial;
  loss.boundary = conditions.boundary;
  loss.total = loss.residual + initial_weight * loss.initial + boundary_weight * loss.boundary;
  return loss;
}

Truth heat_truth(const HeatEquation& equation, int64_t nx, int64_t nt,
                 const torch::TensorOptions& options) {
  Truth truth;
  truth.points = grid_points(heat_box(equation), nx, nt, options);
  truth.values =
      exact_solution(equation, truth.points.narrow(1, 0, 1), truth.points.narrow(1, 1, 1));
  truth.shape = {nx, nt};
  return truth;
}

double relative_l2_error(const Field& u, const HeatEquation& equation, int64_t nx, int64_t nt,
                         const torch::TensorOptions& options) {
  return relative_l2_error(u, heat_truth(equation, nx, nt, options));
}

}  // namespace symplex::pde
