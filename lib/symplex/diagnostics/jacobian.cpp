#include "symplex/diagnostics/jacobian.h"

#include <torch/autograd.h>
#include <torch/linalg.h>

namespace symplex::diagnostics {

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

SpectrumSummary summarize_spectrum(const torch::Tensor& sigmas) {
  const auto s = sigmas.to(torch::kFloat64).cpu();
  const auto per_point_min = std::get<0>(s.min(1));
  const auto per_point_max = std::get<0>(s.max(1));
  SpectrumSummary summary;
  summary.sigma_min = s.min().item<double>();
  summary.sigma_median = s.flatten().median().item<double>();
  summary.sigma_max = s.max().item<double>();
  summary.condition_median = (per_point_max / per_point_min).median().item<double>();
  summary.mean_log_abs_det = s.log().sum(1).mean().item<double>();
  return summary;
}

}  // namespace symplex::diagnostics
