#include "symplex/kinds/stiffness/experiment_closed_forms.h"

#include <algorithm>
#include <cfloat>
#include <cmath>

#include <fmt/format.h>

#include "symplex/diagnostics/ols.h"
#include "symplex/io/csv.h"
#include "symplex/ode/stability_closed_form.h"
#include "symplex/ode/stepper.h"

namespace symplex::kinds {
namespace {

constexpr double kResolvedAbove = 1e6;  // floors: R' is compared where |R'| > 1e6 · floor

std::vector<double> to_vector(const torch::Tensor& t) {
  const auto flat = t.detach().to(torch::kCPU).contiguous().view(-1);
  return {flat.data_ptr<double>(), flat.data_ptr<double>() + flat.numel()};
}

// R(z) measured: one step from y = 1 with h = 1 and λ = z. For BDF2 the larger root magnitude of
// the recurrence y_{k+2} = a y_{k+1} + b y_k, whose a and b are its step applied to (0, 1) and
// (1, 0).
torch::Tensor measured_stability(ode::Method method, const torch::Tensor& z) {
  const int64_t n = z.size(0);
  const ode::LinearField field(z.view({n, 1, 1}));
  const auto ones = torch::ones({n, 1}, z.options().requires_grad(false));
  const auto zeros = torch::zeros({n, 1}, z.options().requires_grad(false));
  ode::NewtonReport report;
  if (method != ode::Method::bdf2) {
    return ode::runge_kutta_step(field, ode::tableau_of(method), ones, 1.0, {}, report).view({n});
  }
  const auto a = ode::bdf2_step(field, zeros, ones, 1.0, {}, report).view({n});
  const auto b = ode::bdf2_step(field, ones, zeros, 1.0, {}, report).view({n});
  const auto discriminant = a * a + 4.0 * b;
  // Clamped away from 0 so that the branch not taken has a finite derivative.
  const auto real_roots = (a.abs() + torch::sqrt(discriminant.clamp_min(DBL_MIN))) / 2.0;
  const auto complex_roots = torch::sqrt((-b).clamp_min(DBL_MIN));
  return torch::where(discriminant >= 0.0, real_roots, complex_roots);
}

struct SlopeFit {
  double slope = NAN, low = NAN, high = NAN;
};

SlopeFit log_log_slope(const std::vector<double>& abs_z, const std::vector<double>& values,
                       double from) {
  std::vector<double> x, y;
  for (size_t i = 0; i < abs_z.size(); ++i) {
    if (abs_z[i] >= from && values[i] != 0.0 && std::isfinite(values[i])) {
      x.push_back(std::log10(abs_z[i]));
      y.push_back(std::log10(std::abs(values[i])));
    }
  }
  if (x.size() < 2) return {};
  const auto fit = diagnostics::fit_line(x, y);
  return {fit.slope, fit.slope_ci_low, fit.slope_ci_high};
}

double relative_error(double measured, double reference) {
  return std::abs(measured - reference) / std::abs(reference);
}

}  // namespace

double stability_derivative_floor(double r, double z) {
  return DBL_EPSILON * (1.0 + std::abs(r)) / (1.0 + std::abs(z));
}

nlohmann::json measure_closed_forms(ode::Method method, const StiffnessSpec& spec,
                                    const torch::Device& device, const std::filesystem::path& dir) {
  const auto abs_z = stability_grid(spec.stability);
  const auto n = static_cast<int64_t>(abs_z.size());
  const auto options = torch::TensorOptions().dtype(torch::kFloat64).device(device);
  const auto z = (-torch::tensor(abs_z, torch::kFloat64)).to(device).requires_grad_(true);
  const auto r = measured_stability(method, z);
  const auto dr = torch::autograd::grad({r.sum()}, {z})[0];
  const auto r_measured = to_vector(r), dr_measured = to_vector(dr);

  io::CsvWriter stability(dir / "stability.csv",
                          {"z", "r", "r_closed", "dr", "dr_closed", "dr_relative_error", "dr_floor",
                           "z_dr", "unstable"});
  double r_error = 0.0, dr_error = 0.0, dr_error_z = NAN, worst_in_floors = 0.0;
  double sup_z_dr = 0.0, sup_z_dr_at = NAN, unstable_from = NAN;
  int64_t at_floor = 0;
  std::vector<double> dr_closed_values;
  for (int64_t i = 0; i < n; ++i) {
    const size_t k = static_cast<size_t>(i);
    const double zi = -abs_z[k];
    const auto closed = ode::closed_form_stability(method, zi);
    dr_closed_values.push_back(closed.dr);
    const double floor = stability_derivative_floor(closed.r, zi);
    const double error = relative_error(dr_measured[k], closed.dr);
    r_error = std::max(r_error, relative_error(r_measured[k], closed.r));
    worst_in_floors = std::max(worst_in_floors, std::abs(dr_measured[k] - closed.dr) / floor);
    if (std::abs(closed.dr) > kResolvedAbove * floor) {
      if (error > dr_error || std::isnan(dr_error_z)) {
        dr_error = std::max(dr_error, error);
        dr_error_z = zi;
      }
    } else {
      ++at_floor;
    }
    const double z_dr = std::abs(zi * dr_measured[k]);
    if (z_dr > sup_z_dr) {
      sup_z_dr = z_dr;
      sup_z_dr_at = zi;
    }
    const bool unstable = std::abs(r_measured[k]) > 1.0;
    if (unstable && std::isnan(unstable_from)) unstable_from = abs_z[k];
    stability.add_row({zi, r_measured[k], closed.r, dr_measured[k], closed.dr, error, floor, z_dr,
                       static_cast<int64_t>(unstable)});
  }
  const auto slope = log_log_slope(abs_z, dr_measured, spec.stability.slope_from);
  const auto closed_slope = log_log_slope(abs_z, dr_closed_values, spec.stability.slope_from);

  // Whole solves: λ = z / h, N steps from y = 1; dy_N/dλ and d(Σ_k y_k)/dλ by autograd.
  const int64_t steps = spec.solve.steps;
  const double h = spec.solve.horizon / static_cast<double>(steps);
  const auto lambda = (-torch::tensor(abs_z, torch::kFloat64) / h).to(device).requires_grad_(true);
  ode::NewtonReport report;
  const auto trajectory = ode::solve(ode::LinearField(lambda.view({n, 1, 1})), method,
                                     torch::ones({n, 1}, options), h, steps, {}, report);
  const auto end_gradient =
      to_vector(torch::autograd::grad({trajectory[steps].sum()}, {lambda}, {}, true)[0]);
  const auto sum_gradient =
      to_vector(torch::autograd::grad({trajectory.slice(0, 1).sum()}, {lambda})[0]);
  io::CsvWriter gradients(dir / "solve_gradient.csv",
                          {"z", "lambda", "end", "end_closed", "end_exact_flow", "sum",
                           "sum_closed", "sum_exact_flow"});
  double end_error = 0.0, sum_error = 0.0;
  // At each power of ten of |z| on the grid: the method's dy_N/dλ beside the exact flow's.
  nlohmann::json decades = nlohmann::json::object();
  for (int64_t i = 0; i < n; ++i) {
    const size_t k = static_cast<size_t>(i);
    const double li = -abs_z[k] / h;
    const auto closed = ode::closed_form_trajectory(method, li, h, steps, 1.0);
    const auto exact = ode::exact_flow_trajectory(li, h, steps, 1.0);
    double closed_sum = 0.0, exact_sum = 0.0;
    for (int64_t j = 1; j <= steps; ++j) {
      closed_sum += closed.dy_dlambda[static_cast<size_t>(j)];
      exact_sum += exact.dy_dlambda[static_cast<size_t>(j)];
    }
    const double closed_end = closed.dy_dlambda.back();
    if (closed_end != 0.0 && std::isfinite(closed_end))
      end_error = std::max(end_error, relative_error(end_gradient[k], closed_end));
    if (closed_sum != 0.0 && std::isfinite(closed_sum))
      sum_error = std::max(sum_error, relative_error(sum_gradient[k], closed_sum));
    gradients.add_row({-abs_z[k], li, end_gradient[k], closed_end, exact.dy_dlambda.back(),
                       sum_gradient[k], closed_sum, exact_sum});
    const double decade = std::round(std::log10(abs_z[k]));
    if (std::abs(std::log10(abs_z[k]) - decade) < 1e-9) {
      decades[fmt::format("z{:.0e}", std::pow(10.0, decade))] = {
          {"abs_z", abs_z[k]},
          {"end", end_gradient[k]},
          {"end_exact_flow", exact.dy_dlambda.back()}};
    }
  }

  return {{"part", "closed_forms"},
          {"r_max_error", r_error},
          {"dr_max_error", dr_error},
          {"dr_max_error_z", dr_error_z},
          {"dr_points_at_floor", at_floor},
          {"dr_worst_in_floors", worst_in_floors},
          {"points", n},
          {"slope", slope.slope},
          {"slope_ci_low", slope.low},
          {"slope_ci_high", slope.high},
          {"slope_closed", closed_slope.slope},
          {"sup_z_dr", sup_z_dr},
          {"sup_z_dr_at", sup_z_dr_at},
          {"unstable_from", unstable_from},
          {"end_gradient_max_error", end_error},
          {"sum_gradient_max_error", sum_error},
          {"solve_decades", decades}};
}

}  // namespace symplex::kinds
