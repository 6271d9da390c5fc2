#include "symplex/optim/round_trip.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>

namespace symplex::optim {
namespace {

// A small tanh MLP with a mean-squared loss on fixed data, in float64.
// Seeded before the layers draw their weights, so every SmallMlp is the same network whatever
// ran before it.
struct SmallMlp {
  static torch::nn::Sequential seeded_net() {
    torch::manual_seed(4);
    return torch::nn::Sequential(torch::nn::Linear(4, 8), torch::nn::Functional(torch::tanh),
                                 torch::nn::Linear(8, 1));
  }
  torch::nn::Sequential net = seeded_net();
  torch::Tensor x, y;

  SmallMlp() {
    net->to(torch::kFloat64);
    x = torch::randn({32, 4}, torch::kFloat64);
    y = torch::sin(x.sum(1, true));
  }
  torch::optim::Optimizer::LossClosure closure() {
    return [this] {
      net->zero_grad();
      auto loss = (net->forward(x) - y).pow(2).mean();
      loss.backward();
      return loss;
    };
  }
  std::vector<torch::Tensor> momenta(double scale) {
    std::vector<torch::Tensor> p;
    for (const auto& parameter : net->parameters())
      p.push_back(torch::randn_like(parameter) * scale);
    return p;
  }
};

RoundTripError mlp_round_trip(Integrator integrator, double dt, int64_t steps) {
  SmallMlp mlp;
  return round_trip(integrator, mlp.net->parameters(), mlp.momenta(0.1), mlp.closure(), dt, steps);
}

TEST(RoundTrip, LeapfrogReturnsToRoundOffInFloat64) {
  // A quadratic L = ½ θᵀAθ.
  auto theta = torch::tensor({1.0, -0.5, 2.0}, torch::kFloat64).requires_grad_(true);
  const auto a = torch::tensor({1.0, 3.0, 0.2}, torch::kFloat64);
  const torch::optim::Optimizer::LossClosure quadratic = [&] {
    if (theta.grad().defined()) theta.grad().zero_();
    auto loss = 0.5 * (a * theta * theta).sum();
    loss.backward();
    return loss;
  };
  const auto error =
      round_trip(Integrator::leapfrog, {theta}, {torch::tensor({0.3, 0.1, -0.2}, torch::kFloat64)},
                 quadratic, 0.05, 1000);
  EXPECT_LT(error.parameters, 1e-10);
  EXPECT_LT(error.momenta, 1e-10);

  const auto mlp = mlp_round_trip(Integrator::leapfrog, 0.05, 1000);
  EXPECT_LT(mlp.parameters, 1e-10);
  EXPECT_LT(mlp.momenta, 1e-10);
}

TEST(RoundTrip, ExplicitEulerErrorGrowsWithStepsAndDt) {
  const double n10 = mlp_round_trip(Integrator::explicit_euler, 0.05, 10).parameters;
  const double n100 = mlp_round_trip(Integrator::explicit_euler, 0.05, 100).parameters;
  const double n1000 = mlp_round_trip(Integrator::explicit_euler, 0.05, 1000).parameters;
  EXPECT_LT(n10, n100);
  EXPECT_LT(n100, n1000);
  EXPECT_LT(mlp_round_trip(Integrator::explicit_euler, 0.025, 100).parameters, n100);
  EXPECT_GT(n10, 1e3 * mlp_round_trip(Integrator::leapfrog, 0.05, 10).parameters);
}

// On L = ½ Σ a_k θ_k² with a weight of fan-in 4 (M⁻¹ = 1/2, eq. 5, written out here), the round
// trip of symplectic Euler, p' = p − dt·a·θ, θ' = θ + dt·M⁻¹·p', forward, p negated, back and p
// negated, iterated coordinate by coordinate in plain doubles.
TEST(RoundTrip, SymplecticEulerRoundTripMatchesItsClosedFormOnAQuadratic) {
  const double dt = 0.05;
  const int64_t steps = 200;
  const double m = 0.5;
  const std::vector<double> a = {1.0, 3.0, 0.2, 2.0};
  const std::vector<double> theta0 = {1.0, -0.5, 2.0, 0.7};
  const std::vector<double> p0 = {0.3, 0.1, -0.2, 0.4};
  auto theta = torch::tensor(theta0, torch::kFloat64).reshape({1, 4}).requires_grad_(true);
  const auto quadratic_a = torch::tensor(a, torch::kFloat64).reshape({1, 4});
  const torch::optim::Optimizer::LossClosure quadratic = [&] {
    if (theta.grad().defined()) theta.grad().zero_();
    auto loss = 0.5 * (quadratic_a * theta * theta).sum();
    loss.backward();
    return loss;
  };
  const auto error =
      round_trip(Integrator::symplectic_euler, {theta},
                 {torch::tensor(p0, torch::kFloat64).reshape({1, 4})}, quadratic, dt, steps);

  double theta_difference = 0.0, theta_norm = 0.0, p_difference = 0.0, p_norm = 0.0;
  for (size_t k = 0; k < a.size(); ++k) {
    double x = theta0[k];
    double p = p0[k];
    for (int leg = 0; leg < 2; ++leg) {
      for (int64_t step = 0; step < steps; ++step) {
        p -= dt * a[k] * x;
        x += dt * m * p;
      }
      p = -p;
    }
    theta_difference += std::pow(x - theta0[k], 2);
    theta_norm += theta0[k] * theta0[k];
    p_difference += std::pow(p - p0[k], 2);
    p_norm += p0[k] * p0[k];
  }
  const double expected_parameters = std::sqrt(theta_difference / theta_norm);
  const double expected_momenta = std::sqrt(p_difference / p_norm);
  EXPECT_GT(expected_parameters, 1e-3);  // far above round-off: a real miss
  EXPECT_NEAR(error.parameters, expected_parameters, 1e-9 * expected_parameters);
  EXPECT_NEAR(error.momenta, expected_momenta, 1e-9 * expected_momenta);
}

// Symplectic, but not symmetric: its round trip under p → −p is the method followed by its
// adjoint, which misses by e(dt) = c₁dt + O(dt²) over a fixed time T = N·dt, so halving dt halves
// the error: e(2dt)/e(dt) = 2 + O(dt). At T = 4 both ratios stay within 0.004 of 2 for
// dt ≤ 0.04 (at T = 2 the parameters' c₁ nearly vanishes and dt = 0.04 is not yet asymptotic);
// ±0.05 leaves room for another machine's round-off, far from the 4 of a second-order error
// and the 1 of one that does not vanish with dt.
TEST(RoundTrip, SymplecticEulerRoundTripErrorIsFirstOrderInDt) {
  const double t = 4.0;
  std::vector<RoundTripError> errors;
  for (const double dt : {0.04, 0.02, 0.01})
    errors.push_back(mlp_round_trip(Integrator::symplectic_euler, dt, std::lround(t / dt)));
  for (size_t i = 0; i + 1 < errors.size(); ++i) {
    EXPECT_NEAR(errors[i].parameters / errors[i + 1].parameters, 2.0, 0.05) << i;
    EXPECT_NEAR(errors[i].momenta / errors[i + 1].momenta, 2.0, 0.05) << i;
  }
  EXPECT_GT(errors.back().parameters, 1e-4);  // far above round-off
}

}  // namespace
}  // namespace symplex::optim
