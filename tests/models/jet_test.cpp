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

LossAndGradient heat_loss_and_gradient(PinnNet& net, DerivativeMethod derivatives,
                                       const pde::HeatEquation& equation,
                                       const pde::CollocationPoints& points) {
  net->zero_grad();
  const auto loss =
      pde::heat_loss(pinn_derivatives(net, derivatives), equation, points, 10.0, 10.0).total;
  loss.backward();
  std::vector<torch::Tensor> gradients;
  for (const auto& p : net->parameters())
    gradients.push_back(p.grad().flatten().to(torch::kFloat64));
  return {loss.item<double>(), torch::cat(gradients)};
}

struct Case {
  Architecture architecture;
  int64_t depth;
  torch::Dtype dtype;
  double tolerance;
};

class FusedDerivatives : public ::testing::TestWithParam<Case> {};

pde::CollocationPoints in_float64(const pde::CollocationPoints& p) {
  const auto f64 = [](const torch::Tensor& t) { return t.to(torch::kFloat64); };
  return {f64(p.interior_x), f64(p.interior_t), f64(p.initial_x), f64(p.boundary_x),
          f64(p.boundary_t)};
}

double relative_error(const torch::Tensor& a, const torch::Tensor& b) {
  return ((a - b).norm() / b.norm()).item<double>();
}

// The fused loss and its gradient (one first-order backward through the propagated rows) equal
// those of nested reverse-mode autograd, the reference: in float64 to 1e-11. In float32 the two
// differ by round-off, which a deep saturated network amplifies (at residual depth 25 nested
// autograd's own float32 gradient is up to 1e-4 from the float64 one), so there both are held to
// the float64 nested-autograd result for the same parameters: the fused one must be within the
// tolerance of it or no further than 3x the nested one's own error. The biases (zero at
// initialisation) are drawn at random, so that a bias on the wrong rows would show.
TEST_P(FusedDerivatives, LossAndGradientEqualNestedAutograd) {
  const auto& c = GetParam();
  torch::manual_seed(7);
  pde::HeatEquation equation;
  equation.t_max = 0.5;
  equation.coefficients = {1.0, 0.3};
  PinnNet net(PinnNetOptions(c.architecture, 12, c.depth).box(pde::heat_box(equation)));
  {
    torch::NoGradGuard no_grad;
    for (auto& p : net->parameters())
      if (p.dim() == 1) p.normal_(0.0, 0.3);
  }
  net->to(c.dtype);
  const auto points = pde::sample_collocation(equation, pde::CollocationSizes{300, 50, 50},
                                              torch::TensorOptions().dtype(c.dtype));
  const auto fused = heat_loss_and_gradient(net, DerivativeMethod::fused, equation, points);
  const auto nested = heat_loss_and_gradient(net, DerivativeMethod::autograd, equation, points);
  ASSERT_GT(nested.gradient.norm().item<double>(), 0.0);
  if (c.dtype == torch::kFloat64) {
    EXPECT_NEAR(fused.loss, nested.loss, c.tolerance * std::fabs(nested.loss));
    EXPECT_LT(relative_error(fused.gradient, nested.gradient), c.tolerance);
    return;
  }
  auto net64 = copy_pinn(net, torch::kFloat64);
  const auto truth =
      heat_loss_and_gradient(net64, DerivativeMethod::autograd, equation, in_float64(points));
  const auto loss_error = [&](double loss) { return std::fabs(loss - truth.loss) / truth.loss; };
  EXPECT_LT(loss_error(fused.loss), std::max(c.tolerance, 3 * loss_error(nested.loss)));
  EXPECT_LT(relative_error(fused.gradient, truth.gradient),
            std::max(c.tolerance, 3 * relative_error(nested.gradient, truth.gradient)));
}

INSTANTIATE_TEST_SUITE_P(
    EveryArchitecture, FusedDerivatives,
    ::testing::Values(Case{Architecture::mlp, 4, torch::kFloat32, 1e-5},
                      Case{Architecture::mlp, 25, torch::kFloat32, 1e-5},
                      Case{Architecture::mlp, 4, torch::kFloat64, 1e-11},
                      Case{Architecture::mlp, 25, torch::kFloat64, 1e-11},
                      Case{Architecture::residual_mlp, 4, torch::kFloat32, 1e-5},
                      Case{Architecture::residual_mlp, 25, torch::kFloat32, 1e-5},
                      Case{Architecture::residual_mlp, 4, torch::kFloat64, 1e-11},
                      Case{Architecture::residual_mlp, 25, torch::kFloat64, 1e-11},
                      Case{Architecture::symplectic, 4, torch::kFloat32, 1e-5},
                      Case{Architecture::symplectic, 25, torch::kFloat32, 1e-5},
                      Case{Architecture::symplectic, 4, torch::kFloat64, 1e-11},
                      Case{Architecture::symplectic, 25, torch::kFloat64, 1e-11}),
    [](const auto& info) {
      return io::name_of(kArchitectureNames, info.param.architecture) + std::string("_d") +
             std::to_string(info.param.depth) +
             (info.param.dtype == torch::kFloat64 ? "_f64" : "_f32");
    });

