#include "symplex/pde/heat.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>

namespace symplex::pde {
namespace {

HeatEquation two_mode_equation() {
  HeatEquation equation;
  equation.alpha = 0.3;
  equation.t_max = 0.7;
  equation.coefficients = {1.0, -0.5};
  return equation;
}

TEST(Heat, ExactSolutionHasZeroResidualUnderTheTrainingOperator) {
  const auto equation = two_mode_equation();
  const Field exact = [&](const torch::Tensor& points) {
    return exact_solution(equation, points.narrow(1, 0, 1), points.narrow(1, 1, 1));
  };
  torch::manual_seed(0);
  const auto x = torch::rand({200, 1}, torch::kFloat64);
  const auto t = torch::rand({200, 1}, torch::kFloat64) * equation.t_max;
  const auto derivatives = nested_autograd(exact);
  EXPECT_LT(heat_residual(derivatives, equation, x, t).abs().max().item<double>(), 1e-12);
  // With a wrong diffusivity the same operator must see a residual.
  auto wrong = equation;
  wrong.alpha *= 2;
  EXPECT_GT(heat_residual(derivatives, wrong, x, t).abs().max().item<double>(), 1e-2);
}

TEST(Heat, ExactSolutionMeetsInitialAndBoundaryConditions) {
  const auto equation = two_mode_equation();
  const Field exact = [&](const torch::Tensor& points) {
    return exact_solution(equation, points.narrow(1, 0, 1), points.narrow(1, 1, 1));
  };
  const auto options = torch::TensorOptions().dtype(torch::kFloat64);
  torch::manual_seed(0);
  const auto points = sample_collocation(equation, CollocationSizes{50, 20, 20}, options);
  const auto loss = heat_loss(nested_autograd(exact), equation, points, 10.0, 10.0);
  EXPECT_LT(loss.total.item<double>(), 1e-24);

  const auto x = torch::tensor({{0.5}}, options);
  const auto t0 = torch::zeros({1, 1}, options);
  EXPECT_NEAR(exact_solution(equation, x, t0).item<double>(), 1.0 - 0.5 * std::sin(M_PI), 1e-15);
}

// u = u* + ε against u* = e^{−απ²t} sin(πx) on the nx × nt grid x_j = j/(nx−1),
// t_i = i·t_max/(nt−1): ‖ε‖² = ε² nx nt, and ‖u*‖² = (nx−1)/2 · Σ_i r^i with r = e^{−2απ² Δt}
// (Σ_{j=0}^{m} sin²(πj/m) = m/2 for m ≥ 2). The figure depends on both grids, on t_max and on
// the norm being the Euclidean one over every grid point.
TEST(Heat, RelativeL2OfAConstantOffsetMatchesItsClosedForm) {
  HeatEquation equation;
  equation.alpha = 0.3;
  equation.t_max = 0.7;
  equation.coefficients = {1.0};
  const double offset = 1e-3;
  const Field shifted = [&](const torch::Tensor& points) {
    return exact_solution(equation, points.narrow(1, 0, 1), points.narrow(1, 1, 1)) + offset;
  };
  const int64_t nx = 21;
  const int64_t nt = 11;
  const double r =
      std::exp(-2.0 * equation.alpha * M_PI * M_PI * equation.t_max / static_cast<double>(nt - 1));
  const double time_sum = (1.0 - std::pow(r, static_cast<double>(nt))) / (1.0 - r);
  const double exact_norm_squared = static_cast<double>(nx - 1) / 2.0 * time_sum;
  const double expected = offset * std::sqrt(static_cast<double>(nx * nt) / exact_norm_squared);
  const auto options = torch::TensorOptions().dtype(torch::kFloat64);
  EXPECT_NEAR(relative_l2_error(shifted, equation, nx, nt, options), expected, 1e-12 * expected);
}

TEST(Heat, CollocationPointsLieInTheDomain) {
  const auto equation = two_mode_equation();
  torch::manual_seed(3);
  const auto points = sample_collocation(equation, CollocationSizes{300, 40, 60},
                                         torch::TensorOptions().dtype(torch::kFloat32));
  EXPECT_EQ(points.interior_x.size(0), 300);
  EXPECT_LE(points.interior_t.max().item<double>(), equation.t_max);
  EXPECT_GE(points.interior_x.min().item<double>(), 0.0);
  const auto on_boundary = (points.boundary_x == 0) | (points.boundary_x == 1);
  EXPECT_TRUE(on_boundary.all().item<bool>());
  EXPECT_EQ(points.boundary_x.scalar_type(), torch::kFloat32);
}

}  // namespace
}  // namespace symplex::pde
