#include "symplex/diagnostics/jacobian.h"

#include <ATen/ops/linalg_svdvals.h>
#include <torch/autograd.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace symplex::diagnostics {
namespace {

double machine_epsilon(torch::ScalarType dtype) {
  switch (dtype) {
    case torch::kFloat64:
      return std::numeric_limits<double>::epsilon();
    case torch::kFloat32:
      return std::numeric_limits<float>::epsilon();
    default:
      throw std::invalid_argument("spectrum_of: Jacobians must be float32 or float64");
  }
}

}  // namespace

torch::Tensor rowwise_jacobian(const RowMap& f, const torch::Tensor& points) {
  const auto x = points.detach().requires_grad_(true);
  const auto y = f(x);
  const int64_t outputs = y.size(1);
  std::vector<torch::Tensor> rows;
  rows.reserve(outputs);
  for (int64_t i = 0; i < outputs; ++i) {
    // Row m of the sum's gradient is ∂y[m, i]/∂x[m, :], since rows do not interact.
    rows.push_back(torch::autograd::grad({y.select(1, i).sum()}, {x}, {},
                                         /*retain_graph=*/i + 1 < outputs)[0]);
  }
  return torch::stack(rows, 1);
}

torch::Tensor singular_values(const torch::Tensor& jacobians) {
  return at::linalg_svdvals(jacobians);
}

Spectrum spectrum_of(const torch::Tensor& jacobians) {
  // Rounding J's entries and a backward-stable SVD each perturb J by E with ‖E‖₂ of order
  // ε·σ_1 times a modest factor of the dimension; by Weyl's inequality |σ_i − σ̂_i| ≤ ‖E‖₂.
  const double n = static_cast<double>(std::max(jacobians.size(1), jacobians.size(2)));
  const double epsilon = machine_epsilon(jacobians.scalar_type());
  const auto sigmas = singular_values(jacobians).to(torch::kFloat64).cpu();
  return {sigmas, n * epsilon * sigmas.select(1, 0)};
}

torch::Tensor below_floor(const Spectrum& spectrum) {
  return spectrum.sigmas < spectrum.floors.unsqueeze(1);
}

SpectrumSummary summarize_spectrum(const Spectrum& spectrum) {
  const auto sigmas = spectrum.sigmas.contiguous();
  const auto floors = spectrum.floors.contiguous();
  const auto below = below_floor(spectrum).contiguous();
  const int64_t points = sigmas.size(0);
  const int64_t count = sigmas.size(1);
  const auto* sigma = sigmas.data_ptr<double>();
  const auto* floor = floors.data_ptr<double>();
  const auto* censored = below.data_ptr<bool>();

  std::vector<CensoredValue> all;
  std::vector<double> conditions;
  int64_t below_count = 0;
  int64_t censored_points = 0;
  double log_det_sum = 0.0;
  double log_det_bound_sum = 0.0;
  for (int64_t m = 0; m < points; ++m) {
    const double* row = sigma + m * count;
    for (int64_t i = 0; i < count; ++i) {
      const bool is_below = censored[m * count + i];
      all.push_back(is_below ? CensoredValue{floor[m], true} : CensoredValue{row[i], false});
      below_count += is_below;
      log_det_sum += std::log(row[i]);
      log_det_bound_sum += std::log(row[i] + floor[m]);
    }
    const bool point_censored = censored[m * count + count - 1];
    censored_points += point_censored;
    conditions.push_back(row[0] / (point_censored ? floor[m] : row[count - 1]));
  }

  SpectrumSummary summary;
  summary.sigma_min = order_statistic(all, 1);
  summary.sigma_median = median(all);
  summary.sigma_max = sigmas.max().item<double>();
  // A censored point's condition number is at least σ_1/f_m = 1/(n·ε), and every resolved one is
  // below that, so the censored points are the largest: the median reaches one of them when they
  // are at least half of the points.
  summary.condition_median = median(conditions);
  summary.condition_median_is_lower_bound = 2 * censored_points >= points;
  summary.below_floor = below_count;
  if (below_count == 0) {
    summary.mean_log_abs_det = log_det_sum / static_cast<double>(points);
  } else {
    summary.mean_log_abs_det_upper_bound = log_det_bound_sum / static_cast<double>(points);
  }
  return summary;
}

}  // namespace symplex::diagnostics
