#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>

#include "symplex/models/pinn_fields.h"
#include "symplex/models/pinn_net.h"
#include "symplex/pde/allen_cahn_problem.h"
#include "symplex/pde/heat_problem.h"
#include "symplex/pde/helmholtz.h"
#include "symplex/pde/pinn_loss.h"
#include "symplex/pde/residual_attention.h"

namespace symplex::pde {
namespace {

const auto kFloat64 = torch::TensorOptions().dtype(torch::kFloat64);

Field field_of(std::function<torch::Tensor(const torch::Tensor&, const torch::Tensor&)> u) {
  return [u](const torch::Tensor& p) { return u(p.narrow(1, 0, 1), p.narrow(1, 1, 1)); };
}

// u* = sin(a₁πx) sin(a₂πy) solves the problem: its residual (by nested autograd) is round-off
// against the size of the terms, and its boundary loss is zero on points that lie on ∂[−1, 1]².
// Against the source of another solution (a₁ = 2) the same u has a residual.
// (k = 2.5: with k = 1 a residual that used k where k² belongs would pass.)
TEST(Helmholtz, ExactSolutionHasZeroResidualAndMeetsTheBoundary) {
  const HelmholtzEquation equation{1.0, 4.0, 2.5};
  const HelmholtzProblem problem(equation, 11);
  torch::manual_seed(0);
  const auto points = problem.sample({300, 80}, kFloat64);
  const Field exact = [&](const torch::Tensor& p) { return helmholtz_solution(equation, p); };
  const auto derivatives = nested_autograd(exact);
  const auto streams = derivatives(points.residual, points.condition_values, problem.op());
  const double scale = (17 * M_PI * M_PI);  // |u_xx + u_yy| ≤ (a₁² + a₂²)π²
  EXPECT_LT(problem.residual(streams, points.residual).abs().max().item<double>(), 1e-12 * scale);
  EXPECT_LT(problem.condition_loss(streams, points).item<double>(), 1e-30);
  const auto& b = points.condition_values;
  EXPECT_TRUE(torch::all((b.abs() - 1).abs().amin(1) < 1e-15).item<bool>());
  EXPECT_TRUE(torch::all(b.abs() <= 1).item<bool>());

  const HelmholtzProblem other(HelmholtzEquation{2.0, 4.0, 2.5}, 11);
  EXPECT_GT(other.residual(streams, points.residual).abs().max().item<double>(), 1.0);
}

// The stationary kink u = tanh(κx) with κ² = r / (2D) solves u_t − D u_xx + r u³ − r u = 0:
// −D u_xx = 2Dκ² u (1 − u²) = r u (1 − u²). Its residual is round-off; with κ off by 10% it
// is not. The periodic conditions see u(±1) and u_x(±1): for u = x² cos(πx), independent of t,
// the initial and value terms are zero and u_x(−1) − u_x(1) = 2 − (−2) = 4, so the loss is 16.
TEST(AllenCahn, TheKinkHasZeroResidualAndThePeriodicLossSeesTheSlope) {
  const AllenCahnEquation equation{0.1, 5.0, 1.0};
  const AllenCahnProblem problem(equation, ReferenceSolution{}, 5);
  torch::manual_seed(0);
  const auto points = problem.sample({300, 80}, kFloat64);
  const double kappa = std::sqrt(equation.reaction / (2 * equation.diffusion));
  for (const double factor : {1.0, 1.1}) {
    const auto kink = nested_autograd(field_of([&](const torch::Tensor& x, const torch::Tensor&) {
      return torch::tanh(factor * kappa * x);
    }));
    const auto streams = kink(points.residual, points.condition_values, problem.op());
    const double worst = problem.residual(streams, points.residual).abs().max().item<double>();
    if (factor == 1.0) {
      EXPECT_LT(worst, 1e-12);
    } else {
      EXPECT_GT(worst, 0.1);
    }
  }
  const auto initial = nested_autograd(
      field_of([](const torch::Tensor& x, const torch::Tensor&) { return allen_cahn_initial(x); }));
  const auto streams = initial(points.condition_derivatives, points.condition_values, problem.op());
  EXPECT_NEAR(problem.condition_loss(streams, points).item<double>(), 16.0, 1e-12);
}

// The heat problem is the depth sweep's heat loss split in two: the same residual and the same
// initial plus boundary terms, on the same points.
TEST(HeatProblem, IsTheHeatLossOfTheDepthSweep) {
  HeatEquation equation;
  equation.coefficients = {1.0, 0.4};
  const HeatProblem problem(equation, 11, 11);
  torch::manual_seed(5);
  const auto points = problem.sample({100, 40}, kFloat64);
  torch::manual_seed(5);
  const auto collocation = sample_collocation(equation, {100, 20, 20}, kFloat64);
  models::PinnNet net(
      models::PinnNetOptions(models::Architecture::mlp, 8, 2).box(heat_box(equation)));
  net->to(torch::kFloat64);
  const auto derivatives = models::pinn_derivatives(net, models::DerivativeMethod::fused);
  const PinnLoss loss{problem, derivatives, points, 1.0};
  const auto parts = residual_and_conditions(loss);
  const auto heat = heat_loss(derivatives, equation, collocation, 1.0, 1.0);
  EXPECT_DOUBLE_EQ(parts.residual.pow(2).mean().item<double>(), heat.residual.item<double>());
  EXPECT_DOUBLE_EQ(parts.conditions.item<double>(), (heat.initial + heat.boundary).item<double>());
}

// With the same residual at every step, k updates from λ₀ give
// λ_k = γ^k λ₀ + η (1 − γ^k) / (1 − γ) · |r| / max|r|, and without the normalisation · |r|.
TEST(ResidualAttention, WeightsFollowTheirRecursion) {
  const auto residual = torch::tensor({{-2.0}, {1.0}, {0.5}}, kFloat64);
  const double eta = 1e-3, gamma = 0.999, start = 0.2;
  for (const bool normalize : {true, false}) {
    auto weights = torch::full({3, 1}, start, kFloat64);
    const int k = 500;
    for (int i = 0; i < k; ++i)
      update_attention_weights(weights, residual, eta, gamma, normalize);
    const double decay = std::pow(gamma, k);
    const auto scale = normalize ? residual.abs() / 2.0 : residual.abs();
    const auto expected = decay * start + eta * (1 - decay) / (1 - gamma) * scale;
    EXPECT_TRUE(torch::allclose(weights, expected, 1e-12, 0)) << weights << expected;
  }
}

struct Case {
  const char* problem;
  models::Architecture architecture;
  torch::Dtype dtype;
};

std::unique_ptr<PinnProblem> problem_named(const std::string& name) {
  if (name == "heat") return std::make_unique<HeatProblem>(HeatEquation{}, 5, 5);
  if (name == "helmholtz") {
    return std::make_unique<HelmholtzProblem>(HelmholtzEquation{1.0, 4.0, 2.5}, 5);
  }
  return std::make_unique<AllenCahnProblem>(AllenCahnEquation{0.01, 5.0, 1.0}, ReferenceSolution{},
                                            5);
}

struct LossAndGradient {
  double loss;
  torch::Tensor gradient;
};

LossAndGradient loss_and_gradient(models::PinnNet& net, models::DerivativeMethod method,
                                  const PinnProblem& problem, const TrainingPoints& points,
                                  const torch::Tensor& rba_weights) {
  net->zero_grad();
  const auto derivatives = models::pinn_derivatives(net, method);
  const PinnLoss loss{problem, derivatives, points, 10.0};
  const auto parts = residual_and_conditions(loss);
  const auto total = (rba_weights * parts.residual).pow(2).mean() + parts.conditions;
  total.backward();
  std::vector<torch::Tensor> gradients;
  for (const auto& p : net->parameters())
    gradients.push_back(p.grad().flatten().to(torch::kFloat64));
  return {total.item<double>(), torch::cat(gradients)};
}

class FusedProblemDerivatives : public ::testing::TestWithParam<Case> {};

// Every problem's loss (residual with weights, and conditions, a periodic one with u_x
// included) and its gradient by the fused streams equal those of nested autograd: to 1e-11 in
// float64; in float32 within 1e-5 of the float64 reference or no further than 3x nested
// autograd's own float32 error (as tests/models/jet_test.cpp holds the heat loss).
TEST_P(FusedProblemDerivatives, LossAndGradientEqualNestedAutograd) {
  const auto& c = GetParam();
  const auto problem = problem_named(c.problem);
  torch::manual_seed(11);
  models::PinnNet net(models::PinnNetOptions(c.architecture, 10, 3).box(problem->box()));
  {
    torch::NoGradGuard no_grad;
    for (auto& p : net->parameters())
      if (p.dim() == 1) p.normal_(0.0, 0.3);
  }
  const auto options = torch::TensorOptions().dtype(c.dtype);
  net->to(c.dtype);
  const auto points = problem->sample({200, 40}, options);
  const auto weights = torch::rand({200, 1}, options) + 0.5;
  const auto fused =
      loss_and_gradient(net, models::DerivativeMethod::fused, *problem, points, weights);
  const auto nested =
      loss_and_gradient(net, models::DerivativeMethod::autograd, *problem, points, weights);
  const auto error = [](const torch::Tensor& a, const torch::Tensor& b) {
    return ((a - b).norm() / b.norm()).item<double>();
  };
  ASSERT_GT(nested.gradient.norm().item<double>(), 0.0);
  if (c.dtype == torch::kFloat64) {
    EXPECT_NEAR(fused.loss, nested.loss, 1e-11 * nested.loss);
    EXPECT_LT(error(fused.gradient, nested.gradient), 1e-11);
    return;
  }
  auto net64 = models::copy_pinn(net, torch::kFloat64);
  const TrainingPoints points64{points.residual.to(torch::kFloat64),
                                points.condition_derivatives.to(torch::kFloat64),
                                points.condition_values.to(torch::kFloat64)};
  const auto truth = loss_and_gradient(net64, models::DerivativeMethod::autograd, *problem,
                                       points64, weights.to(torch::kFloat64));
  const auto loss_error = [&](double loss) { return std::fabs(loss - truth.loss) / truth.loss; };
  EXPECT_LT(loss_error(fused.loss), std::max(1e-5, 3 * loss_error(nested.loss)));
  EXPECT_LT(error(fused.gradient, truth.gradient),
            std::max(1e-5, 3 * error(nested.gradient, truth.gradient)));
}

INSTANTIATE_TEST_SUITE_P(
    EveryProblem, FusedProblemDerivatives,
    ::testing::Values(Case{"heat", models::Architecture::mlp, torch::kFloat64},
                      Case{"helmholtz", models::Architecture::mlp, torch::kFloat64},
                      Case{"helmholtz", models::Architecture::residual_mlp, torch::kFloat64},
                      Case{"helmholtz", models::Architecture::symplectic, torch::kFloat64},
                      Case{"helmholtz", models::Architecture::mlp, torch::kFloat32},
                      Case{"allen_cahn", models::Architecture::mlp, torch::kFloat64},
                      Case{"allen_cahn", models::Architecture::symplectic, torch::kFloat64},
                      Case{"allen_cahn", models::Architecture::mlp, torch::kFloat32}),
    [](const auto& info) {
      return std::string(info.param.problem) + "_" +
             io::name_of(models::kArchitectureNames, info.param.architecture) +
             (info.param.dtype == torch::kFloat64 ? "_f64" : "_f32");
    });

}  // namespace
}  // namespace symplex::pde
