#pragma once

#include <string>
#include <vector>

#include "symplex/io/run_record.h"

namespace symplex::kinds {

// The numerical summary of docs/depth_sweep.md from a depth sweep's records: one row per
// (architecture, depth), each figure the median over the seeds whose runs finished (diverged runs
// are counted, not included); "<" marks a median that is only an upper bound, since a σ it
// reaches lies below its resolution floor.
std::string depth_sweep_table(const std::vector<io::RunRecord>& records);

}  // namespace symplex::kinds
