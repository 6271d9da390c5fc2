#pragma once

#include <map>
#include <string>
#include <vector>

#include "symplex/diagnostics/median.h"
#include "symplex/io/run_record.h"

namespace symplex::kinds {

// The confidence of the seed table's intervals (docs/depth_sweep.md, "Seeds").
inline constexpr double kSeedConfidence = 0.95;

// One figure over the seeds of one (architecture, depth): its median, the order-statistic
// interval of that median (diagnostics::median_interval) and how many seeds it covers.
struct SeedStatistics {
  diagnostics::CensoredValue median;
  diagnostics::MedianInterval interval;
  size_t seeds = 0;
};

// The figures of the seed table, by JSON pointer: final loss and relative L2 (a diverged run
// counts as +∞, a failure) and the trained σ_min (a diverged run has none).
struct SeedFigure {
  std::string pointer;
  std::string label;
  bool diverged_counts_as_infinity;
};
const std::vector<SeedFigure>& seed_figures();

struct SeedRow {
  std::string architecture;
  int64_t depth = 0;
  size_t diverged = 0;
  std::map<std::string, SeedStatistics> figures;  // by SeedFigure::pointer
};

// One row per (architecture, depth), in the records' order.
std::vector<SeedRow> seed_rows(const std::vector<io::RunRecord>& records);

// The table `symplex report` prints: median [low, high] of each figure, with the interval's
// coverage.
std::string seed_table_text(const std::vector<SeedRow>& rows);

// The same as CSV, one line per (architecture, depth, figure): seeds.csv of the sweep folder.
std::string seed_table_csv(const std::vector<SeedRow>& rows);

}  // namespace symplex::kinds
