#include "symplex/models/jet.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "symplex/models/pinn_fields.h"
#include "symplex/models/pinn_net.h"
#include "symplex/pde/heat.h"

namespace symplex::models {
namespace {

struct LossAndGradient {
  double loss;
  torch::Tensor gradient;  // every parameter's, flattened into one float64 vector
};

LossAndGradient heat_loss_and_gradient(PinnNet& net, const std::string& derivatives,
                                       const pde::HeatEquation& equation,
                                       const pde::CollocationPoints& points) {
  net->zero_grad();
  const auto loss = pde::heat_loss(pinn_field(net), pinn_derivatives(net, derivatives), equation,
                                   points, 10.0, 10.0)
                        .total;
  loss.backward();
  std::vector<torch::Tensor> gradients;
  for (const auto& p : net->parameters())
    gradients.push_back(p.grad().flatten().to(torch::kFloat64));
  return {loss.item<double>(), torch::cat(gradients)};
}

struct Case {
  std::string architecture;
  int64_t depth;
  torch::Dtype dtype;
  double tolerance;
};

class FusedDerivatives : public ::testing::TestWithParam<Case> {};

// The fused loss and its gradient (one first-order backward through the propagated streams)
// equal those of nested reverse-mode autograd, the reference.
TEST_P(FusedDerivatives, LossAndGradientEqualNestedAutograd) {
  const auto& c = GetParam();
  torch::manual_seed(7);
  pde::HeatEquation equation;
  equation.t_max = 0.5;
  equation.coefficients = {1.0, 0.3};
  PinnNet net(PinnNetOptions(c.architecture, 12, c.depth).t_max(equation.t_max));
  net->to(c.dtype);
  const auto points = pde::sample_collocation(equation, pde::CollocationSizes{300, 50, 50},
                                              torch::TensorOptions().dtype(c.dtype));
  const auto fused = heat_loss_and_gradient(net, "fused", equation, points);
  const auto reference = heat_loss_and_gradient(net, "autograd", equation, points);
  EXPECT_NEAR(fused.loss, reference.loss, c.tolerance * std::fabs(reference.loss));
  const double gradient_error =
      ((fused.gradient - reference.gradient).norm() / reference.gradient.norm()).item<double>();
  EXPECT_LT(gradient_error, c.tolerance);
  EXPECT_GT(reference.gradient.norm().item<double>(), 0.0);
}

INSTANTIATE_TEST_SUITE_P(EveryArchitecture, FusedDerivatives,
                         ::testing::Values(Case{"mlp", 4, torch::kFloat32, 1e-5},
                                           Case{"mlp", 25, torch::kFloat32, 1e-5},
                                           Case{"mlp", 4, torch::kFloat64, 1e-11},
                                           Case{"mlp", 25, torch::kFloat64, 1e-11},
                                           Case{"residual_mlp", 4, torch::kFloat32, 1e-5},
                                           Case{"residual_mlp", 25, torch::kFloat32, 1e-5},
                                           Case{"residual_mlp", 4, torch::kFloat64, 1e-11},
                                           Case{"residual_mlp", 25, torch::kFloat64, 1e-11},
                                           Case{"symplectic", 4, torch::kFloat32, 1e-5},
                                           Case{"symplectic", 25, torch::kFloat32, 1e-5},
                                           Case{"symplectic", 4, torch::kFloat64, 1e-11},
                                           Case{"symplectic", 25, torch::kFloat64, 1e-11}),
                         [](const auto& info) {
                           return info.param.architecture + "_d" +
                                  std::to_string(info.param.depth) +
                                  (info.param.dtype == torch::kFloat64 ? "_f64" : "_f32");
                         });

// The streams of tanh are the chain rule's: on y = (v, 1, 0, 0) they are tanh v, tanh' v, 0 and
// tanh'' v, checked here against the closed forms.
TEST(Jet, TanhStreamsAreTheChainRule) {
  const auto v = torch::linspace(-3.0, 3.0, 13, torch::kFloat64).reshape({1, 13});
  const auto y = torch::stack({v, torch::ones_like(v), torch::zeros_like(v), torch::zeros_like(v)});
  const auto out = tanh(Jet{y}, torch::zeros({13}, torch::kFloat64));
  const auto s = torch::tanh(v);
  EXPECT_TRUE(torch::allclose(out.value(), s, 0, 1e-15));
  EXPECT_TRUE(torch::allclose(out.dx(), 1 - s * s, 0, 1e-15));
  EXPECT_TRUE(torch::allclose(out.dt(), torch::zeros_like(v), 0, 0));
  EXPECT_TRUE(torch::allclose(out.dxx(), -2 * s * (1 - s * s), 0, 1e-15));
}

// The tensor-operation path (the one CUDA takes) computes what the CPU loops compute, forward
// and backward.
TEST(Jet, TensorOperationPathEqualsTheCpuLoops) {
  torch::manual_seed(3);
  const auto y = torch::randn({4, 50, 6}, torch::kFloat64).requires_grad_();
  const auto bias = torch::zeros({6}, torch::kFloat64);
  const auto g = torch::randn({4, 50, 6}, torch::kFloat64);
  const auto out = tanh(Jet{y}, bias).streams;
  out.backward(g);
  torch::NoGradGuard no_grad;
  EXPECT_TRUE(torch::allclose(tanh_streams(y), out, 0, 1e-15));
  EXPECT_TRUE(torch::allclose(tanh_streams_backward(y, out, g), y.grad(), 0, 1e-14));
}

}  // namespace
}  // namespace symplex::models
