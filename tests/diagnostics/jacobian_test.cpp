#include "symplex/diagnostics/jacobian.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <limits>

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

torch::Tensor diagonals(const std::vector<std::vector<double>>& rows) {
  std::vector<torch::Tensor> matrices;
  for (const auto& row : rows)
    matrices.push_back(torch::diag(torch::tensor(row, torch::kFloat64)));
  return torch::stack(matrices);
}

TEST(Jacobian, SpectrumSummaryOfKnownMatrices) {
  // diag(4, 1, 0.5) at one point and diag(3, 2.5, 2) at another: six values whose lower median
  // (2) is not their median (2.25).
  const auto spectrum = spectrum_of(diagonals({{4.0, 1.0, 0.5}, {3.0, 2.5, 2.0}}));
  EXPECT_TRUE(torch::allclose(spectrum.sigmas[0], torch::tensor({4.0, 1.0, 0.5}, torch::kFloat64)));
  const auto s = summarize_spectrum(spectrum);
  EXPECT_DOUBLE_EQ(s.sigma_min.value, 0.5);
  EXPECT_FALSE(s.sigma_min.censored);
  EXPECT_DOUBLE_EQ(s.sigma_max, 4.0);
  EXPECT_DOUBLE_EQ(s.sigma_median.value, 2.25);
  EXPECT_DOUBLE_EQ(s.condition_median, 0.5 * (8.0 + 1.5));
  EXPECT_FALSE(s.condition_median_is_lower_bound);
  EXPECT_EQ(s.below_floor, 0);
  ASSERT_TRUE(s.mean_log_abs_det.has_value());
  EXPECT_NEAR(*s.mean_log_abs_det, 0.5 * (std::log(2.0) + std::log(15.0)), 1e-12);
  EXPECT_FALSE(s.mean_log_abs_det_upper_bound.has_value());
}

TEST(Jacobian, FloorIsDimensionTimesEpsilonTimesTheLargestSigma) {
  // 4e-16 lies above ε·σ_1 = 2.2e-16 but below n·ε·σ_1 = 6.7e-16 (n = 3); 1e-12 is resolved.
  const double epsilon = std::numeric_limits<double>::epsilon();
  const auto spectrum = spectrum_of(diagonals({{1.0, 0.5, 4e-16}, {2.0, 1.0, 1e-12}}));
  EXPECT_DOUBLE_EQ(spectrum.floors[0].item<double>(), 3 * epsilon * 1.0);
  EXPECT_DOUBLE_EQ(spectrum.floors[1].item<double>(), 3 * epsilon * 2.0);
  const auto below = below_floor(spectrum);
  EXPECT_TRUE(torch::equal(below, torch::tensor({{false, false, true}, {false, false, false}})))
      << below;
  EXPECT_DOUBLE_EQ(spectrum_of(diagonals({{1.0}}).to(torch::kFloat32)).floors[0].item<double>(),
                   std::numeric_limits<float>::epsilon());
}

TEST(Jacobian, ASigmaBelowTheFloorCensorsTheFiguresItReaches) {
  const double floor = 3 * std::numeric_limits<double>::epsilon();
  const auto spectrum = spectrum_of(diagonals({{1.0, 0.5, 1e-20}, {1.0, 0.25, 1e-2}}));
  const auto s = summarize_spectrum(spectrum);
  EXPECT_EQ(s.below_floor, 1);
  // The smallest σ is known only to be at most the floor: reported at it, censored.
  EXPECT_DOUBLE_EQ(s.sigma_min.value, floor);
  EXPECT_TRUE(s.sigma_min.censored);
  // The median (0.375 of 0.25 and 0.5) lies above the bound: measured.
  EXPECT_DOUBLE_EQ(s.sigma_median.value, 0.375);
  EXPECT_FALSE(s.sigma_median.censored);
  // One of two points is censored at 1/(n·ε): the median of {1/(nε), 100} reaches it.
  EXPECT_DOUBLE_EQ(s.condition_median, 0.5 * (1.0 / floor + 100.0));
  EXPECT_TRUE(s.condition_median_is_lower_bound);
  // No ln|det J|, only its upper bound Σ ln(σ_i + f_m) averaged over the points.
  EXPECT_FALSE(s.mean_log_abs_det.has_value());
  ASSERT_TRUE(s.mean_log_abs_det_upper_bound.has_value());
  const double expected =
      0.5 * (std::log(1.0 + floor) + std::log(0.5 + floor) + std::log(1e-20 + floor) +
             std::log(1.0 + floor) + std::log(0.25 + floor) + std::log(1e-2 + floor));
  EXPECT_NEAR(*s.mean_log_abs_det_upper_bound, expected, 1e-12);
}

}  // namespace
}  // namespace symplex::diagnostics
