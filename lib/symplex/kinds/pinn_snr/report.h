#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "symplex/io/run_record.h"

namespace symplex::kinds {

// The sweep's table: per (problem, RBA) the median over seeds, with its order-statistic interval
// (diagnostics::median_interval, 95%), of the final rel. L2 (a diverged run counts as +∞), the
// onset step (+∞: none), and the global SNR before and after the onset (the seeds with one);
// then per problem RBA against plain, paired by seed: the ratio of final rel. L2 and the
// difference of onset steps. Writes pinn_snr_table.csv (one line per group and figure) into the
// sweep folder and returns the text.
std::string write_pinn_snr_report(const std::filesystem::path& sweep_dir,
                                  const std::vector<io::RunRecord>& records);

}  // namespace symplex::kinds
