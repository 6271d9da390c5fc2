#include "symplex/diagnostics/ols.h"

#include <gtest/gtest.h>

#include <cmath>

namespace symplex::diagnostics {
namespace {

TEST(StudentT, QuantilesMatchReferenceValues) {
  // scipy.stats.t.ppf(0.975, dof), SciPy 1.10.
  const std::pair<double, double> reference[] = {
      {1, 12.706204736432095},  {2, 4.302652729911275},   {3, 3.182446305284263},
      {10, 2.2281388519649385}, {30, 2.0422724563012373}, {100, 1.9839715184496334}};
  for (const auto& [dof, quantile] : reference) {
    EXPECT_NEAR(student_t_quantile(0.975, dof), quantile, 1e-9 * quantile) << dof;
    EXPECT_NEAR(student_t_quantile(0.025, dof), -quantile, 1e-9 * quantile) << dof;
  }
  EXPECT_NEAR(student_t_quantile(0.5, 4), 0.0, 1e-12);
}

TEST(LineFit, SlopeAndIntervalMatchHandComputedValues) {
  // Reference values computed from the textbook formulas with NumPy: slope = Sxy/Sxx,
  // SE = sqrt(SSR/(n-2)/Sxx), CI = slope ± t(0.975, 3)·SE.
  const auto fit = fit_line({1, 2, 3, 4, 5}, {2.1, 3.9, 6.2, 7.8, 10.1});
  EXPECT_NEAR(fit.slope, 1.99, 1e-12);
  EXPECT_NEAR(fit.intercept, 0.05, 1e-12);
  EXPECT_NEAR(fit.slope_standard_error, 0.059721576223896594, 1e-12);
  EXPECT_NEAR(fit.slope_ci_low, 1.7999392904005076, 1e-9);
  EXPECT_NEAR(fit.slope_ci_high, 2.180060709599492, 1e-9);
  EXPECT_EQ(fit.points, 5u);
}

TEST(LineFit, RecoversAKnownSlopeUnderNoise) {
  // log10 drift = -0.5·log10 dt + 1 with a fixed ±0.01 zig-zag: the slope is -0.5 up to the
  // zig-zag, and the interval must contain it.
  std::vector<double> x;
  std::vector<double> y;
  for (int i = 0; i < 8; ++i) {
    x.push_back(-3.0 + 0.2 * i);
    y.push_back(-0.5 * x.back() + 1.0 + (i % 2 ? 0.01 : -0.01));
  }
  const auto fit = fit_line(x, y);
  EXPECT_NEAR(fit.slope, -0.5, 0.02);
  EXPECT_LT(fit.slope_ci_low, -0.5);
  EXPECT_GT(fit.slope_ci_high, -0.5);
}

TEST(LineFit, TwoPointsHaveNoInterval) {
  const auto fit = fit_line({0, 1}, {1, 3});
  EXPECT_DOUBLE_EQ(fit.slope, 2.0);
  EXPECT_TRUE(std::isnan(fit.slope_ci_low));
  EXPECT_THROW(fit_line({1, 1}, {2, 3}), std::invalid_argument);
  EXPECT_THROW(fit_line({1}, {2}), std::invalid_argument);
}

TEST(MeanInterval, UsesStudentTWithNMinusOneDof) {
  const auto m = mean_with_interval({1, 2, 3, 4});
  EXPECT_DOUBLE_EQ(m.mean, 2.5);
  // sample sd = sqrt(5/3), SE = sd/2, t(0.975, 3) = 3.182446305284263
  EXPECT_NEAR(m.half_width, 3.182446305284263 * std::sqrt(5.0 / 3.0) / 2.0, 1e-9);
  EXPECT_TRUE(std::isnan(mean_with_interval({7}).half_width));
}

}  // namespace
}  // namespace symplex::diagnostics
