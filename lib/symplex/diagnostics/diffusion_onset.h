#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace symplex::diagnostics {

// The trailing rolling median: point k is the median of points max(0, k − window + 1) to k,
// leaving out NaN (a measurement that had no value); NaN where the window holds nothing else.
std::vector<double> rolling_median(const std::vector<double>& values, int64_t window);

// Where a gradient-SNR curve enters seed 003's phases (docs/pinn_snr.md, "Onset"), by index of
// the logged points, on the trailing rolling median m of the global SNR:
// - fitting ends at the first point with m < 1 (none: the SNR never fell below 1);
// - total diffusion starts at the first later point k with m > 1 at k and at each of the
//   `window` points after it (none: it never did, or too few points were logged after it to
//   tell);
// - the diffusion minimum is the smallest m between the two (to the end when there is no onset).
struct DiffusionPhases {
  std::optional<size_t> fitting_end;
  std::optional<size_t> onset;
  std::optional<size_t> minimum;
};

DiffusionPhases diffusion_phases(const std::vector<double>& snr, int64_t window);

}  // namespace symplex::diagnostics
