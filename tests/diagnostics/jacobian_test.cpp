#include "symplex/diagnostics/jacobian.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "symplex/models/pinn_net.h"

namespace symplex::diagnostics {
namespace {

// Central differences, one input coordinate at a time: O(eps²) accurate.
torch::Tensor finite_difference_jacobian(const RowMap& f, const torch::Tensor& points, double eps) {
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> columns;
  for (int64_t j = 0; j < points.size(1); ++j) {
    auto shift = torch::zeros_like(points);
    shift.select(1, j).fill_(eps);
    columns.push_back((f(points + shift) - f(points - shift)) / (2 * eps));
  }
  return torch::stack(columns, 2);
}

TEST(Jacobian, AgreesWithCentralDifferencesForEveryTrunk) {
  for (const auto architecture : {models::Architecture::mlp, models::Architecture::residual_mlp,
                                  models::Architecture::symplectic}) {
    const std::string name = io::name_of(models::kArchitectureNames, architecture);
    torch::manual_seed(7);
    auto trunk = models::make_trunk(architecture, 6, 5, 0.4);
    trunk->to(torch::kFloat64);
    const RowMap f = [&](const torch::Tensor& h) { return trunk->forward(h); };
    const auto points = torch::randn({5, 6}, torch::kFloat64);
    const auto exact = rowwise_jacobian(f, points);
    const auto approx = finite_difference_jacobian(f, points, 1e-5);
    ASSERT_EQ(exact.sizes(), approx.sizes());
    EXPECT_LT((exact - approx).abs().max().item<double>(), 1e-8) << name;
    EXPECT_GT(exact.abs().max().item<double>(), 1e-2) << name;
  }
}

TEST(Jacobian, SpectrumSummaryOfKnownMatrices) {
  // diag(4, 1, 0.5) at one point and diag(2, 2, 2) at another.
  const auto jacobians =
      torch::stack({torch::diag(torch::tensor({4.0, 1.0, 0.5}, torch::kFloat64)),
                    torch::diag(torch::tensor({2.0, 2.0, 2.0}, torch::kFloat64))});
  const auto sigma = singular_values(jacobians);
  EXPECT_TRUE(torch::allclose(sigma[0], torch::tensor({4.0, 1.0, 0.5}, torch::kFloat64)));
  const auto s = summarize_spectrum(sigma);
  EXPECT_DOUBLE_EQ(s.sigma_min, 0.5);
  EXPECT_DOUBLE_EQ(s.sigma_max, 4.0);
  EXPECT_DOUBLE_EQ(s.sigma_median, 2.0);
  EXPECT_DOUBLE_EQ(s.condition_median, 1.0);  // lower median of {8, 1}
  EXPECT_NEAR(s.mean_log_abs_det, 0.5 * (std::log(2.0) + 3 * std::log(2.0)), 1e-12);
}

}  // namespace
}  // namespace symplex::diagnostics
