#include "symplex/optim/round_trip.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

namespace symplex::optim {
namespace {

// A small tanh MLP with a mean-squared loss on fixed data, in float64.
struct SmallMlp {
  torch::nn::Sequential net{torch::nn::Linear(4, 8), torch::nn::Functional(torch::tanh),
                            torch::nn::Linear(8, 1)};
  torch::Tensor x, y;

  SmallMlp() {
    torch::manual_seed(4);
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

TEST(RoundTrip, SymplecticEulerIsNotTimeReversible) {
  // Symplectic, but not symmetric: its round trip under p -> -p misses by O(dt).
  EXPECT_GT(mlp_round_trip(Integrator::symplectic_euler, 0.05, 100).parameters, 1e-6);
}

}  // namespace
}  // namespace symplex::optim
