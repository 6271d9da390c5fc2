#pragma once

#include <torch/types.h>

#include <array>
#include <vector>

namespace symplex::diagnostics {

// The signal-to-noise ratio of B batch gradients (seed 003, docs/pinn_snr.md): per element the
// mean and the population standard deviation (ddof 0) over the batches, SNR = ‖mean‖₂ / ‖std‖₂.
// `batch_gradients` holds one (B, P_l) matrix per layer; the global SNR takes every layer's
// elements together, per_layer each layer's alone. Computed in float64.
struct GradientSnr {
  double global = 0.0;
  std::vector<double> per_layer;
};

GradientSnr gradient_snr(const std::vector<torch::Tensor>& batch_gradients);

// Adam's own SNR of the weight matrices: ‖m̂‖₂ / ‖√v̂ + ε‖₂ over every element, with m̂ and v̂
// the bias-corrected moments (`denominators` holds √v̂ + ε). Free: the moments exist anyway.
double adam_snr(const std::vector<torch::Tensor>& first_moments,
                const std::vector<torch::Tensor>& denominators);

// The mean of `values` (n) in each cell of a bins × bins grid over the box of `points` (n, 2)
// given by its lower corner and sizes: (bins, bins), row i for input 0, NaN in an empty cell.
torch::Tensor binned_means(const torch::Tensor& points, const torch::Tensor& values,
                           const std::array<double, 2>& lower, const std::array<double, 2>& size,
                           int64_t bins);

// The coefficient of variation std / mean (ddof 0) of the non-empty cells of binned_means: 0 for
// a residual spread evenly over the domain.
double coefficient_of_variation(const torch::Tensor& cell_means);

}  // namespace symplex::diagnostics
