#include "symplex/ode/stepper.h"

#include <gtest/gtest.h>

#include <cmath>

#include "symplex/ode/stability_closed_form.h"
#include "symplex/ode/van_der_pol.h"

namespace symplex::ode {
namespace {

const auto kFloat64 = torch::TensorOptions().dtype(torch::kFloat64);

// A linear field that does not say so: its stages go through Newton and the implicit function
// theorem's gradient instead of the direct solve.
class UndeclaredLinearField : public VectorField {
 public:
  explicit UndeclaredLinearField(torch::Tensor matrix) : linear_(std::move(matrix)) {}
  torch::Tensor operator()(const torch::Tensor& y) const override { return linear_(y); }

 private:
  LinearField linear_;
};

// y' = −θ y³ − y: nonlinear, with a parameter to differentiate.
class CubicDecay : public VectorField {
 public:
  explicit CubicDecay(torch::Tensor theta) : theta_(std::move(theta)) {}
  torch::Tensor operator()(const torch::Tensor& y) const override { return -theta_ * y.pow(3) - y; }

 private:
  torch::Tensor theta_;
};

TEST(OdeStepper, OneStepOnTheTestEquationIsTheClosedFormStabilityFunction) {
  const auto z = torch::tensor({-0.01, -0.7, -3.0, -40.0, -1e5}, kFloat64);
  const LinearField field(z.view({5, 1, 1}));
  for (const auto method : kMethodNames) {
    if (method.value == Method::bdf2) continue;
    NewtonReport report;
    const auto r = runge_kutta_step(field, tableau_of(method.value), torch::ones({5, 1}, kFloat64),
                                    1.0, {}, report);
    for (int64_t i = 0; i < 5; ++i) {
      const double expected = closed_form_stability(method.value, z[i].item<double>()).r;
      EXPECT_NEAR(r[i][0].item<double>(), expected, 1e-13 * std::max(1.0, std::abs(expected)))
          << method.name << " z " << z[i].item<double>();
    }
  }
}

// The global error at t = 1 on Van der Pol with μ = 1 from y₀ = (2, 0), against Radau IIA(3)
// with h = 1/512, falls as hᵖ: each method's order p (BDF2 started by one implicit Euler step,
// whose local error is O(h²), keeps order 2).
TEST(OdeStepper, EveryMethodConvergesAtItsOrderOnANonlinearProblem) {
  const VanDerPol field(1.0);
  const auto y0 = torch::tensor({{2.0, 0.0}}, kFloat64);
  const NewtonOptions newton{1e-14, 50};
  NewtonReport report;
  const auto reference = solve(field, Method::radau_iia3, y0, 1.0 / 512, 512, newton, report)[512];
  const std::pair<Method, double> orders[] = {{Method::explicit_euler, 1}, {Method::rk4, 4},
                                              {Method::implicit_euler, 1}, {Method::trapezoid, 2},
                                              {Method::sdirk2, 2},         {Method::radau_iia2, 3},
                                              {Method::radau_iia3, 5},     {Method::bdf2, 2}};
  for (const auto& [method, order] : orders) {
    const auto error = [&](int64_t steps) {
      return (solve(field, method, y0, 1.0 / static_cast<double>(steps), steps, newton,
                    report)[steps] -
              reference)
          .abs()
          .max()
          .item<double>();
    };
    const double observed = std::log2(error(16) / error(32));
    EXPECT_NEAR(observed, order, 0.35) << io::name_of(kMethodNames, method);
  }
  EXPECT_TRUE(report.converged);
  EXPECT_GT(report.max_iterations, 1);
}

// Newton plus one correction with the Jacobian held fixed gives the implicit function theorem's
// gradient: on a linear field, the direct solve's, to round-off.
TEST(OdeStepper, NewtonsGradientIsTheDirectSolvesOnALinearField) {
  for (const auto method : kMethodNames) {
    if (!traits_of(method.value).implicit) continue;
    const auto lambda = torch::tensor({-0.3, -20.0, -4e3}, kFloat64).requires_grad_(true);
    const auto y0 = torch::ones({3, 1}, kFloat64);
    NewtonReport report;
    const auto direct =
        solve(LinearField(lambda.view({3, 1, 1})), method.value, y0, 0.1, 6, {}, report)[6];
    const auto direct_gradient = torch::autograd::grad({direct.sum()}, {lambda})[0];
    const auto newton = solve(UndeclaredLinearField(lambda.view({3, 1, 1})), method.value, y0, 0.1,
                              6, {1e-14, 50}, report)[6];
    const auto newton_gradient = torch::autograd::grad({newton.sum()}, {lambda})[0];
    EXPECT_TRUE(torch::allclose(newton, direct, 1e-13, 0.0)) << method.name;
    EXPECT_TRUE(torch::allclose(newton_gradient, direct_gradient, 1e-11, 0.0))
        << method.name << "\n"
        << newton_gradient << direct_gradient;
  }
}

// On a nonlinear field, dy_N/dθ by autograd through Newton against central differences.
TEST(OdeStepper, GradientsThroughNewtonMatchFiniteDifferences) {
  for (const auto method : kMethodNames) {
    if (!traits_of(method.value).implicit) continue;
    const auto y0 = torch::tensor({{1.5}, {-0.7}}, kFloat64);
    const auto final_state = [&](const torch::Tensor& theta) {
      NewtonReport report;
      return solve(CubicDecay(theta), method.value, y0, 0.2, 8, {1e-14, 50}, report)[8].sum();
    };
    const auto theta = torch::tensor(30.0, kFloat64).requires_grad_(true);
    const double gradient = torch::autograd::grad({final_state(theta)}, {theta})[0].item<double>();
    const double step = 1e-5;
    torch::NoGradGuard no_grad;
    const double difference = (final_state(torch::tensor(30.0 + step, kFloat64)).item<double>() -
                               final_state(torch::tensor(30.0 - step, kFloat64)).item<double>()) /
                              (2.0 * step);
    EXPECT_NEAR(gradient, difference, 1e-7 * std::abs(difference)) << method.name;
  }
}

TEST(OdeStepper, NewtonSaysWhenItStopsShortOfItsTolerance) {
  NewtonReport report;
  solve(CubicDecay(torch::tensor(30.0, kFloat64)), Method::radau_iia3,
        torch::tensor({{1.5}}, kFloat64), 0.2, 3, {1e-14, 1}, report);
  EXPECT_FALSE(report.converged);
  EXPECT_EQ(report.max_iterations, 1);
}

TEST(VanDerPol, JacobianIsAutogradsAndItsSpectralRadiusIsTheFastRate) {
  const VanDerPol field(1e3);
  const auto y = torch::tensor({{2.0, -6.7e-4}, {-1.2, 0.3}, {0.1, 2.0}}, kFloat64);
  EXPECT_TRUE(torch::allclose(field.jacobian(y), field.VectorField::jacobian(y), 1e-14, 1e-12));
  // On the slow branch at y1 = 2 the fast eigenvalue is ≈ μ(1 − y1²) = −3000.
  EXPECT_NEAR(spectral_radius(field.jacobian(y))[0].item<double>(), 3000.0, 1.0);
  const auto rotation = torch::tensor({{{0.0, -2.0}, {2.0, 0.0}}}, kFloat64);
  EXPECT_NEAR(spectral_radius(rotation)[0].item<double>(), 2.0, 1e-14);
}

}  // namespace
}  // namespace symplex::ode
