#include "symplex/diagnostics/gradient_snr.h"

#include <gtest/gtest.h>
#include <torch/autograd.h>
#include <torch/torch.h>

#include <cmath>
#include <utility>

#include "symplex/diagnostics/pinn_gradient_snr.h"
#include "symplex/models/pinn_fields.h"
#include "symplex/models/pinn_net.h"
#include "symplex/optim/capturable_adam.h"
#include "symplex/pde/helmholtz.h"

namespace symplex::diagnostics {
namespace {

const auto kFloat64 = torch::TensorOptions().dtype(torch::kFloat64);

// Two batches g = μ ± δ: the mean is μ and the population std is |δ| elementwise, so the SNR is
// ‖μ‖ / ‖δ‖; over two layers the norms add in squares. (A sample std, ddof 1, would give
// ‖μ‖ / (√2 ‖δ‖).)
TEST(GradientSnr, IsTheNormOfTheMeanOverTheNormOfThePopulationStd) {
  const auto mu1 = torch::tensor({3.0, 4.0}, kFloat64);
  const auto delta1 = torch::tensor({1.0, 0.0}, kFloat64);
  const auto mu2 = torch::tensor({12.0}, kFloat64);
  const auto delta2 = torch::tensor({2.0}, kFloat64);
  const auto snr = gradient_snr(
      {torch::stack({mu1 + delta1, mu1 - delta1}), torch::stack({mu2 + delta2, mu2 - delta2})});
  ASSERT_EQ(snr.per_layer.size(), 2u);
  EXPECT_NEAR(snr.per_layer[0], 5.0, 1e-14);
  EXPECT_NEAR(snr.per_layer[1], 6.0, 1e-14);
  EXPECT_NEAR(snr.global, 13.0 / std::sqrt(5.0), 1e-14);
}

// After one step m̂ = g and v̂ = g², so Adam's SNR is ‖g‖ / ‖|g| + ε‖: 1 up to ε.
TEST(GradientSnr, AdamsAfterOneStepIsOne) {
  auto p = torch::tensor({1.0, -2.0, 0.5}, kFloat64).requires_grad_();
  optim::CapturableAdam adam({p}, optim::CapturableAdamOptions{1e-3});
  (p * torch::tensor({0.3, -1.0, 2.0}, kFloat64)).sum().backward();
  adam.step();
  const auto moments = adam.corrected_moments(0);
  EXPECT_TRUE(torch::allclose(moments.first, p.grad(), 1e-12, 0));
  EXPECT_NEAR(adam_snr({moments.first}, {moments.denominator}), 1.0, 1e-7);
  // A second step with the opposite gradient: m̂ shrinks while v̂ does not.
  p.mutable_grad().neg_();
  adam.step();
  const auto second = adam.corrected_moments(0);
  EXPECT_LT(adam_snr({second.first}, {second.denominator}), 0.2);
}

// Cell means over a 2 × 2 grid of [0, 2] × [0, 1]: the points' values averaged per cell, NaN in
// an empty one; the coefficient of variation skips empty cells, and is 0 for equal means.
TEST(GradientSnr, BinnedMeansAndTheirVariation) {
  const auto points = torch::tensor({{0.1, 0.1}, {0.2, 0.2}, {1.5, 0.2}, {1.9, 0.9}}, kFloat64);
  const auto values = torch::tensor({1.0, 3.0, 4.0, 6.0}, kFloat64);
  const auto cells = binned_means(points, values, {0.0, 0.0}, {2.0, 1.0}, 2);
  EXPECT_DOUBLE_EQ(cells[0][0].item<double>(), 2.0);
  EXPECT_TRUE(std::isnan(cells[0][1].item<double>()));
  EXPECT_DOUBLE_EQ(cells[1][0].item<double>(), 4.0);
  EXPECT_DOUBLE_EQ(cells[1][1].item<double>(), 6.0);
  // Means 2, 4, 6: std √(8/3), mean 4.
  EXPECT_NEAR(coefficient_of_variation(cells), std::sqrt(8.0 / 3.0) / 4.0, 1e-14);
  EXPECT_EQ(coefficient_of_variation(torch::full({2, 2}, 3.0, kFloat64)), 0.0);
}

struct HelmholtzNet {
  pde::HelmholtzProblem problem{pde::HelmholtzEquation{}, 5};
  models::PinnNet net{models::PinnNetOptions(models::Architecture::mlp, 8, 2)
                          .box(pde::InputBox{{{-1.0, 1.0}, {-1.0, 1.0}}})};
  pde::TrainingPoints points;
  pde::Derivatives derivatives;
  std::vector<torch::Tensor> weights;

