#include "symplex/ode/stability_closed_form.h"

#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <vector>

#include "symplex/ode/butcher_tableau.h"

namespace symplex::ode {
namespace {

const Method kOneStep[] = {Method::explicit_euler, Method::rk4,    Method::implicit_euler,
                           Method::trapezoid,      Method::sdirk2, Method::radau_iia2,
                           Method::radau_iia3};
const double kZ[] = {-0.01, -0.3, -1.7, -4.0, -12.0, -300.0, -2e4};

// R(z) = 1 + z bᵀ (I − zA)⁻¹ 1 (Hairer & Wanner II, §IV.3), by Gaussian elimination with partial
// pivoting: a route to R independent of the closed forms and of LibTorch.
double tableau_stability(const ButcherTableau& t, double z) {
  const int s = t.stages;
  std::vector<std::vector<double>> m(s, std::vector<double>(s + 1, 1.0));
  for (int i = 0; i < s; ++i) {
    for (int j = 0; j < s; ++j)
      m[i][j] = (i == j ? 1.0 : 0.0) - z * t.at(i, j);
  }
  for (int col = 0; col < s; ++col) {
    int pivot = col;
    for (int r = col + 1; r < s; ++r) {
      if (std::abs(m[r][col]) > std::abs(m[pivot][col])) pivot = r;
    }
    std::swap(m[col], m[pivot]);
    for (int r = 0; r < s; ++r) {
      if (r == col) continue;
      const double f = m[r][col] / m[col][col];
      for (int c = col; c <= s; ++c)
        m[r][c] -= f * m[col][c];
    }
  }
  double sum = 0.0;
  for (int i = 0; i < s; ++i)
    sum += t.b[static_cast<size_t>(i)] * m[i][s] / m[i][i];
  return 1.0 + z * sum;
}

TEST(ButcherTableau, IsConsistentAndOfItsOrder) {
  // Σb = 1, row sums = c, bᵀc = 1/2 (order 2), bᵀc² = 1/3 (order 3); the order of each method.
  const int orders[] = {1, 4, 1, 2, 2, 3, 5};
  for (size_t m = 0; m < std::size(kOneStep); ++m) {
    const auto t = tableau_of(kOneStep[m]);
    SCOPED_TRACE(io::name_of(kMethodNames, kOneStep[m]));
    double b_sum = 0.0, bc = 0.0, bc2 = 0.0;
    for (int i = 0; i < t.stages; ++i) {
      double row = 0.0;
      for (int j = 0; j < t.stages; ++j)
        row += t.at(i, j);
      EXPECT_NEAR(row, t.c[static_cast<size_t>(i)], 1e-15);
      b_sum += t.b[static_cast<size_t>(i)];
      bc += t.b[static_cast<size_t>(i)] * t.c[static_cast<size_t>(i)];
      bc2 +=
          t.b[static_cast<size_t>(i)] * t.c[static_cast<size_t>(i)] * t.c[static_cast<size_t>(i)];
    }
    EXPECT_NEAR(b_sum, 1.0, 1e-15);
    if (orders[m] >= 2) {
      EXPECT_NEAR(bc, 0.5, 1e-15);
    }
    if (orders[m] >= 3) {
      EXPECT_NEAR(bc2, 1.0 / 3.0, 1e-15);
    }
    EXPECT_EQ(t.explicit_stages(), !traits_of(kOneStep[m]).implicit);
  }
  EXPECT_TRUE(tableau_of(Method::radau_iia3).stiffly_accurate());
  EXPECT_TRUE(tableau_of(Method::trapezoid).stiffly_accurate());
  EXPECT_FALSE(tableau_of(Method::rk4).stiffly_accurate());
  EXPECT_THROW(tableau_of(Method::bdf2), std::invalid_argument);
}

TEST(ClosedFormStability, IsTheTableausStabilityFunction) {
  for (const auto method : kOneStep) {
    SCOPED_TRACE(io::name_of(kMethodNames, method));
    for (const double z : kZ) {
      const double r = tableau_stability(tableau_of(method), z);
      EXPECT_NEAR(closed_form_stability(method, z).r, r, 1e-12 * std::max(1.0, std::abs(r))) << z;
    }
  }
}

TEST(ClosedFormStability, DerivativeIsTheFiniteDifferenceOfR) {
  for (const auto method : kMethodNames) {
    SCOPED_TRACE(method.name);
    for (const double z : kZ) {
      const double step = 1e-5 * std::max(1.0, std::abs(z));
      const double difference = (closed_form_stability(method.value, z + step).r -
                                 closed_form_stability(method.value, z - step).r) /
                                (2.0 * step);
      const double dr = closed_form_stability(method.value, z).dr;
      EXPECT_NEAR(dr, difference, 1e-6 * std::abs(dr) + 1e-14) << z;
    }
  }
}

TEST(ClosedFormStability, Bdf2IsTheLargerRootOfItsRecurrence) {
  for (const double z : {-0.01, -0.3, -0.49, -0.51, -2.0, -1e3, -1e6}) {
    // (3 − 2z) ζ² − 4ζ + 1 = 0
    const std::complex<double> a = 3.0 - 2.0 * z,
                               root = std::sqrt(std::complex<double>(16.0) - 4.0 * a);
    const double larger =
        std::max(std::abs((4.0 + root) / (2.0 * a)), std::abs((4.0 - root) / (2.0 * a)));
    EXPECT_NEAR(closed_form_stability(Method::bdf2, z).r, larger, 1e-14) << z;
  }
}

TEST(ClosedFormStability, AStableMethodsAreBoundedAndLStableOnesVanishAtInfinity) {
  for (const auto method : kMethodNames) {
    SCOPED_TRACE(method.name);
    const auto traits = traits_of(method.value);
    bool bounded = true;
    for (double z = -1e-3; z > -1e9; z *= 1.3)
      bounded = bounded && std::abs(closed_form_stability(method.value, z).r) <= 1.0 + 1e-15;
    EXPECT_EQ(bounded, traits.a_stable);
    const double at_infinity = std::abs(closed_form_stability(method.value, -1e9).r);
    if (traits.l_stable) {
      EXPECT_LT(at_infinity, 1e-4);
    } else if (traits.a_stable) {
      EXPECT_NEAR(at_infinity, 1.0, 1e-8);  // the trapezoid: R(∞) = −1
    }
  }
}

TEST(ClosedFormTrajectory, SensitivityIsTheDerivativeOfTheTrajectory) {
  for (const auto method : kMethodNames) {
    SCOPED_TRACE(method.name);
    for (const double lambda : {-0.5, -7.0, -300.0}) {
      const double h = 0.1, step = 1e-6 * std::abs(lambda);
      const auto t = closed_form_trajectory(method.value, lambda, h, 12, 1.3);
      const auto up = closed_form_trajectory(method.value, lambda + step, h, 12, 1.3);
      const auto down = closed_form_trajectory(method.value, lambda - step, h, 12, 1.3);
      ASSERT_EQ(t.y.size(), 13u);
      for (size_t k = 1; k < t.y.size(); ++k) {
        const double difference = (up.y[k] - down.y[k]) / (2.0 * step);
        EXPECT_NEAR(t.dy_dlambda[k], difference, 1e-5 * std::abs(difference) + 1e-15)
            << lambda << " k " << k;
      }
      if (method.value != Method::bdf2) {
        EXPECT_NEAR(t.y[12], std::pow(closed_form_stability(method.value, h * lambda).r, 12) * 1.3,
                    1e-12 * std::abs(t.y[12]) + 1e-300);
      }
    }
  }
  // BDF2 from its implicit Euler start: y₂ = (4 y₁ − y₀) / (3 − 2z).
  const auto bdf2 = closed_form_trajectory(Method::bdf2, -2.0, 0.5, 2, 1.0);
  EXPECT_DOUBLE_EQ(bdf2.y[1], 0.5);
  EXPECT_DOUBLE_EQ(bdf2.y[2], (4.0 * 0.5 - 1.0) / 5.0);
  // The exact flow: t e^{λt}.
  const auto exact = exact_flow_trajectory(-2.0, 0.5, 2, 1.0);
  EXPECT_DOUBLE_EQ(exact.dy_dlambda[2], std::exp(-2.0));
}

}  // namespace
}  // namespace symplex::ode
