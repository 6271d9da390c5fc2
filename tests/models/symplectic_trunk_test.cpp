#include "symplex/models/symplectic_trunk.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "symplex/diagnostics/jacobian.h"
#include "symplex/models/mlp_trunk.h"

namespace symplex::models {
namespace {

// Scales every parameter so that the map is far from the identity (a real test of exactness).
void scale_parameters(torch::nn::Module& module, double factor) {
  torch::NoGradGuard no_grad;
  for (auto& p : module.parameters())
    p.mul_(factor);
}

torch::Tensor jacobians_at_random_points(const diagnostics::RowMap& f, int64_t width) {
  return diagnostics::rowwise_jacobian(f, torch::randn({8, width}, torch::kFloat64) * 2.0);
}

// Ω = [[0, I], [-I, 0]] for (q, p) ∈ R^d × R^d.
torch::Tensor standard_symplectic_form(int64_t d) {
  auto omega = torch::zeros({2 * d, 2 * d}, torch::kFloat64);
  omega.slice(0, 0, d).slice(1, d, 2 * d) = torch::eye(d, torch::kFloat64);
  omega.slice(0, d, 2 * d).slice(1, 0, d) = -torch::eye(d, torch::kFloat64);
  return omega;
}

void expect_symplectic(const torch::Tensor& jacobians, int64_t d) {
  const auto det = at::linalg_det(jacobians);
  EXPECT_LT((det - 1.0).abs().max().item<double>(), 1e-10) << det;

  // Singular values come in reciprocal pairs: σ_i · σ_{2d+1-i} = 1.
  const auto sigma = diagnostics::singular_values(jacobians);
  const auto products = sigma * sigma.flip(1);
  EXPECT_LT((products - 1.0).abs().max().item<double>(), 1e-9) << sigma;
  EXPECT_GT((sigma.select(1, 0) - 1.0).abs().max().item<double>(), 1e-2)
      << "the map is too close to the identity to test anything";

  const auto omega = standard_symplectic_form(d);
  const auto preserved = jacobians.transpose(1, 2).matmul(omega).matmul(jacobians);
  EXPECT_LT((preserved - omega).abs().max().item<double>(), 1e-10);
}

TEST(SymplecticLayer, IsExactlySymplecticAtRandomWeights) {
  torch::manual_seed(1);
  SymplecticLayer layer(SymplecticLayerOptions(4, 6).step(0.7));
  layer->to(torch::kFloat64);
  scale_parameters(*layer, 2.0);
  expect_symplectic(
      jacobians_at_random_points([&](const torch::Tensor& x) { return layer->forward(x); }, 8), 4);
}

TEST(SymplecticTrunk, IsExactlySymplecticAtDepth) {
  torch::manual_seed(2);
  SymplecticTrunkImpl trunk(SymplecticTrunkOptions(10, 25).step(0.3));
  trunk.to(torch::kFloat64);
  scale_parameters(trunk, 1.5);
  expect_symplectic(
      jacobians_at_random_points([&](const torch::Tensor& x) { return trunk.forward(x); }, 10), 5);
}

TEST(SymplecticTrunk, AnMlpTrunkIsNot) {
  torch::manual_seed(3);
  MlpTrunkImpl trunk(MlpTrunkOptions(10, 4));
  trunk.to(torch::kFloat64);
  const auto det = at::linalg_det(
      jacobians_at_random_points([&](const torch::Tensor& x) { return trunk.forward(x); }, 10));
  EXPECT_GT((det - 1.0).abs().min().item<double>(), 1e-3);
}

TEST(SymplecticTrunk, RefusesAnOddWidth) {
  EXPECT_THROW(SymplecticTrunkImpl(SymplecticTrunkOptions(7, 2)), std::invalid_argument);
}

}  // namespace
}  // namespace symplex::models
