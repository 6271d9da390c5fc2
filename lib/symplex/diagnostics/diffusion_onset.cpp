#include "symplex/diagnostics/diffusion_onset.h"

#include <algorithm>
#include <cmath>

#include "symplex/diagnostics/median.h"

namespace symplex::diagnostics {

std::vector<double> rolling_median(const std::vector<double>& values, int64_t window) {
  std::vector<double> medians;
  const auto w = static_cast<size_t>(std::max<int64_t>(1, window));
  for (size_t k = 0; k < values.size(); ++k) {
    std::vector<double> window_values;
    for (size_t i = k + 1 >= w ? k + 1 - w : 0; i <= k; ++i)
      if (!std::isnan(values[i])) window_values.push_back(values[i]);
    medians.push_back(median(window_values));
  }
  return medians;
}

DiffusionPhases diffusion_phases(const std::vector<double>& snr, int64_t window) {
  const auto m = rolling_median(snr, window);
  const auto w = static_cast<size_t>(std::max<int64_t>(1, window));
  DiffusionPhases phases;
  for (size_t k = 0; k < m.size() && !phases.fitting_end; ++k) {
    if (m[k] < 1.0) phases.fitting_end = k;
  }
  if (!phases.fitting_end) return phases;
  for (size_t k = *phases.fitting_end + 1; k + w < m.size() && !phases.onset; ++k) {
    if (std::all_of(m.begin() + static_cast<std::ptrdiff_t>(k),
                    m.begin() + static_cast<std::ptrdiff_t>(k + w) + 1,
                    [](double value) { return value > 1.0; })) {
      phases.onset = k;
    }
  }
  const auto begin = m.begin() + static_cast<std::ptrdiff_t>(*phases.fitting_end);
  const auto end = phases.onset ? m.begin() + static_cast<std::ptrdiff_t>(*phases.onset) : m.end();
  phases.minimum = static_cast<size_t>(std::min_element(begin, end) - m.begin());
  return phases;
}

}  // namespace symplex::diagnostics