  explicit HelmholtzNet(int64_t residual_points) {
    torch::manual_seed(2);
    net->to(torch::kFloat64);
    points = problem.sample({residual_points, 40}, kFloat64);
    derivatives = models::pinn_derivatives(net, models::DerivativeMethod::fused);
    for (const auto& p : net->parameters())
      if (p.dim() == 2) weights.push_back(p);
  }
  pde::PinnLoss loss() const { return {problem, derivatives, points, 10.0}; }
};

// The batches are the permutation's chunks: |r| comes back in the points' own order whatever the
// permutation, and the SNR depends on it; batches that are copies of one another have no spread
// at all (an infinite SNR).
TEST(PinnGradientSnr, BatchesFollowThePermutation) {
  HelmholtzNet s(120);
  const auto identity = torch::arange(120, torch::kLong);
  const auto shuffled = torch::randperm(120, torch::kLong);
  const torch::Tensor no_rba;
  const auto a = measure_pinn_snr(s.loss(), s.weights, no_rba, identity, 4, 3);
  const auto b = measure_pinn_snr(s.loss(), s.weights, no_rba, shuffled, 4, 3);
  EXPECT_TRUE(torch::allclose(a.abs_residual, b.abs_residual, 1e-13, 0));
  EXPECT_NE(a.with_conditions.global, b.with_conditions.global);
  EXPECT_EQ(a.with_conditions.per_layer.size(), s.weights.size());
  EXPECT_DOUBLE_EQ(a.homogeneity, b.homogeneity);
  // The conditions' gradient is common to every batch: it moves the mean, not the spread.
  EXPECT_NE(a.with_conditions.global, a.without_conditions.global);

  HelmholtzNet copies(30);
  copies.points.residual = copies.points.residual.repeat({4, 1});
  const auto same = measure_pinn_snr(copies.loss(), copies.weights, no_rba,
                                     torch::arange(120, torch::kLong), 4, 3);
  EXPECT_GT(same.without_conditions.global, 1e6);
}

// The measurement against the definition written out: 10 points in B = 3 batches (4, 3, 3 points,
// consecutive chunks of the permutation), RBA weights, and per batch the gradient of
// mean((λ r)²) + w·L_c by nested autograd, independently of the fused derivatives the measurement
// takes; then mean and population std per element, ‖mean‖ / ‖std‖, per matrix and over all.
TEST(PinnGradientSnr, EqualsTheDefinitionComputedDirectly) {
  HelmholtzNet s(10);
  const auto order = torch::randperm(10, torch::kLong);
  const auto rba = torch::rand({10, 1}, kFloat64) + 0.5;
  const auto measured = measure_pinn_snr(s.loss(), s.weights, rba, order, 3, 2);

  const auto nested = models::pinn_derivatives(s.net, models::DerivativeMethod::autograd);
  const pde::PinnLoss loss{s.problem, nested, s.points, 10.0};
  const std::vector<std::pair<int64_t, int64_t>> batches = {{0, 4}, {4, 3}, {7, 3}};
  std::vector<std::vector<torch::Tensor>> with(s.weights.size()), without(s.weights.size());
  for (const auto& [start, size] : batches) {
    const auto index = order.narrow(0, start, size);
    const auto points = s.points.residual.index_select(0, index);
    const auto streams = nested(points, points.narrow(0, 0, 0), s.problem.op());
    const auto r = s.problem.residual(streams, points);
    const auto residual_loss = (rba.index_select(0, index) * r).pow(2).mean();
    const auto g = torch::autograd::grad({residual_loss}, s.weights);
    const auto gc = torch::autograd::grad({pde::condition_loss(loss)}, s.weights);
    for (size_t l = 0; l < s.weights.size(); ++l) {
      without[l].push_back(g[l].flatten());
      with[l].push_back((g[l] + gc[l]).flatten());
    }
  }
  const auto check = [&](const std::vector<std::vector<torch::Tensor>>& layers,
                         const GradientSnr& snr) {
    double signal = 0, noise = 0;
    for (size_t l = 0; l < layers.size(); ++l) {
      const auto g = torch::stack(layers[l]);
      const auto mean = g.mean(0);
      const auto std = (g - mean).pow(2).mean(0).sqrt();
      const double layer = (mean.norm() / std.norm()).item<double>();
      EXPECT_NEAR(snr.per_layer[l], layer, 1e-9 * layer) << "layer " << l;
      signal += mean.pow(2).sum().item<double>();
      noise += std.pow(2).sum().item<double>();
    }
    EXPECT_NEAR(snr.global, std::sqrt(signal / noise), 1e-9 * std::sqrt(signal / noise));
  };
  check(with, measured.with_conditions);
  check(without, measured.without_conditions);
}

}  // namespace
}  // namespace symplex::diagnostics
