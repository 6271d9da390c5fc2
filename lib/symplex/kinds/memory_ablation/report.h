#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "symplex/io/run_record.h"
#include "symplex/kinds/memory_ablation/spec.h"

namespace symplex::kinds {

// How the runs of one memory mode compare with the default runs of the same grid points.
struct ModeComparison {
  std::string mode;
  size_t runs_compared = 0;
  // Runs whose metrics.csv equals the default run's bit for bit in every column but the clock.
  size_t runs_identical = 0;
  double max_abs_delta_h_difference = 0.0;  // over every step of every compared run
  double max_abs_loss_difference = 0.0;
  double seconds_per_step = 0.0;          // mean over the compared runs
  double default_seconds_per_step = 0.0;  // mean over their default twins
};

// One comparison per mode other than default, reading each run's metrics.csv from sweep_dir.
// A run is paired with the default run whose params are the same but for `mode`.
std::vector<ModeComparison> compare_memory_modes(const std::filesystem::path& sweep_dir,
                                                 const std::vector<io::RunRecord>& records);

// Writes ablation.csv (the comparisons) and fits.csv (the drift fits of each mode) into the sweep
// folder and returns the tables and the verdict line, as text.
std::string write_memory_ablation_report(const std::filesystem::path& sweep_dir,
                                         const std::vector<io::RunRecord>& records,
                                         const MemoryAblationSpec& spec);

}  // namespace symplex::kinds
