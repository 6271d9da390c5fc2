#include "symplex/pde/allen_cahn.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>
#include <stdexcept>
#include <vector>

namespace symplex::pde {
namespace {

const auto kCpuFloat64 = torch::TensorOptions().dtype(torch::kFloat64);

double max_abs(const torch::Tensor& values) {
  return values.abs().max().item<double>();
}

// The cosine coefficient a_j of x² cos(πx) on [−1, 1], from ∫ x² cos(πmx) dx = 4(−1)^m/(πm)²
// (m ≠ 0) or 2/3 (m = 0), and cos(πx) cos(πjx) = (cos(π(j−1)x) + cos(π(j+1)x)) / 2.
double initial_cosine_coefficient(int64_t j) {
  const auto moment = [](int64_t m) {
    if (m == 0) return 2.0 / 3.0;
    return 4.0 * (m % 2 == 0 ? 1.0 : -1.0) / (M_PI * M_PI * static_cast<double>(m * m));
  };
  if (j == 0) return 0.5 * moment(1);
  return 0.5 * (moment(j - 1) + moment(j + 1));
}

// Σ_j a_j exp(−D(πj)²t) cos(πjx), j < terms, for coefficients a_j (a function of j).
template <typename Coefficient>
torch::Tensor heat_flow(const Coefficient& a, int64_t terms, double diffusion,
                        const torch::Tensor& x, double t) {
  auto u = torch::zeros_like(x);
  for (int64_t j = 0; j < terms; ++j) {
    const double k = M_PI * static_cast<double>(j);
    u += a(j) * std::exp(-diffusion * k * k * t) * torch::cos(k * x);
  }
  return u;
}

AllenCahnEquation heat_only() {
  AllenCahnEquation equation;
  equation.diffusion = 0.05;
  equation.reaction = 0.0;
  return equation;
}

// On its own grid the solver must carry the grid's trigonometric interpolant of x² cos(πx)
// exactly along the heat flow. The interpolant's coefficients come from the trapezoid rule,
// summed here without an FFT (u0 is even, so only cosines; the Nyquist mode counts once).
TEST(AllenCahn, WithoutReactionIsTheHeatFlowOfTheGridInterpolant) {
  const auto equation = heat_only();
  const int64_t n = 512;
  const auto solution = solve_allen_cahn(equation, {n, 100, 11});
  const auto u0 = allen_cahn_initial(solution.x);
  const auto a = [&](int64_t j) {
    const double weight = (j == 0 || j == n / 2) ? 1.0 : 2.0;
    return weight / n * (u0 * torch::cos(M_PI * j * solution.x)).sum().item<double>();
  };
  double worst = 0.0;
  for (int64_t i = 0; i < solution.t.size(0); ++i) {
    const auto exact =
        heat_flow(a, n / 2 + 1, equation.diffusion, solution.x, solution.t[i].item<double>());
    worst = std::max(worst, max_abs(solution.u[i] - exact));
  }
  EXPECT_LT(worst, 1e-12);  // measured 1.9e-14
}

// Against the PDE's own solution, the Fourier series with the exact a_j: the grid sees x² cos(πx)
// through its samples, and u0' jumps from −2 to 2 across x = ±1, so a_j ~ 1/j² and each aliased
// low mode is off by about (2/3)/N² (3.9e-11 at N = 2^17; at t = 0.1 some ten of them are still
// there): hence the fine grid and the bound.
TEST(AllenCahn, WithoutReactionConvergesToTheExactHeatSolution) {
  const auto equation = heat_only();
  const int64_t n = int64_t{1} << 17;
  const auto solution = solve_allen_cahn(equation, {n, 10, 11});
  const auto every = [n](const torch::Tensor& values) { return values.slice(-1, 0, n, 256); };
  const auto x = every(solution.x);
  EXPECT_LT(max_abs(every(solution.u[0]) - allen_cahn_initial(x)), 1e-14);
  double worst = 0.0;
  // From t = 0.1 on, exp(−D(πj)²t) < 1e-19 for j ≥ 30: 100 terms are the whole series.
  for (int64_t i = 1; i < solution.t.size(0); ++i) {
    const auto exact = heat_flow(initial_cosine_coefficient, 100, equation.diffusion, x,
                                 solution.t[i].item<double>());
    worst = std::max(worst, max_abs(every(solution.u[i]) - exact));
  }
  EXPECT_LT(worst, 1e-9);  // measured 3.1e-10 (at t = 0.1, before the aliased modes decay)
}

// Without diffusion every grid point follows u' = r(u − u³), whose solution from u0 is
// u0 e^{rt} / sqrt(1 + u0²(e^{2rt} − 1)). With L = 0, ETDRK4 is classical RK4 and its
// coefficients come wholly from the contour means.
TEST(AllenCahn, WithoutDiffusionEveryPointFollowsTheReactionOde) {
  AllenCahnEquation equation;
  equation.diffusion = 0.0;
  const auto solution = solve_allen_cahn(equation, {512, 2000, 101});
  const auto u0 = allen_cahn_initial(solution.x).unsqueeze(0);
  const auto growth = torch::exp(equation.reaction * solution.t).unsqueeze(1);
  const auto exact = u0 * growth / torch::sqrt(1.0 + u0 * u0 * (growth * growth - 1.0));
  EXPECT_LT(max_abs(solution.u - exact), 1e-11);  // measured 6.9e-13
}

// The default resolution against twice the modes and steps: 5.68e-4, at x = −1 and t = 0.01,
// where the kink of u0 (see above) spreads over √(Dt) < Δx = 2/512 until t ≈ 0.15; by t = 0.5 it
// is 1.1e-6. The steps are not the limit (2000 steps instead of 20000 change u by 9e-12). From
// t = 0.5 on the largest difference is 1.4e-6 (at t = 1, on an interface), and the relative L2
// difference over the whole (t, x) grid is 8.2e-6.
TEST(AllenCahn, DefaultReferenceIsResolvedAndSettlesOnPlateaus) {
  const AllenCahnEquation equation;
  const ReferenceResolution resolution;
  const auto solution = solve_allen_cahn(equation, resolution);
  EXPECT_LT(reference_self_difference(equation, resolution, solution), 1e-3);
  EXPECT_GE(solution.u.min().item<double>(), -1.0 - 1e-6);  // measured −1 (u0(±1) = −1)
  EXPECT_LE(solution.u.max().item<double>(), 1.0 + 1e-6);   // measured 0.9927
  // At t = 1 the metastable ±1 plateaus cover most of the domain: measured mean |u| 0.910,
  // |u| > 0.9 on 83.8% of the grid, max 0.99, min −1.
  const auto last = solution.u[-1];
  EXPECT_GT(last.abs().mean().item<double>(), 0.85);
  EXPECT_GT((last.abs() > 0.9).to(torch::kFloat64).mean().item<double>(), 0.8);
  EXPECT_GT(last.max().item<double>(), 0.9);
  EXPECT_LT(last.min().item<double>(), -0.9);
}

// ETDRK4 is fourth order: halving the step divides the error at t = 1 by about 16, measured
// against 6400 steps. At D = 1e-2 the fast modes are stiff (|hL| up to 32 at 50 steps), and the
// kinked u0 costs some order early on (the largest error over t = 0, 0.1, ..., 1 at 100 → 200
// steps falls by 2^3.5 only), so this compares t = 1.
TEST(AllenCahn, StepsConvergeAtFourthOrder) {
  for (const double diffusion : {1e-4, 1e-2}) {
    AllenCahnEquation equation;
    equation.diffusion = diffusion;
    const auto reference = solve_allen_cahn(equation, {256, 6400, 2});
    std::vector<double> errors;
    for (const int64_t steps : {50, 100, 200}) {
      errors.push_back(max_abs(solve_allen_cahn(equation, {256, steps, 2}).u - reference.u));
    }
    // measured 1.3e-6, 8.7e-8, 5.5e-9 (D = 1e-4) and 1.0e-6, 6.4e-8, 4.0e-9 (D = 1e-2)
    EXPECT_LT(errors.back(), 1e-8) << "D = " << diffusion;
    for (size_t i = 1; i < errors.size(); ++i) {
      const double order = std::log2(errors[i - 1] / errors[i]);
      EXPECT_GT(order, 3.7) << "D = " << diffusion << ", steps " << (50 << i);
      EXPECT_LT(order, 4.3) << "D = " << diffusion << ", steps " << (50 << i);
    }
  }
}

TEST(AllenCahn, GridIsThePeriodicGridAndTheStepTimes) {
  AllenCahnEquation equation;
  equation.t_max = 0.5;
  const auto solution = solve_allen_cahn(equation, {16, 12, 4});
  EXPECT_TRUE(torch::allclose(solution.x, -1.0 + torch::arange(16, kCpuFloat64) / 8.0, 0.0, 1e-15));
  EXPECT_TRUE(torch::allclose(solution.t, torch::linspace(0.0, 0.5, 4, kCpuFloat64), 0.0, 1e-15));
  EXPECT_EQ(solution.u.sizes(), (std::vector<int64_t>{4, 16}));
  EXPECT_EQ(solution.u.scalar_type(), torch::kFloat64);
  EXPECT_LT(max_abs(solution.u[0] - allen_cahn_initial(solution.x)), 1e-15);
}

TEST(AllenCahn, BadResolutionsThrow) {
  const AllenCahnEquation equation;
  for (const auto& resolution : {ReferenceResolution{6, 100, 11}, ReferenceResolution{0, 100, 11},
                                 ReferenceResolution{513, 100, 11}, ReferenceResolution{64, 100, 1},
                                 ReferenceResolution{64, 100, 8}, ReferenceResolution{64, 0, 2},
                                 ReferenceResolution{64, -10, 11}}) {
    EXPECT_THROW(solve_allen_cahn(equation, resolution), std::invalid_argument)
        << resolution.modes << " modes, " << resolution.time_steps << " steps, "
        << resolution.output_times << " output times";
  }
  EXPECT_NO_THROW(solve_allen_cahn(equation, {8, 10, 11}));
  AllenCahnEquation negative_diffusion;
  negative_diffusion.diffusion = -1e-4;
  EXPECT_THROW(solve_allen_cahn(negative_diffusion, {64, 10, 11}), std::invalid_argument);
}

}  // namespace
}  // namespace symplex::pde
