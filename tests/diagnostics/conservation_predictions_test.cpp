// The predictions of diagnostics/conservation_predictions.h against the updates they describe,
// simulated here on vectors whose gradients obey the symmetry's constraint, and against the
// closed-form solutions of the flows.
#include "symplex/diagnostics/conservation_predictions.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

namespace {

using symplex::diagnostics::ConservationPredictions;
using symplex::diagnostics::StepForcing;
using symplex::diagnostics::Symmetry;
using symplex::diagnostics::UpdateConstants;
using symplex::diagnostics::UpdateRule;
using Vector = std::vector<double>;

double dot(const Vector& a, const Vector& b) {
  double s = 0.0;
  for (size_t i = 0; i < a.size(); ++i)
    s += a[i] * b[i];
  return s;
}

double sum(const Vector& a) {
  return dot(a, Vector(a.size(), 1.0));
}

// A random gradient with the constraint of the symmetry at θ: ⟨g, 1⟩ = 0 (translation) or
// ⟨g, θ⟩ = 0 (scale).
Vector constrained_gradient(const Vector& theta, Symmetry symmetry, std::mt19937& random) {
  std::normal_distribution<double> normal(0.0, 1.0);
  Vector g(theta.size());
  for (auto& x : g)
    x = normal(random);
  const Vector direction = symmetry == Symmetry::translation ? Vector(theta.size(), 1.0) : theta;
  const double along = dot(g, direction) / dot(direction, direction);
  for (size_t i = 0; i < g.size(); ++i)
    g[i] -= along * direction[i];
  return g;
}

// The quantity of one unit: ⟨θ, 1⟩ or ‖θ‖².
double quantity(const Vector& theta, Symmetry symmetry) {
  return symmetry == Symmetry::translation ? sum(theta) : dot(theta, theta);
}

// LibTorch's SGD (β = 0) or heavy ball on one unit for `steps` steps; returns the largest
// |recursion − measured| / magnitude along the way.
double recursion_gap(Symmetry symmetry, const UpdateConstants& c, int steps) {
  std::mt19937 random(7);
  Vector theta = {0.8, -0.3, 1.1, 0.4, -0.9};
  Vector buffer(theta.size(), 0.0);
  ConservationPredictions predictions(symmetry, c, {quantity(theta, symmetry)});
  double gap = 0.0;
  for (int k = 0; k < steps; ++k) {
    const Vector g = constrained_gradient(theta, symmetry, random);
    StepForcing forcing{{dot(g, g)}, {}};
    if (c.rule == UpdateRule::momentum) {
      for (size_t i = 0; i < theta.size(); ++i) {
        const double fresh = g[i] + c.weight_decay * theta[i];
        buffer[i] = k == 0 ? fresh : c.momentum * buffer[i] + (1.0 - c.dampening) * fresh;
      }
      for (size_t i = 0; i < theta.size(); ++i)
        theta[i] -= c.lr * buffer[i];
      forcing.buffer_square = {dot(buffer, buffer)};
    } else {
      for (size_t i = 0; i < theta.size(); ++i)
        theta[i] -= c.lr * (g[i] + c.weight_decay * theta[i]);
    }
    predictions.advance(forcing);
    const double magnitude = symmetry == Symmetry::translation ? 5.0 : dot(theta, theta);
    gap = std::max(gap,
                   std::fabs(predictions.recursion()[0] - quantity(theta, symmetry)) / magnitude);
  }
  return gap;
}

UpdateConstants sgd(double lr, double weight_decay) {
  UpdateConstants c;
  c.rule = UpdateRule::sgd;
  c.lr = lr;
  c.weight_decay = weight_decay;
  return c;
}

UpdateConstants momentum(double lr, double weight_decay, double beta, double dampening) {
  UpdateConstants c = sgd(lr, weight_decay);
  c.rule = UpdateRule::momentum;
  c.momentum = beta;
  c.dampening = dampening;
  return c;
}

TEST(ConservationRecursion, SgdIsExactToRoundOffForTranslationAndScale) {
  for (const auto symmetry : {Symmetry::translation, Symmetry::scale}) {
    EXPECT_LT(recursion_gap(symmetry, sgd(0.1, 0.05), 200), 1e-13);
  }
}

TEST(ConservationRecursion, MomentumWithDampeningIsExactToRoundOff) {
  for (const auto symmetry : {Symmetry::translation, Symmetry::scale}) {
    SCOPED_TRACE(static_cast<int>(symmetry));
    EXPECT_LT(recursion_gap(symmetry, momentum(0.05, 0.05, 0.9, 0.0), 300), 1e-12);
    EXPECT_LT(recursion_gap(symmetry, momentum(0.05, 0.05, 0.8, 0.3), 300), 1e-12);
  }
}

// The weight decay matters: without it in the prediction the gap is far above round-off, so the
// exact tests above measure something.
TEST(ConservationRecursion, AWrongDecayIsSeen) {
  std::mt19937 random(3);
  Vector theta = {0.8, -0.3, 1.1, 0.4, -0.9};
  ConservationPredictions wrong(Symmetry::scale, sgd(0.1, 0.0), {dot(theta, theta)});
  for (int k = 0; k < 50; ++k) {
    const Vector g = constrained_gradient(theta, Symmetry::scale, random);
    for (size_t i = 0; i < theta.size(); ++i)
      theta[i] -= 0.1 * (g[i] + 0.05 * theta[i]);
    wrong.advance({{dot(g, g)}, {}});
  }
  EXPECT_GT(std::fabs(wrong.recursion()[0] - dot(theta, theta)) / dot(theta, theta), 0.1);
}

// (F1) with a constant forcing F: q(t) = e^{−2λt} q₀ + η F (1 − e^{−2λt}) / (2λ).
TEST(ConservationModifiedFlow, SgdMatchesTheClosedFormForConstantForcing) {
  const double eta = 0.05, lambda = 0.3, q0 = 2.0, f = 1.7;
  ConservationPredictions predictions(Symmetry::scale, sgd(eta, lambda), {q0});
  for (int k = 0; k < 400; ++k)
    predictions.advance({{f}, {}});
  const double t = eta * 400;
  const double exact =
      std::exp(-2 * lambda * t) * q0 + eta * f * (1 - std::exp(-2 * lambda * t)) / (2 * lambda);
  EXPECT_NEAR(predictions.modified_flow()[0], exact, 1e-12 * exact);
  EXPECT_NEAR(predictions.gradient_flow()[0], std::exp(-2 * lambda * t) * q0, 1e-12);
}

// (M) for a translation: ẍ + 2γẋ + ω²x = 0 from rest is
// x(t) = x₀ e^{−γt} (cos Ωt + (γ/Ω) sin Ωt), Ω² = ω² − γ² (underdamped).
TEST(ConservationModifiedFlow, MomentumTranslationIsTheDampedOscillator) {
  const auto c = momentum(0.1, 2.0, 0.9, 0.2);
  const double h = c.lr * (1 - c.dampening);
  const double gamma = (1 - c.momentum) / (h * (1 + c.momentum));
  const double omega2 = 2 * c.weight_decay / (h * (1 + c.momentum));
  ASSERT_GT(omega2, gamma * gamma);
  const double big_omega = std::sqrt(omega2 - gamma * gamma);
  ConservationPredictions predictions(Symmetry::translation, c, {1.5});
  for (int k = 1; k <= 300; ++k) {
    predictions.advance({});
    const double t = h * k;
    const double exact = 1.5 * std::exp(-gamma * t) *
                         (std::cos(big_omega * t) + gamma / big_omega * std::sin(big_omega * t));
    ASSERT_NEAR(predictions.modified_flow()[0], exact, 1e-12) << "step " << k;
  }
}

// (M) against a simulated heavy ball with dampening on a scale-invariant unit: the modified flow
// follows the steps far better than gradient flow, which misses the forcing by the buffer.
TEST(ConservationModifiedFlow, MomentumFollowsAHeavyBallWithDampening) {
  const auto c = momentum(0.05, 0.2, 0.9, 0.3);
  std::mt19937 random(11);
  Vector theta = {0.8, -0.3, 1.1, 0.4, -0.9};
  Vector buffer(theta.size(), 0.0);
  ConservationPredictions predictions(Symmetry::scale, c, {dot(theta, theta)});
  for (int k = 0; k < 400; ++k) {
    Vector g = constrained_gradient(theta, Symmetry::scale, random);
    for (auto& x : g)
      x *= 0.2;
    for (size_t i = 0; i < theta.size(); ++i) {
      const double fresh = g[i] + c.weight_decay * theta[i];
      buffer[i] = k == 0 ? fresh : c.momentum * buffer[i] + (1.0 - c.dampening) * fresh;
    }
    for (size_t i = 0; i < theta.size(); ++i)
      theta[i] -= c.lr * buffer[i];
    predictions.advance({{}, {dot(buffer, buffer)}});
  }
  const double q = dot(theta, theta);
  const double modified = std::fabs(predictions.modified_flow()[0] - q) / q;
  const double gradient = std::fabs(predictions.gradient_flow()[0] - q) / q;
  EXPECT_LT(modified, 0.02 * gradient) << modified << " vs " << gradient;
}

TEST(ConservationErrors, AreRelativeToTheTermsAndNaNWithoutThem) {
  const auto errors = symplex::diagnostics::relative_errors({1.5, 2.0}, {1.0, 2.0}, {4.0, 0.0});
  EXPECT_DOUBLE_EQ(errors[0], 0.125);
  EXPECT_TRUE(std::isnan(errors[1]));
  EXPECT_THROW(symplex::diagnostics::relative_errors({1.0}, {1.0, 2.0}, {1.0, 1.0}),
               std::invalid_argument);
}

// (M) for a square with constant forcing settles at x = f / ω².
TEST(ConservationModifiedFlow, MomentumScaleSettlesWhereTheForcingBalancesTheDecay) {
  const auto c = momentum(0.1, 0.5, 0.9, 0.0);
  const double h = c.lr;
  const double omega2 = 4 * c.weight_decay / (h * (1 + c.momentum));
  const double b2 = 0.3;  // Σ‖b‖², the forcing 2 b2 / (1 − d)²
  ConservationPredictions predictions(Symmetry::scale, c, {5.0});
  for (int k = 0; k < 20000; ++k)
    predictions.advance({{}, {b2}});
  EXPECT_NEAR(predictions.modified_flow()[0], 2 * b2 / omega2, 1e-9);
}

// (L): the charge decays by e^{−γ dt} per step and the sum moves by the geometric series of it.
TEST(ConservationLeapfrog, ChargeAndSumFollowTheirClosedForms) {
  UpdateConstants c;
  c.rule = UpdateRule::leapfrog;
  c.lr = 0.01;
  c.gamma = 3.0;
  c.inverse_mass = 0.25;
  ConservationPredictions predictions(Symmetry::translation, c, {0.7}, {-2.0});
  const int steps = 500;
  for (int k = 0; k < steps; ++k)
    predictions.advance({});
  const double q = std::exp(-c.gamma * c.lr);
  EXPECT_NEAR(predictions.charge()[0], -2.0 * std::pow(q, steps), 1e-14);
  const double moved = c.lr * c.inverse_mass * std::exp(-c.gamma * c.lr / 2) * -2.0 *
                       (1 - std::pow(q, steps)) / (1 - q);
  EXPECT_NEAR(predictions.recursion()[0], 0.7 + moved, 1e-13);
  EXPECT_TRUE(std::isnan(predictions.modified_flow()[0]));
  EXPECT_EQ(predictions.gradient_flow()[0], 0.7);
}

TEST(ConservationPredictions, AdamwHasOnlyGradientFlow) {
  UpdateConstants c = sgd(1e-3, 0.1);
  c.rule = UpdateRule::adamw;
  ConservationPredictions predictions(Symmetry::scale, c, {4.0});
  for (int k = 0; k < 1000; ++k)
    predictions.advance({{1.0}, {}});
  EXPECT_TRUE(std::isnan(predictions.recursion()[0]));
  EXPECT_TRUE(std::isnan(predictions.modified_flow()[0]));
  EXPECT_NEAR(predictions.gradient_flow()[0], 4.0 * std::exp(-2 * 0.1 * 1e-3 * 1000), 1e-14);
}

TEST(ConservationPredictions, StateRoundTripsAndAChargeGoesWithTheLeapfrogOnly) {
  const auto c = momentum(0.05, 0.1, 0.9, 0.0);
  ConservationPredictions a(Symmetry::scale, c, {1.0, 2.0});
  for (int k = 0; k < 10; ++k)
    a.advance({{}, {0.1, 0.2}});
  ConservationPredictions b(Symmetry::scale, c, {9.0, 9.0});
  b.restore(a.state());
  a.advance({{}, {0.3, 0.1}});
  b.advance({{}, {0.3, 0.1}});
  const auto sa = a.state(), sb = b.state();
  ASSERT_EQ(sa.size(), sb.size());
  for (size_t i = 0; i < sa.size(); ++i) {
    if (!(std::isnan(sa[i]) && std::isnan(sb[i]))) {
      EXPECT_EQ(sa[i], sb[i]) << i;
    }
  }
  EXPECT_EQ(a.gradient_flow(), b.gradient_flow());
  EXPECT_THROW(ConservationPredictions(Symmetry::translation, c, {1.0}, {1.0}),
               std::invalid_argument);
}

}  // namespace
