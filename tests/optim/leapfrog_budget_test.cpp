#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>

#include "symplex/optim/leapfrog.h"

namespace symplex::optim {
namespace {

// L(W) = ½ ‖W‖² on a 3×4 weight: fan-in 4, so M⁻¹ = ½ (eq. 5) and K = ¼ ‖p‖².
struct Bowl {
  torch::Tensor weight =
      torch::linspace(-1.0, 1.2, 12, torch::kFloat64).reshape({3, 4}).requires_grad_(true);
  torch::optim::Optimizer::LossClosure closure() {
    return [this] {
      if (weight.grad().defined()) weight.grad().zero_();
      auto loss = 0.5 * weight.pow(2).sum();
      loss.backward();
      return loss;
    };
  }
};

double kinetic(const torch::Tensor& p) {
  return 0.25 * p.pow(2).sum().item<double>();
}
double loss(const torch::Tensor& w) {
  return 0.5 * w.pow(2).sum().item<double>();
}

// Step 2 (p ≠ 0) against the step computed by hand from eqs. (2)–(4): the damping part is the
// change of K across each factor e^{−γdt/2}, from p before and after it, and the integrator part
// is the rest of ΔH.
TEST(LeapfrogBudget, DampingPartIsTheKineticChangeAcrossBothFactors) {
  const double dt = 0.05, gamma = 2.0;
  Bowl bowl;
  Leapfrog leapfrog({bowl.weight}, LeapfrogOptions(dt).gamma(gamma));
  leapfrog.step_with_energy(bowl.closure());
  const torch::Tensor theta0 = bowl.weight.detach().clone();
  const torch::Tensor p0 = leapfrog.momentum(bowl.weight).clone();
  ASSERT_GT(kinetic(p0), 1e-4);

  const double d = std::exp(-gamma * dt / 2.0);
  const double damping_first = kinetic(d * p0) - kinetic(p0);
  const torch::Tensor p_half = d * p0 - dt / 2.0 * theta0;
  const torch::Tensor theta1 = theta0 + dt * 0.5 * p_half;
  const double damping_second = kinetic(d * p_half) - kinetic(p_half);
  const torch::Tensor p1 = d * p_half - dt / 2.0 * theta1;
  const double energy_change = loss(theta1) + kinetic(p1) - loss(theta0) - kinetic(p0);

  const auto step = leapfrog.step_with_energy(bowl.closure());
  EXPECT_NEAR(step.energy_change(), energy_change, 1e-14);
  EXPECT_NEAR(step.damping_change, damping_first + damping_second, 1e-14);
  // Each factor removes (1 − e^{−γdt}) of K: the budget is not the integrator's.
  EXPECT_NEAR(step.damping_change, (d * d - 1.0) * (kinetic(p0) + kinetic(p_half)), 1e-14);
  EXPECT_EQ(step.cap_change(), 0.0);
  EXPECT_NEAR(step.integrator_change(), energy_change - damping_first - damping_second, 1e-14);
}

// With γ = 0 nothing is damped: the whole same-batch ΔH is the integrator's. Its change over one
// step from a fixed state is leapfrog's local energy error, O(dt³) (eq. 6's truncation term):
// halving dt divides it by 8.
TEST(LeapfrogBudget, UndampedStepIsAllIntegratorAndThirdOrderInDt) {
  const auto one_step_error = [](double dt) {
    Bowl bowl;
    Leapfrog leapfrog({bowl.weight}, LeapfrogOptions(dt));
    leapfrog.momentum(bowl.weight)
        .copy_(torch::linspace(0.8, -0.6, 12, torch::kFloat64).reshape({3, 4}));
    const auto step = leapfrog.step_with_energy(bowl.closure());
    EXPECT_EQ(step.damping_change, 0.0);
    EXPECT_EQ(step.integrator_change(), step.energy_change());
    return step.integrator_change();
  };
  const double coarse = one_step_error(0.02), fine = one_step_error(0.01);
  EXPECT_GT(std::fabs(coarse), 1e-9);
  EXPECT_NEAR(coarse / fine, 8.0, 0.2) << coarse << " " << fine;
}

// When the cap fires, its part is the change of K it made, and the three parts still sum to ΔH.
TEST(LeapfrogBudget, CapPartIsTheKineticChangeOfTheRescaling) {
  Bowl bowl;
  Leapfrog leapfrog({bowl.weight}, LeapfrogOptions(0.05).gamma(1.0).cap_alpha(1.0));
  leapfrog.step_with_energy(bowl.closure());  // sets H0 = L(W_1)
  leapfrog.momentum(bowl.weight).mul_(40.0);  // far above the cap
  const auto step = leapfrog.step_with_energy(bowl.closure());
  ASSERT_TRUE(step.cap_fired);
  EXPECT_LT(step.cap_change(), 0.0);
  EXPECT_DOUBLE_EQ(step.cap_change(), step.kinetic_after - step.kinetic_uncapped);
  EXPECT_NEAR(step.damping_change + step.cap_change() + step.integrator_change(),
              step.energy_change(), 1e-12);
  EXPECT_NEAR(step.kinetic_after, kinetic(leapfrog.momentum(bowl.weight)), 1e-12);
}

}  // namespace
}  // namespace symplex::optim
