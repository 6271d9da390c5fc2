#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "symplex/io/run_record.h"

namespace symplex::kinds {

// Puts a PINN bench together: symplex's timed runs and, when `reference` holds them, the
// timings of scripts/bench_reference.py on the same configs. Writes bench.csv (one row per config
// and implementation: symplex_fused, symplex_autograd, pytorch_autograd, with the median, min
// and max seconds per step and the reference's median over this one's) and returns the table.
std::string write_pinn_bench_report(const std::filesystem::path& sweep_dir,
                                    const std::vector<io::RunRecord>& records,
                                    const nlohmann::json& reference);

// The configs of the records as the reference script reads them: architecture, depth, width,
// points and dtype, each once.
nlohmann::json reference_configs(const std::vector<io::RunRecord>& records);

}  // namespace symplex::kinds
