#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "symplex/io/run_record.h"

namespace symplex::kinds {

// The sweep's tables (docs/conservation.md "Report"): per network, series (optimizer with its
// weight decay or damping), symmetry and prediction, the relative error at the horizon at each
// step size (median over seeds of the units' median; worst over seeds and units), and the
// log-log slope of the units' median error against the step size over step sizes and seeds (OLS,
// 95% CI). Writes conservation_table.csv and conservation_slopes.csv into the sweep folder and
// returns the text.
std::string write_conservation_report(const std::filesystem::path& sweep_dir,
                                      const std::vector<io::RunRecord>& records);

}  // namespace symplex::kinds
