#pragma once

#include <cstdint>

#include <nlohmann/json.hpp>

#include "symplex/io/csv.h"

namespace symplex::kinds {

// A run's phases from its snr.csv (diagnostics/diffusion_onset.h, on the global SNR with the
// conditions): the steps where fitting ends, of the diffusion minimum and of the onset of total
// diffusion (null when there is none), and around the onset the median global SNR, homogeneity
// and rel. L2 over the `window` measurements before it and the `window` from it on.
nlohmann::json phase_figures(const io::CsvTable& snr, int64_t window);

}  // namespace symplex::kinds