// The rows of tanh are the chain rule's. For the heat operator ∂t − α∂xx (w = 2α) with
// y = (v, 1, 0), i.e. y_x = 1 and y_t = y_xx = 0, σ_x is tanh' v and L σ is −α tanh'' v =
// 2α tanh v (1 − tanh² v); and with y = (v, 0, 1) it is tanh' v. For the Laplacian (w = −2 on
// both streams) with y = (v, 1, 1, 0), L σ = tanh'' v · 2 = −4 tanh v (1 − tanh² v). A
// value-only point gets tanh of its value. Checked against the closed forms.
TEST(Jet, TanhStreamsAreTheChainRule) {
  const double alpha = 0.3;
  const JetStreams heat{1, {2 * alpha, 0.0}};
  const auto v = torch::linspace(-3.0, 3.0, 13, torch::kFloat64).reshape({13, 1});
  const auto extra = torch::tensor({{-0.5}, {2.0}}, torch::kFloat64);
  const auto zero_bias = torch::zeros({1}, torch::kFloat64);
  const auto s = torch::tanh(v);
  const auto one = torch::ones_like(v);
  const auto zero = torch::zeros_like(v);
  const auto along_x = tanh(Jet{torch::cat({v, extra, one, zero}), 13, heat}, zero_bias);
  EXPECT_TRUE(torch::allclose(along_x.value(), s, 0, 1e-15));
  EXPECT_TRUE(torch::allclose(along_x.extra_values(), torch::tanh(extra), 0, 1e-15));
  EXPECT_TRUE(torch::allclose(along_x.first(0), 1 - s * s, 0, 1e-15));
  EXPECT_TRUE(torch::allclose(along_x.op(), 2 * alpha * s * (1 - s * s), 0, 1e-15));
  const auto along_t = tanh(Jet{torch::cat({v, extra, zero, one}), 13, heat}, zero_bias);
  EXPECT_TRUE(torch::allclose(along_t.first(0), zero, 0, 0));
  EXPECT_TRUE(torch::allclose(along_t.op(), 1 - s * s, 0, 1e-15));

  const JetStreams laplacian{2, {-2.0, -2.0}};
  const auto diagonal = tanh(Jet{torch::cat({v, extra, one, one, zero}), 13, laplacian}, zero_bias);
  EXPECT_TRUE(torch::allclose(diagonal.first(0), 1 - s * s, 0, 1e-15));
  EXPECT_TRUE(torch::allclose(diagonal.first(1), 1 - s * s, 0, 1e-15));
  EXPECT_TRUE(torch::allclose(diagonal.op(), -4 * s * (1 - s * s), 0, 1e-15));
}

// The tensor-operation path (the one CUDA takes) computes what the CPU loops compute, forward
// and backward, value-only rows included, with one stream and with two. (The loops use the C
// library's tanh in float64, the tensor path LibTorch's: they may differ in the last place.)
TEST(Jet, TensorOperationPathEqualsTheCpuLoops) {
  for (const JetStreams streams : {JetStreams{1, {1.4, 0.0}}, JetStreams{2, {-0.6, 2.2}}}) {
    torch::manual_seed(3);
    const int64_t points = 50;
    const auto y = torch::randn({points + 7 + (streams.count + 1) * points, 6}, torch::kFloat64)
                       .requires_grad_();
    const Jet jet{y, points, streams};
    const auto bias = torch::randn({6}, torch::kFloat64).requires_grad_();
    const auto g = torch::randn_like(y);
    const auto out = tanh(jet, bias).rows;
    out.backward(g);
    torch::NoGradGuard no_grad;
    // The bias moves the values only.
    const Jet biased{torch::cat({jet.values() + bias, jet.derivative_rows()}), points, streams};
    EXPECT_TRUE(torch::allclose(tanh_streams(biased), out, 1e-14, 1e-15));
    const auto gy = tanh_streams_backward(biased, out, g);
    EXPECT_TRUE(torch::allclose(gy, y.grad(), 1e-14, 1e-14));
    EXPECT_TRUE(
        torch::allclose(Jet{gy, points, streams}.values().sum(0), bias.grad(), 1e-13, 1e-13));
  }
}

}  // namespace
}  // namespace symplex::models
