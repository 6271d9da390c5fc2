#pragma once

#include <torch/types.h>

#include <functional>
#include <optional>

#include "symplex/diagnostics/median.h"

namespace symplex::diagnostics {

using RowMap = std::function<torch::Tensor(const torch::Tensor&)>;

// The Jacobian of a map applied row by row (no row sees another, as in a trunk without batch
// statistics) at each row of `points` (M, n): returns (M, n_out, n) by one reverse pass per
// output coordinate, exact up to round-off in the points' dtype.
torch::Tensor rowwise_jacobian(const RowMap& f, const torch::Tensor& points);

// Singular values of each Jacobian of a (M, r, c) stack, in descending order: (M, min(r, c)).
torch::Tensor singular_values(const torch::Tensor& jacobians);

// The singular values of a stack of Jacobians and the resolution floor of each
// (docs/depth_sweep.md eq. (11)): f_m = n·ε·σ_1(m), n = max(r, c), ε the machine epsilon of the
// Jacobians' dtype. A σ below its Jacobian's floor is not resolved from zero.
struct Spectrum {
  torch::Tensor sigmas;  // (M, min(r, c)), descending, float64
  torch::Tensor floors;  // (M,), float64
};

Spectrum spectrum_of(const torch::Tensor& jacobians);

// Whether each σ of a spectrum lies below its Jacobian's floor: (M, min(r, c)) bool.
torch::Tensor below_floor(const Spectrum& spectrum);

// The figures the depth stress test reports for one spectrum (docs/depth_sweep.md). A σ below
// its floor counts as the bound "at most its floor"; figures it reaches are censored.
struct SpectrumSummary {
  CensoredValue sigma_min;
  CensoredValue sigma_median;
  double sigma_max;
  // Median over points of σ_1 / σ_min, a point whose σ_min is below the floor counted at its
  // lower bound 1/(n·ε); when such points reach the median, it is a lower bound too.
  double condition_median;
  bool condition_median_is_lower_bound;
  int64_t below_floor;  // how many σ lie below their Jacobian's floor
  // Mean over points of Σ ln σ = ln |det J|, when no σ is below its floor.
  std::optional<double> mean_log_abs_det;
  // Otherwise its upper bound: mean over points of Σ ln(σ_i + f_m) (Weyl: |σ_i − σ̂_i| ≤ f_m).
  std::optional<double> mean_log_abs_det_upper_bound;
};

SpectrumSummary summarize_spectrum(const Spectrum& spectrum);

}  // namespace symplex::diagnostics
