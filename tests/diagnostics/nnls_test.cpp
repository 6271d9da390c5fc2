#include "symplex/diagnostics/nnls.h"

#include <gtest/gtest.h>

#include <cmath>

namespace symplex::diagnostics {
namespace {

// An exact non-negative solution is found whatever the columns' scales (dt³ beside dt).
TEST(NonNegativeLeastSquares, RecoversAnExactPositiveSolution) {
  std::vector<std::vector<double>> rows;
  std::vector<double> b;
  for (const double dt : {0.002, 0.003, 0.006, 0.012, 0.016}) {
    rows.push_back({dt * dt * dt, dt * dt, dt});
    b.push_back(5.0 * dt * dt * dt + 0.3 * dt * dt + 1e-4 * dt);
  }
  const auto fit = non_negative_least_squares(rows, b);
  EXPECT_NEAR(fit.coefficients[0], 5.0, 5.0 * 1e-6);
  EXPECT_NEAR(fit.coefficients[1], 0.3, 0.3 * 1e-6);
  EXPECT_NEAR(fit.coefficients[2], 1e-4, 1e-4 * 1e-6);
  EXPECT_LT(fit.residual_sum_of_squares, 1e-20);
}

// y = 2 − x on x = 0…3: the unconstrained fit of y ≈ u·1 + v·x has v = −1. With u, v ≥ 0 the
// optimum is v = 0 and u = mean(y) = 0.5 (KKT: the gradient in v, Σ x (u − y), is positive there).
TEST(NonNegativeLeastSquares, ClampsANegativeCoefficientAndRefits) {
  const std::vector<std::vector<double>> rows = {{1, 0}, {1, 1}, {1, 2}, {1, 3}};
  const std::vector<double> b = {2, 1, 0, -1};
  const auto fit = non_negative_least_squares(rows, b);
  EXPECT_DOUBLE_EQ(fit.coefficients[1], 0.0);
  EXPECT_NEAR(fit.coefficients[0], 0.5, 1e-12);
  EXPECT_NEAR(fit.residual_sum_of_squares, 1.5 * 1.5 + 0.5 * 0.5 + 0.5 * 0.5 + 1.5 * 1.5, 1e-12);
}

// All targets negative: x = 0 is the optimum.
TEST(NonNegativeLeastSquares, ZeroWhenEveryTermWouldHurt) {
  const auto fit = non_negative_least_squares({{1.0}, {2.0}}, {-1.0, -3.0});
  EXPECT_DOUBLE_EQ(fit.coefficients[0], 0.0);
  EXPECT_DOUBLE_EQ(fit.residual_sum_of_squares, 10.0);
}

TEST(NonNegativeLeastSquares, RejectsRaggedOrMismatchedInput) {
  EXPECT_THROW(non_negative_least_squares({{1.0, 2.0}, {1.0}}, {1.0, 2.0}), std::invalid_argument);
  EXPECT_THROW(non_negative_least_squares({{1.0}}, {1.0, 2.0}), std::invalid_argument);
}

}  // namespace
}  // namespace symplex::diagnostics
