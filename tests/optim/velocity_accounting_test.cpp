#include "symplex/optim/velocity_accounting.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>
#include <functional>

namespace symplex::optim {
namespace {

// L(θ) = ½ θᵀ A θ, A = diag(1, 4), from θ = (1, -2).
struct Quadratic {
  torch::Tensor theta = torch::tensor({1.0, -2.0}, torch::kFloat64).requires_grad_(true);
  torch::Tensor a = torch::tensor({1.0, 4.0}, torch::kFloat64);

  torch::Tensor loss() { return 0.5 * (a * theta * theta).sum(); }
  torch::optim::Optimizer::LossClosure closure() {
    return [this] {
      if (theta.grad().defined()) theta.grad().zero_();
      auto value = loss();
      value.backward();
      return value;
    };
  }
};

// An optimizer's update Δθ of one coordinate from its θ_t and ∇L(θ_t), written out here by hand
// (it may keep per-coordinate state, hence the index) as a model independent of LibTorch's code.
using CoordinateUpdate = std::function<double(size_t coordinate, double theta, double gradient)>;

// Steps `accounting` on `q`, copying θ before and after each step. Δθ of the copies must be the
// model's, K_{t+1} must be ½‖Δθ/lr‖² and K per step ½‖Δθ‖² for the model's Δθ, and K_t the
// previous step's K_{t+1}.
void expect_kinetic_energies_of_the_update(VelocityAccounting& accounting, Quadratic& q, double lr,
                                           int steps, const CoordinateUpdate& update) {
  double previous_kinetic = 0.0;
  double previous_kinetic_per_step = 0.0;
  for (int step = 1; step <= steps; ++step) {
    SCOPED_TRACE("step " + std::to_string(step));
    const auto before = q.theta.detach().clone();
    double kinetic = 0.0;
    double kinetic_per_step = 0.0;
    std::vector<double> expected_step;
    for (size_t i = 0; i < 2; ++i) {
      const double theta = before[i].item<double>();
      expected_step.push_back(update(i, theta, q.a[i].item<double>() * theta));
      kinetic += 0.5 * std::pow(expected_step[i] / lr, 2);
      kinetic_per_step += 0.5 * std::pow(expected_step[i], 2);
    }
    const auto report = accounting.step(q.closure(), [&] { return q.loss(); }, {});
    const auto moved = q.theta.detach() - before;
    for (size_t i = 0; i < 2; ++i) {
      EXPECT_NEAR(moved[i].item<double>(), expected_step[i], 1e-12 * std::fabs(expected_step[i]))
          << "coordinate " << i;
    }
    EXPECT_NEAR(report.kinetic_after, kinetic, 1e-10 * kinetic);
    EXPECT_NEAR(report.kinetic_after_per_step, kinetic_per_step, 1e-10 * kinetic_per_step);
    EXPECT_EQ(report.kinetic_uncapped, report.kinetic_after);
    EXPECT_EQ(report.kinetic_before, previous_kinetic);
    EXPECT_EQ(report.kinetic_before_per_step, previous_kinetic_per_step);
    previous_kinetic = report.kinetic_after;
    previous_kinetic_per_step = report.kinetic_after_per_step;
  }
}

TEST(VelocityAccounting, PlainSgdVelocityIsMinusTheGradient) {
  Quadratic q;
  const double lr = 0.1;
  VelocityAccounting sgd(std::make_unique<torch::optim::SGD>(std::vector<torch::Tensor>{q.theta},
                                                             torch::optim::SGDOptions(lr)),
                         lr);
  const auto first = sgd.step(q.closure(), [&] { return q.loss(); }, {});
  // ∇L(θ0) = (1, -8): v = -(1, -8), K = ½ (1 + 64); θ1 = (0.9, -1.2), L(θ1) = ½ (0.81 + 5.76).
  EXPECT_DOUBLE_EQ(first.loss_before, 0.5 * (1.0 + 16.0));
  EXPECT_DOUBLE_EQ(first.kinetic_before, 0.0);
  EXPECT_NEAR(first.kinetic_after, 32.5, 1e-12);
  EXPECT_NEAR(first.kinetic_after_per_step, lr * lr * 32.5, 1e-14);
  EXPECT_NEAR(first.loss_after, 0.5 * (0.81 + 4 * 1.44), 1e-12);
  const auto second = sgd.step(q.closure(), [&] { return q.loss(); }, {});
  EXPECT_DOUBLE_EQ(second.kinetic_before, first.kinetic_after);
  EXPECT_DOUBLE_EQ(second.loss_before, first.loss_after);
}

// SGD with momentum μ: buf ← μ·buf + g (buf = g at the first step) and θ ← θ − lr·buf, so the
// velocity is v = −buf, not −g: K = ½‖buf‖², K per step = ½ lr²‖buf‖².
TEST(VelocityAccounting, SgdWithMomentumVelocityIsMinusTheMomentumBuffer) {
  Quadratic q;
  const double lr = 0.05;
  const double mu = 0.9;
  VelocityAccounting sgd(
      std::make_unique<torch::optim::SGD>(std::vector<torch::Tensor>{q.theta},
                                          torch::optim::SGDOptions(lr).momentum(mu)),
      lr);
  std::vector<double> buffer(2, 0.0);  // from 0, μ·buf + g is g at the first step
  expect_kinetic_energies_of_the_update(sgd, q, lr, 6,
                                        [&](size_t i, double /*theta*/, double gradient) {
                                          buffer[i] = mu * buffer[i] + gradient;
                                          return -lr * buffer[i];
                                        });
}

// AdamW past its first step, where the bias corrections and the decoupled weight decay shape
// the update: θ ← θ(1 − lr·λ) − (lr/c₁)·m / (√v/√c₂ + ε), c_k = 1 − β_k^t.
TEST(VelocityAccounting, AdamWVelocityFollowsItsUpdateOverSeveralSteps) {
  Quadratic q;
  const double lr = 0.02;
  const double decay = 0.1;
  const double beta1 = 0.9;
  const double beta2 = 0.999;
  const double eps = 1e-8;
  VelocityAccounting adamw(
      std::make_unique<torch::optim::AdamW>(
          std::vector<torch::Tensor>{q.theta},
          torch::optim::AdamWOptions(lr).betas({beta1, beta2}).eps(eps).weight_decay(decay)),
      lr);
  std::vector<double> m(2, 0.0);
  std::vector<double> v(2, 0.0);
  std::vector<int> t(2, 0);
  expect_kinetic_energies_of_the_update(
      adamw, q, lr, 8, [&](size_t i, double theta, double gradient) {
        ++t[i];
        m[i] = beta1 * m[i] + (1 - beta1) * gradient;
        v[i] = beta2 * v[i] + (1 - beta2) * gradient * gradient;
        const double c1 = 1 - std::pow(beta1, t[i]);
        const double c2 = 1 - std::pow(beta2, t[i]);
        return -lr * decay * theta - lr / c1 * m[i] / (std::sqrt(v[i]) / std::sqrt(c2) + eps);
      });
}

TEST(VelocityAccounting, AdamFirstStepMovesEveryCoordinateByAboutLr) {
  Quadratic q;
  const double lr = 1e-3;
  VelocityAccounting adamw(
      std::make_unique<torch::optim::AdamW>(std::vector<torch::Tensor>{q.theta},
                                            torch::optim::AdamWOptions(lr).weight_decay(0.0)),
      lr);
  const auto step = adamw.step(q.closure(), [&] { return q.loss(); }, {});
  // Adam's first update is -lr·g/(|g| + eps): |v| ≈ 1 per coordinate, K ≈ ½ · 2.
  EXPECT_NEAR(step.kinetic_after, 1.0, 1e-6);
  EXPECT_LT(step.loss_after, step.loss_before);
}

}  // namespace
}  // namespace symplex::optim
