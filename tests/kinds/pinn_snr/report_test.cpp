#include "symplex/kinds/pinn_snr/report.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "symplex/io/atomic_file.h"
#include "symplex/io/csv.h"
#include "symplex/kinds/pinn_snr/phases.h"

namespace symplex::kinds {
namespace {

io::CsvTable snr_table(const std::vector<double>& snr) {
  io::CsvTable table;
  table.columns = {"step", "snr", "homogeneity", "relative_l2"};
  for (size_t k = 0; k < snr.size(); ++k) {
    table.rows.push_back({std::to_string(100 * k), std::to_string(snr[k]),
                          std::to_string(0.1 * static_cast<double>(k)),
                          std::to_string(1.0 / static_cast<double>(k + 1))});
  }
  return table;
}

// Steps, not indices; the figures around the onset are medians over `window` measurements on
// either side of it.
TEST(PinnSnrPhases, AreReportedInStepsWithTheMediansAroundTheOnset) {
  const auto figures = phase_figures(snr_table({20, 9, 0.8, 0.5, 0.3, 0.6, 3, 4, 5, 6}), 1);
  EXPECT_EQ(figures.at("fitting_end_step"), 200);
  EXPECT_EQ(figures.at("diffusion_minimum_step"), 400);
  EXPECT_EQ(figures.at("onset_step"), 600);
  EXPECT_DOUBLE_EQ(figures.at("snr_minimum").get<double>(), 0.3);
  EXPECT_DOUBLE_EQ(figures.at("snr_before_onset").get<double>(), 0.6);  // the point before
  EXPECT_DOUBLE_EQ(figures.at("snr_after_onset").get<double>(), 3.0);   // the onset's own
  EXPECT_NEAR(figures.at("homogeneity_after_onset").get<double>(), 0.6, 1e-12);

  const auto none = phase_figures(snr_table({20, 9, 0.8, 0.5, 0.3, 0.6}), 1);
  EXPECT_TRUE(none.at("onset_step").is_null());
  EXPECT_FALSE(none.contains("snr_after_onset"));
}

io::RunRecord record(const std::string& problem, bool rba, int64_t seed, double l2,
                     nlohmann::json onset) {
  io::RunRecord r;
  r.id = problem + (rba ? "_rba_s" : "_plain_s") + std::to_string(seed);
  r.params = {{"problem", problem}, {"rba", rba}, {"seed", seed}};
  r.status = "finished";
  r.figures = {{"relative_l2", l2}, {"onset_step", onset}};
  if (!onset.is_null()) r.figures["snr_before_onset"] = 0.6 + 0.2 * static_cast<double>(seed);
  return r;
}

// The medians over seeds count a run without an onset as +inf, and RBA is compared with plain
// seed by seed: here every RBA run has half the error and reaches the onset 100 steps earlier.
TEST(PinnSnrReport, GivesMediansOverSeedsAndThePairedComparison) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("symplex_pinn_snr_report_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::vector<io::RunRecord> records;
  for (int64_t seed = 0; seed < 3; ++seed) {
    const double l2 = 0.01 * static_cast<double>(seed + 1);
    records.push_back(record("heat", false, seed, l2,
                             seed == 2 ? nlohmann::json(nullptr) : nlohmann::json(500 + seed)));
    records.push_back(record("heat", true, seed, l2 / 2,
                             seed == 2 ? nlohmann::json(nullptr) : nlohmann::json(400 + seed)));
  }
  const auto text = write_pinn_snr_report(dir, records);
  EXPECT_NE(text.find("0.02 [0.01, 0.03]"), std::string::npos) << text;    // plain rel. L2
  EXPECT_NE(text.find("0.01 [0.005, 0.015]"), std::string::npos) << text;  // RBA rel. L2
  EXPECT_NE(text.find("501 [500, none]"), std::string::npos) << text;      // plain onset
  EXPECT_NE(text.find("0.5 [0.5, 0.5]"), std::string::npos) << text;       // ratio
  EXPECT_NE(text.find("-100 [-100, -100]"), std::string::npos) << text;    // shift, 2 pairs
  const auto csv = io::read_csv(dir / "pinn_snr_table.csv");
  EXPECT_EQ(csv.rows.size(), 2u * 4u + 2u);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace symplex::kinds
