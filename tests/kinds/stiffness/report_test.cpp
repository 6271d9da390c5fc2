#include "symplex/kinds/stiffness/report.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "symplex/io/csv.h"

namespace symplex::kinds {
namespace {

io::RunRecord closed_forms(const std::string& method, double slope, nlohmann::json unstable) {
  io::RunRecord r;
  r.id = "closed_forms_" + method;
  r.status = "finished";
  r.params = {{"part", "closed_forms"}, {"method", method}};
  r.figures = {{"part", "closed_forms"},
               {"slope", slope},
               {"slope_ci_low", slope - 0.01},
               {"slope_ci_high", slope + 0.01},
               {"slope_closed", slope},
               {"r_max_error", 1e-16},
               {"dr_max_error", 2e-15},
               {"dr_points_at_floor", 0},
               {"sup_z_dr", 0.25},
               {"sup_z_dr_at", -1.0},
               {"unstable_from", unstable},
               {"end_gradient_max_error", 1e-15},
               {"sum_gradient_max_error", 1e-15}};
  // The solve table's columns go by |z|, not by the keys' text order ("z1e+00" < "z1e-01").
  r.figures["solve_decades"] = {
      {"z1e+00", {{"abs_z", 1.0}, {"end", -0.25}, {"end_exact_flow", 0.37}}},
      {"z1e-01", {{"abs_z", 0.1}, {"end", -0.8}, {"end_exact_flow", 0.9}}}};
  return r;
}

io::RunRecord learning(const std::string& method, int64_t seed, double fast_error,
                       int64_t unstable_at, bool stable_at_truth) {
  io::RunRecord r;
  r.id = "learning_" + method + "_s" + std::to_string(seed);
  r.status = "finished";
  r.params = {{"part", "learning"}, {"method", method}, {"seed", seed}};
  const nlohmann::json entry = {{"stiffness_ratio", 1e6},
                                {"fast_z", -1e5},
                                {"unstable_at", unstable_at},
                                {"stable_at_truth", stable_at_truth},
                                {"slow_error", 1e-7},
                                {"fast_error", fast_error},
                                {"final_misfit", 1e-12},
                                {"fast_initial_gradient", -3e-12},
                                {"fast_initial_gradient_closed", -3e-12}};
  r.figures = {{"part", "learning"},
               {"gradient_max_error", 1e-14 * static_cast<double>(seed + 1)},
               {"ratios", {{ratio_key(1e6), entry}}}};
  return r;
}

TEST(StiffnessReport, TablesTakeMediansOverSeedsAndMarkUnstableCells) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("symplex_stiffness_report_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  StiffnessSpec spec;
  spec.learning.stiffness_ratios = {1e6};
  const std::vector<io::RunRecord> records = {
      closed_forms("implicit_euler", -2.0, nullptr), closed_forms("explicit_euler", 0.0, 2.2),
      learning("implicit_euler", 0, 0.5, -1, true),  learning("implicit_euler", 1, 0.9, -1, true),
      learning("implicit_euler", 2, 0.7, -1, true),  learning("explicit_euler", 0, NAN, 0, false)};
  const auto text = write_stiffness_report(dir, records, spec);

  const auto methods = io::read_csv(dir / "stiffness_methods.csv");
  ASSERT_EQ(methods.rows.size(), 2u);
  EXPECT_EQ(methods.rows[0][methods.column("stability")], "A, L");
  EXPECT_EQ(methods.rows[0][methods.column("unstable_from")], "");
  EXPECT_EQ(methods.rows[1][methods.column("unstable_from")], "2.2");

  const auto table = io::read_csv(dir / "stiffness_learning.csv");
  ASSERT_EQ(table.rows.size(), 2u);
  EXPECT_EQ(table.rows[0][table.column("fast_error_median")], "0.7");
  EXPECT_EQ(table.rows[0][table.column("fast_error_max")], "0.9");
  EXPECT_EQ(table.rows[0][table.column("seeds")], "3");
  EXPECT_EQ(table.rows[1][table.column("unstable")], "1");
  EXPECT_EQ(table.rows[1][table.column("stable_at_truth")], "false");
  EXPECT_EQ(table.rows[1][table.column("fast_error_median")], "");
  EXPECT_NE(text.find("7.0e-01 (9.0e-01)"), std::string::npos) << text;
  EXPECT_NE(text.find("unstable"), std::string::npos);
  EXPECT_NE(text.find("largest relative error 3.00e-14"), std::string::npos) << text;
  EXPECT_NE(text.find("1e-01      1e+00"), std::string::npos) << text;
  EXPECT_NE(text.find("8.00e-01   2.50e-01"), std::string::npos) << text;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace symplex::kinds
