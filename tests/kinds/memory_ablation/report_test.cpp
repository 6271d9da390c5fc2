#include "symplex/kinds/memory_ablation/report.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>

#include "symplex/io/atomic_file.h"
#include "symplex/io/csv.h"

namespace symplex::kinds {
namespace {

namespace fs = std::filesystem;

class MemoryAblationReport : public ::testing::Test {
 protected:
  fs::path dir_ = fs::temp_directory_path() / ("symplex_ablation_" + std::to_string(::getpid()));

  void SetUp() override { fs::remove_all(dir_); }
  void TearDown() override { fs::remove_all(dir_); }

  // A run of the leapfrog at `dt` in `mode` whose ΔH at step t is base_h·t (+ `nudge` at step 2),
  // taking `seconds` per step.
  io::RunRecord add_run(const std::string& mode, double dt, double nudge, double seconds) {
    io::RunRecord r;
    r.id = mode + "_" + std::to_string(dt);
    r.params = {{"optimizer", "leapfrog"},
                {"series", "leapfrog"},
                {"step_size", dt},
                {"seed", 0},
                {"mode", mode}};
    r.status = "finished";
    r.figures = {{"drift", dt * dt}, {"cap_engagement", 0.0}, {"seconds_per_step", seconds}};
    fs::create_directories(dir_ / r.id);
    std::string csv = io::csv_line({"step", "loss", "kinetic", "energy", "delta_h", "seconds"});
    for (int t = 1; t <= 3; ++t) {
      const double delta_h = 0.1 * dt * t + (t == 2 ? nudge : 0.0);
      csv += io::csv_line({t, 2.0 / t, 0.5, 2.0 / t + 0.5, delta_h, seconds * t});
    }
    io::write_file_atomic(dir_ / r.id / "metrics.csv", csv);
    return r;
  }
};

TEST_F(MemoryAblationReport, IdenticalCurvesGiveTheMatchingVerdict) {
  std::vector<io::RunRecord> records;
  for (const double dt : {0.002, 0.004}) {
    records.push_back(add_run("default", dt, 0.0, 0.1));
    records.push_back(add_run("thrash", dt, 0.0, 0.15));  // the clock differs, the values not
    records.push_back(add_run("scramble", dt, 0.0, 0.1));
  }
  MemoryAblationSpec spec;
  const auto text = write_memory_ablation_report(dir_, records, spec);
  EXPECT_NE(text.find("thrash and scramble equal default's bit for bit in all 4 compared runs"),
            std::string::npos)
      << text;
  const auto table = io::read_csv(dir_ / "ablation.csv");
  ASSERT_EQ(table.rows.size(), 2u);
  for (const auto& row : table.rows) {
    EXPECT_EQ(row[table.column("runs_identical")], "2");
    EXPECT_EQ(std::stod(row[table.column("max_abs_delta_h_difference")]), 0.0);
  }
  const auto& thrash = table.rows[table.rows[0][0] == "thrash" ? 0 : 1];
  EXPECT_DOUBLE_EQ(std::stod(thrash[table.column("time_ratio")]), 1.5);
  // Each mode gets its own drift fit: drift = dt², so slope 2.
  const auto fits = io::read_csv(dir_ / "fits.csv");
  ASSERT_EQ(fits.rows.size(), 6u);  // three modes, per seed and on seed means
  for (const auto& row : fits.rows)
    EXPECT_NEAR(std::stod(row[fits.column("slope")]), 2.0, 1e-9);
}

TEST_F(MemoryAblationReport, AnyDifferenceIsCountedAndMeasured) {
  std::vector<io::RunRecord> records = {
      add_run("default", 0.002, 0.0, 0.1),
      add_run("scramble", 0.002, 3e-12, 0.1),
      add_run("default", 0.004, 0.0, 0.1),
      add_run("scramble", 0.004, 0.0, 0.1),
  };
  const auto comparisons = compare_memory_modes(dir_, records);
  ASSERT_EQ(comparisons.size(), 1u);
  EXPECT_EQ(comparisons[0].runs_compared, 2u);
  EXPECT_EQ(comparisons[0].runs_identical, 1u);
  EXPECT_NEAR(comparisons[0].max_abs_delta_h_difference, 3e-12, 1e-15);
  EXPECT_EQ(comparisons[0].max_abs_loss_difference, 0.0);
  const auto text = write_memory_ablation_report(dir_, records, MemoryAblationSpec{});
  EXPECT_NE(text.find("scramble differs in 1 of 2 runs"), std::string::npos) << text;
}

TEST_F(MemoryAblationReport, ADivergedTwinIsNotIdentical) {
  auto reference = add_run("default", 0.002, 0.0, 0.1);
  auto thrash = add_run("thrash", 0.002, 0.0, 0.1);
  thrash.status = "diverged";
  thrash.diverged_step = 4;
  const auto comparisons = compare_memory_modes(dir_, {reference, thrash});
  ASSERT_EQ(comparisons.size(), 1u);
  EXPECT_EQ(comparisons[0].runs_identical, 0u);
}

}  // namespace
}  // namespace symplex::kinds
