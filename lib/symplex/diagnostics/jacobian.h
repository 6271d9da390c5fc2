#pragma once

#include <torch/types.h>

#include <functional>

namespace symplex::diagnostics {

using RowMap = std::function<torch::Tensor(const torch::Tensor&)>;

// The Jacobian of a map applied row by row (no row sees another, as in a trunk without batch
// statistics) at each row of `points` (M, n): returns (M, n_out, n) by one reverse pass per
// output coordinate, exact up to round-off in the points' dtype.
torch::Tensor rowwise_jacobian(const RowMap& f, const torch::Tensor& points);

// Singular values of each Jacobian of a (M, r, c) stack, in descending order: (M, min(r, c)).
torch::Tensor singular_values(const torch::Tensor& jacobians);

// The figures the depth stress test reports for one spectrum (docs/depth_sweep.md).
struct SpectrumSummary {
  double sigma_min;
  double sigma_median;
  double sigma_max;
  double condition_median;  // median over points of σ_max / σ_min
  double mean_log_abs_det;  // mean over points of Σ log σ = log |det J|
};

SpectrumSummary summarize_spectrum(const torch::Tensor& sigmas);

}  // namespace symplex::diagnostics
