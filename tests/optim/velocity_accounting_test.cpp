#include "symplex/optim/velocity_accounting.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

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
  EXPECT_NEAR(first.loss_after, 0.5 * (0.81 + 4 * 1.44), 1e-12);
  const auto second = sgd.step(q.closure(), [&] { return q.loss(); }, {});
  EXPECT_DOUBLE_EQ(second.kinetic_before, first.kinetic_after);
  EXPECT_DOUBLE_EQ(second.loss_before, first.loss_after);
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
