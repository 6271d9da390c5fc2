#include "symplex/optim/leapfrog.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <unistd.h>

#include <cmath>
#include <filesystem>

#include "symplex/diagnostics/ols.h"
#include "symplex/io/csv.h"
#include "symplex/kinds/dt_sweep/energy_log.h"

namespace symplex::optim {
namespace {

// L(θ) = ½ θᵀ A θ with A = diag(1, 4): a harmonic oscillator with H0 = 2.5 from θ = (1, 1), p = 0.
struct Quadratic {
  torch::Tensor theta = torch::ones({2}, torch::kFloat64).requires_grad_(true);
  torch::Tensor a = torch::tensor({1.0, 4.0}, torch::kFloat64);

  torch::optim::Optimizer::LossClosure closure() {
    return [this] {
      if (theta.grad().defined()) theta.grad().zero_();
      auto loss = 0.5 * (a * theta * theta).sum();
      loss.backward();
      return loss;
    };
  }
};

// Largest |H_t − H_0| over `steps` undamped, uncapped steps.
double max_energy_error(double dt, int steps) {
  Quadratic problem;
  Leapfrog leapfrog({problem.theta}, LeapfrogOptions(dt));
  double worst = 0.0;
  double h0 = 0.0;
  for (int i = 0; i < steps; ++i) {
    const auto step = leapfrog.step_with_energy(problem.closure());
    if (i == 0) h0 = step.energy_before();
    worst = std::max(worst, std::fabs(step.energy_after() - h0));
  }
  return worst;
}

TEST(Leapfrog, EnergyErrorIsBoundedAndSecondOrderInDt) {
  const double coarse = max_energy_error(0.02, 10000);
  const double fine = max_energy_error(0.01, 10000);
  EXPECT_LT(coarse, 1e-3 * 2.5);  // bounded over 10⁴ steps (about 30 periods), no drift
  EXPECT_NEAR(coarse / fine, 4.0, 0.2) << coarse << " " << fine;
}

// With no gradient, a step is two damping factors around the drift: θ moves by dt·e^{−γdt/2}·p0
// (the first half kick's factor alone) and p ends at e^{−γdt}·p0 (both factors).
TEST(Leapfrog, EachHalfKickDampsTheMomentumByItsOwnFactor) {
  auto theta = torch::tensor({0.5, 0.5}, torch::kFloat64).requires_grad_(true);
  const auto flat = [&] {
    if (theta.grad().defined()) theta.grad().zero_();
    auto loss = (0.0 * theta).sum();
    loss.backward();
    return loss;
  };
  const double dt = 0.1;
  const double gamma = 0.5;
  const double half = std::exp(-gamma * dt / 2);
  Leapfrog leapfrog({theta}, LeapfrogOptions(dt).gamma(gamma).mass_preconditioning(false));
  leapfrog.momentum(theta).copy_(torch::tensor({1.0, -2.0}, torch::kFloat64));
  const auto step = leapfrog.step_with_energy(flat);
  const auto p = leapfrog.momentum(theta);
  EXPECT_NEAR(theta[0].item<double>(), 0.5 + dt * half * 1.0, 1e-15);
  EXPECT_NEAR(theta[1].item<double>(), 0.5 - dt * half * 2.0, 1e-15);
  EXPECT_NEAR(p[0].item<double>(), half * half * 1.0, 1e-15);
  EXPECT_NEAR(p[1].item<double>(), -half * half * 2.0, 1e-15);
  EXPECT_NEAR(step.kinetic_after, 0.5 * std::pow(half, 4) * 5.0, 1e-15);
}

// On the quadratic, 200 damped steps follow eqs. (2)-(4) written out coordinate by coordinate:
// the damping factor scales p before the gradient of each half kick is added.
TEST(Leapfrog, DampedStepsFollowTheirClosedFormOnAQuadratic) {
  Quadratic problem;
  const double dt = 0.05;
  const double gamma = 0.8;
  const double half = std::exp(-gamma * dt / 2);
  Leapfrog leapfrog({problem.theta}, LeapfrogOptions(dt).gamma(gamma).mass_preconditioning(false));
  std::vector<double> theta = {1.0, 1.0};
  std::vector<double> p = {0.0, 0.0};
  const std::vector<double> a = {1.0, 4.0};
  for (int i = 0; i < 200; ++i) {
    const auto step = leapfrog.step_with_energy(problem.closure());
    double kinetic = 0.0;
    double loss = 0.0;
    for (size_t k = 0; k < 2; ++k) {
      p[k] = half * p[k] - dt / 2 * a[k] * theta[k];
      theta[k] += dt * p[k];
      p[k] = half * p[k] - dt / 2 * a[k] * theta[k];
      kinetic += 0.5 * p[k] * p[k];
      loss += 0.5 * a[k] * theta[k] * theta[k];
    }
    ASSERT_NEAR(step.kinetic_after, kinetic, 1e-12) << i;
    ASSERT_NEAR(step.loss_after, loss, 1e-12) << i;
  }
  for (size_t k = 0; k < 2; ++k) {
    EXPECT_NEAR(problem.theta[k].item<double>(), theta[k], 1e-12);
    EXPECT_NEAR(leapfrog.momentum(problem.theta)[k].item<double>(), p[k], 1e-12);
  }
  EXPECT_LT(std::fabs(theta[0]) + std::fabs(theta[1]), 0.1);  // damped towards the minimum
}

// A weight of fan-in 16 has M⁻¹ = 1/4 (eq. 5; written out here, not taken from the code). The
// drift must move θ by dt·M⁻¹·p, and K, H0 and the cap's rescaling must use K = ½ M⁻¹‖p‖²: with
// any other K the energy the cap restores is not the H the dynamics conserve.
struct MassPreconditionedQuadratic {
  static constexpr double kInverseMass = 0.25;
  torch::Tensor theta, a;

