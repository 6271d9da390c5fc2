#include "symplex/pde/allen_cahn.h"

#include <fmt/format.h>
#include <torch/fft.h>

#include <cmath>
#include <stdexcept>

namespace symplex::pde {
namespace {

const auto kCpuFloat64 = torch::TensorOptions().dtype(torch::kFloat64);

// Throws std::invalid_argument unless the resolution and equation can be solved as specified.
void check_problem(const AllenCahnEquation& equation, const ReferenceResolution& resolution) {
  if (resolution.modes < 8 || resolution.modes % 2 != 0) {
    throw std::invalid_argument(fmt::format(
        "solve_allen_cahn: modes must be even and at least 8, got {}", resolution.modes));
  }
  if (resolution.output_times < 2) {
    throw std::invalid_argument(fmt::format(
        "solve_allen_cahn: output_times must be at least 2 (t = 0 and t = t_max), got {}",
        resolution.output_times));
  }
  if (resolution.time_steps < 1 || resolution.time_steps % (resolution.output_times - 1) != 0) {
    throw std::invalid_argument(fmt::format(
        "solve_allen_cahn: time_steps ({}) must be a positive multiple of output_times - 1 ({}), "
        "so that every output time is a step time",
        resolution.time_steps, resolution.output_times - 1));
  }
  const bool finite = std::isfinite(equation.diffusion) && std::isfinite(equation.reaction) &&
                      std::isfinite(equation.t_max);
  if (!finite || equation.diffusion < 0.0 || equation.t_max <= 0.0) {
    throw std::invalid_argument(fmt::format(
        "solve_allen_cahn: needs finite diffusion >= 0, reaction and t_max > 0; got diffusion {}, "
        "reaction {}, t_max {}",
        equation.diffusion, equation.reaction, equation.t_max));
  }
}

// The ETDRK4 factors for the diagonal linear part L (real, one per Fourier mode) and step h, as
// complex tensors (they multiply Fourier coefficients); q and f1..f3 include the factor r of the
// nonlinear term r(u − u³).
struct Etdrk4Coefficients {
  torch::Tensor e, e_half, q, f1, f2, f3;
};

// Kassam & Trefethen, "Fourth-order time-stepping for stiff PDEs", SIAM J. Sci. Comput. 26
// (2005): the φ-type functions of z = hL cancel badly for small |z|, so each is the mean of its
// values on a circle of radius 1 around z (Cauchy's integral formula, trapezoid rule). L is real,
// so the upper half circle and the real part suffice.
Etdrk4Coefficients etdrk4_coefficients(const torch::Tensor& linear, double h, double r) {
  constexpr int64_t kContourPoints = 32;
  const auto theta =
      M_PI * (torch::arange(1, kContourPoints + 1, kCpuFloat64) - 0.5) / kContourPoints;
  const auto z =
      (h * linear).unsqueeze(1) + torch::complex(torch::cos(theta), torch::sin(theta)).unsqueeze(0);
  const auto ez = torch::exp(z);
  const auto z2 = z * z;
  const auto z3 = z2 * z;
  const auto contour_mean = [h, r](const torch::Tensor& values) {
    return (r * h * torch::real(values).mean(1)).to(torch::kComplexDouble);
  };
  Etdrk4Coefficients c;
  c.e = torch::exp(h * linear).to(torch::kComplexDouble);
  c.e_half = torch::exp(0.5 * h * linear).to(torch::kComplexDouble);
  c.q = contour_mean((torch::exp(0.5 * z) - 1.0) / z);
  c.f1 = contour_mean((-4.0 - z + ez * (4.0 - 3.0 * z + z2)) / z3);
  c.f2 = contour_mean((2.0 + z + ez * (z - 2.0)) / z3);
  c.f3 = contour_mean((-4.0 - 3.0 * z - z2 + ez * (4.0 - z)) / z3);
  return c;
}

}  // namespace

torch::Tensor allen_cahn_initial(const torch::Tensor& x) {
  return x * x * torch::cos(M_PI * x);
}

ReferenceSolution solve_allen_cahn(const AllenCahnEquation& equation,
                                   const ReferenceResolution& resolution) {
  check_problem(equation, resolution);
  torch::NoGradGuard no_grad;
  const int64_t n = resolution.modes;
  const double h = equation.t_max / static_cast<double>(resolution.time_steps);
  const int64_t stride = resolution.time_steps / (resolution.output_times - 1);

  ReferenceSolution solution;
  solution.x = -1.0 + 2.0 * torch::arange(n, kCpuFloat64) / static_cast<double>(n);
  solution.t = torch::linspace(0.0, equation.t_max, resolution.output_times, kCpuFloat64);
  solution.u = torch::empty({resolution.output_times, n}, kCpuFloat64);

  // On a domain of length 2 the rfft's mode j is exp(iπj(x + 1)), so ∂xx is −(πj)².
  const auto k = M_PI * torch::arange(n / 2 + 1, kCpuFloat64);
  const auto c = etdrk4_coefficients(-equation.diffusion * k * k, h, equation.reaction);
  // The reaction rate r is in the coefficients, so the nonlinear term here is u − u³.
  const auto nonlinear = [n](const torch::Tensor& v) {
    const auto u = torch::fft::irfft(v, n);
    return torch::fft::rfft(torch::addcmul(u, u * u, u, -1.0));
  };

  auto v = torch::fft::rfft(allen_cahn_initial(solution.x));
  solution.u[0] = torch::fft::irfft(v, n);
  for (int64_t step = 1; step <= resolution.time_steps; ++step) {
    const auto nv = nonlinear(v);
    const auto ev = c.e_half * v;
    const auto a = torch::addcmul(ev, c.q, nv);
    const auto na = nonlinear(a);
    const auto b = torch::addcmul(ev, c.q, na);
    const auto nb = nonlinear(b);
    const auto nc = nonlinear(torch::addcmul(c.e_half * a, c.q, 2.0 * nb - nv));
    v = (c.e * v).addcmul_(c.f1, nv).addcmul_(c.f2, na + nb, 2.0).addcmul_(c.f3, nc);
    if (step % stride == 0) solution.u[step / stride] = torch::fft::irfft(v, n);
  }
  return solution;
}

double reference_self_difference(const AllenCahnEquation& equation,
                                 const ReferenceResolution& resolution,
                                 const ReferenceSolution& coarse) {
  auto fine_resolution = resolution;
  fine_resolution.modes *= 2;
  fine_resolution.time_steps *= 2;
  const auto fine = solve_allen_cahn(equation, fine_resolution);
  // Same output times; the coarse grid points are the fine grid's even ones.
  const auto fine_on_coarse = fine.u.slice(1, 0, fine_resolution.modes, 2);
  return (fine_on_coarse - coarse.u).abs().max().item<double>();
}

}  // namespace symplex::pde
