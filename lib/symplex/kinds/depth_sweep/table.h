#pragma once

#include <string>
#include <vector>

#include "symplex/io/run_record.h"

namespace symplex::kinds {

// The numerical summary of docs/depth_sweep.md from a depth sweep's records: one row per
// (architecture, depth), figures averaged over the seeds whose runs finished (diverged runs are
// counted, not averaged).
std::string depth_sweep_table(const std::vector<io::RunRecord>& records);

}  // namespace symplex::kinds
