// Class 6 of issue 16: `report` on a memory-ablation sweep whose metrics.csv files differ in
// their columns (another symplex version's, or a damaged one) read cells past a row's end and
// crashed. It now reports the run as differing, by an amount not known.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "cli/run_binary.h"
#include "symplex/io/atomic_file.h"
#include "symplex/io/csv.h"

namespace symplex::io {
namespace {

namespace fs = std::filesystem;

TEST(Hostile, MetricsOfAnotherLayoutAreADifferenceNotACrash) {
  const auto dir =
      fs::temp_directory_path() / ("symplex_hostile_metrics_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  ASSERT_EQ(run_symplex("run configs/smoke/memory_ablation.yaml --device cpu --set "
                        "'grid.optimizer=[sgd]' --set 'ablation.modes=[default, thrash]' --out '" +
                        dir.string() + "'")
                .exit_code,
            0);
  // The thrash run's metrics without their last column, as an older layout would have them.
  fs::path thrash_metrics;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().filename().string().find("thrash") != std::string::npos)
      thrash_metrics = entry.path() / "metrics.csv";
  }
  ASSERT_TRUE(fs::exists(thrash_metrics));
  const auto table = read_csv(thrash_metrics);
  std::string shortened;
  for (size_t r = 0; r <= table.rows.size(); ++r) {
    const auto& row = r == 0 ? table.columns : table.rows[r - 1];
    std::vector<CsvCell> cells(row.begin(), row.end() - 1);
    shortened += csv_line(cells);
  }
  write_file_atomic(thrash_metrics, shortened);

  const auto report = run_symplex("report '" + dir.string() + "'");
  fs::remove_all(dir);
  EXPECT_EQ(report.exit_code, 0) << report.err;
  EXPECT_NE(report.out.find("thrash differs in 1 of 1 runs (largest |ΔH difference| nan)"),
            std::string::npos)
      << report.out;
}

}  // namespace
}  // namespace symplex::io
