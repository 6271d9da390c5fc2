#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "symplex/io/run_record.h"

namespace symplex::kinds {

// Puts a PINN bench together: symplex's timed runs and the timings of scripts/bench_reference.py
// on the same configs, one entry of `reference_timings` per (Python, variant), each the script's
// output plus its "python", or {"python", "variant", "error"} where it could not be timed.
// Writes bench.csv (one row per config and implementation: symplex_fused, symplex_autograd,
// pytorch_eager, pytorch_compile, with the reference's torch_version, the median, min and max
// seconds per step, compile_seconds, and this one's median over the fused step's,
// docs/pinn_bench.md eq. (5)) and returns the table.
std::string write_pinn_bench_report(const std::filesystem::path& sweep_dir,
                                    const std::vector<io::RunRecord>& records,
                                    const nlohmann::json& reference_timings);

// The configs of the records as the reference script reads them: architecture, depth, width,
// points and dtype, each once.
nlohmann::json reference_configs(const std::vector<io::RunRecord>& records);

}  // namespace symplex::kinds