  MassPreconditionedQuadratic() {
    const auto options = torch::TensorOptions().dtype(torch::kFloat64);
    theta = torch::linspace(-1.0, 1.0, 32, options).reshape({2, 16}).requires_grad_(true);
    a = torch::linspace(0.5, 3.0, 32, options).reshape({2, 16});
  }
  torch::Tensor loss() const { return 0.5 * (a * theta * theta).sum(); }
  torch::optim::Optimizer::LossClosure closure() {
    return [this] {
      if (theta.grad().defined()) theta.grad().zero_();
      auto value = loss();
      value.backward();
      return value;
    };
  }
  static torch::Tensor initial_momentum() {
    return torch::cos(torch::arange(32, torch::kFloat64)).reshape({2, 16});
  }
};

TEST(Leapfrog, MassPreconditionedDriftAndKineticEnergyUseOneInverseMass) {
  MassPreconditionedQuadratic problem;
  const double dt = 0.1;
  const double m = MassPreconditionedQuadratic::kInverseMass;
  Leapfrog leapfrog({problem.theta}, LeapfrogOptions(dt));  // mass preconditioning is the default
  const auto p0 = MassPreconditionedQuadratic::initial_momentum();
  leapfrog.momentum(problem.theta).copy_(p0);
  const auto theta0 = problem.theta.detach().clone();

  const auto step = leapfrog.step_with_energy(problem.closure());
  const auto p_half = p0 - dt / 2 * problem.a * theta0;
  const auto theta1 = theta0 + dt * m * p_half;
  const auto p1 = p_half - dt / 2 * problem.a * theta1;
  EXPECT_TRUE(torch::allclose(problem.theta.detach(), theta1, 1e-14, 1e-15));
  EXPECT_TRUE(torch::allclose(leapfrog.momentum(problem.theta), p1, 1e-14, 1e-15));
  EXPECT_NEAR(step.kinetic_before, 0.5 * m * p0.pow(2).sum().item<double>(), 1e-13);
  EXPECT_NEAR(step.kinetic_after, 0.5 * m * p1.pow(2).sum().item<double>(), 1e-13);

  // With the K of the same M⁻¹ the step conserves H to leapfrog's O(dt²) (ω² = M⁻¹a ≤ 0.75).
  double worst = 0.0;
  for (int i = 0; i < 1000; ++i) {
    const auto later = leapfrog.step_with_energy(problem.closure());
    worst = std::max(worst, std::fabs(later.energy_after() - step.energy_before()));
  }
  EXPECT_LT(worst, 1e-2 * step.energy_before());
}

TEST(Leapfrog, CapRescalesToAlphaH0WithTheMassPreconditionedKineticEnergy) {
  MassPreconditionedQuadratic problem;
  const double m = MassPreconditionedQuadratic::kInverseMass;
  const double alpha = 0.9;
  Leapfrog leapfrog({problem.theta}, LeapfrogOptions(0.3).cap_alpha(alpha));
  leapfrog.momentum(problem.theta).copy_(MassPreconditionedQuadratic::initial_momentum());
  const auto independent_energy = [&] {
    torch::NoGradGuard no_grad;
    return problem.loss().item<double>() +
           0.5 * m * leapfrog.momentum(problem.theta).pow(2).sum().item<double>();
  };
  const double h0 = independent_energy();
  int fired = 0;
  for (int i = 0; i < 300; ++i) {
    const auto step = leapfrog.step_with_energy(problem.closure());
    if (i == 0) {
      ASSERT_NEAR(step.energy_before(), h0, 1e-13);
    }
    const double h = independent_energy();
    EXPECT_NEAR(step.energy_after(), h, 1e-12) << i;
    if (step.cap_fired) {
      EXPECT_NEAR(h, alpha * h0, 1e-12) << i;  // the rescaled p, with M⁻¹, gives exactly αH0
      ++fired;
    }
  }
  EXPECT_GT(fired, 0);
}

TEST(Leapfrog, CapFiresExactlyAboveAlphaH0AndLeavesHAtAlphaH0) {
  {
    Quadratic problem;
    Leapfrog leapfrog({problem.theta}, LeapfrogOptions(0.1).cap_alpha(2.0));
    for (int i = 0; i < 1000; ++i) {
      EXPECT_FALSE(leapfrog.step_with_energy(problem.closure()).cap_fired) << i;
    }
  }
  {
    // The first kick makes K > 0 while L barely moves, so H_1 ≈ 2.5 > 0.5·2.5 = 1.25.
    Quadratic problem;
    Leapfrog leapfrog({problem.theta}, LeapfrogOptions(0.1).cap_alpha(0.5));
    const auto step = leapfrog.step_with_energy(problem.closure());
    ASSERT_GT(step.loss_after, 1.25);  // αH0 − L < 0: the momenta go to (almost) zero
    EXPECT_TRUE(step.cap_fired);
    EXPECT_LT(step.kinetic_after, 1e-10);
  }
  {
    // H0 = 2.5 + K(p0) = 3.5 with α = 1: every step whose uncapped H exceeds 3.5 by round-off or
    // integration error is capped back to exactly 3.5, and no other step is touched.
    Quadratic problem;
    Leapfrog leapfrog({problem.theta}, LeapfrogOptions(0.1).cap_alpha(1.0));
    leapfrog.momentum(problem.theta).fill_(1.0);
    int fired = 0;
    for (int i = 0; i < 500; ++i) {
      const auto step = leapfrog.step_with_energy(problem.closure());
      const double uncapped = step.loss_after + step.kinetic_uncapped;
      EXPECT_EQ(step.cap_fired, uncapped > 3.5) << i;
      if (step.cap_fired) {
        EXPECT_NEAR(step.energy_after(), 3.5, 1e-12);
        ++fired;
      } else {
        EXPECT_EQ(step.kinetic_after, step.kinetic_uncapped);
      }
    }
    EXPECT_GT(fired, 0);
  }
}

// LibTorch's optimizer shape: every parameter group is stepped with its own options. Two groups
// of one coordinate each, with the dt of each, step exactly as two one-group leapfrogs do.
TEST(Leapfrog, EveryParameterGroupStepsWithItsOwnOptions) {
  const auto loss_of = [](const torch::Tensor& x) { return 0.5 * (x * x).sum(); };
  const auto closure_of = [&](std::vector<torch::Tensor> xs) {
    return [xs, loss_of]() {
      torch::Tensor loss = torch::zeros({}, torch::kFloat64);
      for (const auto& x : xs) {
        if (x.grad().defined()) x.grad().zero_();
        loss = loss + loss_of(x);
      }
      loss.backward();
      return loss;
    };
  };
  auto a = torch::ones({1}, torch::kFloat64).requires_grad_(true);
  auto b = torch::ones({1}, torch::kFloat64).requires_grad_(true);
  std::vector<torch::optim::OptimizerParamGroup> groups;
  groups.emplace_back(std::vector<torch::Tensor>{a},
                      std::make_unique<LeapfrogOptions>(LeapfrogOptions(0.1).gamma(0.5)));
  groups.emplace_back(std::vector<torch::Tensor>{b},
                      std::make_unique<LeapfrogOptions>(LeapfrogOptions(0.3)));
  Leapfrog both(std::move(groups), LeapfrogOptions(1.0));

  auto a_alone = torch::ones({1}, torch::kFloat64).requires_grad_(true);
  auto b_alone = torch::ones({1}, torch::kFloat64).requires_grad_(true);
  Leapfrog first({a_alone}, LeapfrogOptions(0.1).gamma(0.5));
  Leapfrog second({b_alone}, LeapfrogOptions(0.3));
  for (int i = 0; i < 20; ++i) {
    both.step_with_energy(closure_of({a, b}));
    first.step_with_energy(closure_of({a_alone}));
    second.step_with_energy(closure_of({b_alone}));
  }
  EXPECT_EQ(a.item<double>(), a_alone.item<double>());
  EXPECT_EQ(b.item<double>(), b_alone.item<double>());
  EXPECT_NE(a.item<double>(), b.item<double>());
  EXPECT_EQ(both.state().size(), 2u);
}

// Saved and loaded the standard way (state() and param groups), a leapfrog goes on exactly as
// one that was never stopped: momenta, inverse masses and H0 (the cap's reference) come back.
TEST(Leapfrog, SavedAndLoadedGoesOnExactly) {
  Quadratic reference_problem;
  Quadratic resumed_problem;
  const auto options = LeapfrogOptions(0.1).cap_alpha(1.0);  // capped at H0 itself
  Leapfrog reference({reference_problem.theta}, options);
  for (int i = 0; i < 7; ++i)
    reference.step_with_energy(reference_problem.closure());

  const auto file = std::filesystem::temp_directory_path() /
                    ("symplex_leapfrog_" + std::to_string(::getpid()) + ".pt");
  {
    torch::serialize::OutputArchive archive;
    reference.save(archive);
    archive.save_to(file.string());
  }
  {
    torch::NoGradGuard no_grad;
    resumed_problem.theta.copy_(reference_problem.theta);
  }
  Leapfrog resumed({resumed_problem.theta}, LeapfrogOptions(0.5));  // options come from the file
  torch::serialize::InputArchive archive;
  archive.load_from(file.string());
  resumed.load(archive);
  std::filesystem::remove(file);

  for (int i = 0; i < 30; ++i) {
    const auto a = reference.step_with_energy(reference_problem.closure());
    const auto b = resumed.step_with_energy(resumed_problem.closure());
    EXPECT_EQ(a.energy_after(), b.energy_after()) << i;
    EXPECT_EQ(a.cap_fired, b.cap_fired) << i;
  }
  EXPECT_TRUE(torch::equal(reference_problem.theta, resumed_problem.theta));
}

// The hook of the memory ablations runs once per step, after the drift and before the second
// kick, and leaves the step's arithmetic alone.
TEST(Leapfrog, MidStepHookSeesTheHalfKickedMomentumAndMovedParameters) {
  Quadratic plain;
  Quadratic hooked;
  const double dt = 0.1;
  Leapfrog reference({plain.theta}, LeapfrogOptions(dt).mass_preconditioning(false));
  Leapfrog leapfrog({hooked.theta}, LeapfrogOptions(dt).mass_preconditioning(false));
  int calls = 0;
  const auto hook = [&] {
    ++calls;
    if (calls > 1) return;
    // From θ = (1, 1), p = 0: p_{½} = −(dt/2) A θ and θ_1 = θ + dt p_{½}.
    const auto p = leapfrog.momentum(hooked.theta);
    EXPECT_DOUBLE_EQ(p[0].item<double>(), -dt / 2);
    EXPECT_DOUBLE_EQ(p[1].item<double>(), -dt / 2 * 4.0);
    EXPECT_DOUBLE_EQ(hooked.theta[1].item<double>(), 1.0 - dt * dt / 2 * 4.0);
  };
  for (int i = 0; i < 5; ++i) {
    const auto a = reference.step_with_energy(plain.closure());
    const auto b = leapfrog.step_with_energy(hooked.closure(), hook);
    EXPECT_EQ(a.energy_change(), b.energy_change());
  }
  EXPECT_EQ(calls, 5);
  EXPECT_TRUE(torch::equal(plain.theta, hooked.theta));
}

// docs/dt_sweep.md eq. 1 on a 1-D harmonic oscillator, float64, γ = 0, no cap: the same-batch tail
// median |ΔH| over the same stretch of time scales as dt³, leapfrog's local energy error. With one
// fixed batch, the consecutive definition is the same number.
TEST(Leapfrog, HarmonicOscillatorDriftHasSlopeThreeAndDefinitionsAgreeOnFullBatch) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("symplex_oscillator_" + std::to_string(::getpid()) + ".csv");
  std::vector<double> log_dt, log_drift;
  for (const double dt : {1e-3, 2e-3, 4e-3, 1e-2}) {
    auto theta = torch::ones({1}, torch::kFloat64).requires_grad_(true);
    const auto closure = [&] {
      if (theta.grad().defined()) theta.grad().zero_();
      auto loss = 0.5 * (theta * theta).sum();
      loss.backward();
      return loss;
    };
    Leapfrog leapfrog({theta}, LeapfrogOptions(dt).mass_preconditioning(false));
    kinds::EnergyLog log(path);
    const auto steps = static_cast<int64_t>(std::lround(10.0 / dt));  // t from 0 to 10
    for (int64_t t = 1; t <= steps; ++t)
      log.add(t, leapfrog.step_with_energy(closure), std::nullopt, 0.0);
    log.close();
    const auto figures = log.figures();
    log_dt.push_back(std::log10(dt));
    log_drift.push_back(std::log10(figures.at("drift").get<double>()));

    const auto metrics = io::read_csv(path);
    for (size_t row = 0; row + 1 < metrics.rows.size(); ++row) {
      ASSERT_EQ(metrics.rows[row][metrics.column("delta_h")],
                metrics.rows[row][metrics.column("delta_h_consecutive")])
          << "dt " << dt << " row " << row;
    }
  }
  std::filesystem::remove(path);
  EXPECT_NEAR(diagnostics::fit_line(log_dt, log_drift).slope, 3.0, 0.2);
}

}  // namespace
}  // namespace symplex::optim
