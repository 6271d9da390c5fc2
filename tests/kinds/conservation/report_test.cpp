#include "symplex/kinds/conservation/report.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>

#include "symplex/io/csv.h"

namespace symplex::kinds {
namespace {

io::RunRecord record(double lr, int64_t seed, double error) {
  io::RunRecord r;
  r.id = "run";
  r.status = "finished";
  r.params = {
      {"network", "mlp"}, {"series", "sgd_wd0"}, {"optimizer", "sgd"}, {"lr", lr}, {"seed", seed}};
  r.figures["rescale"]["modified_flow"] = {{"median", error}, {"worst", 3 * error}};
  return r;
}

// Errors growing as lr² (times a seed factor) give a slope of 2; the table keeps the median over
// seeds and the worst.
TEST(ConservationReport, SlopeOfErrorAgainstStepSize) {
  std::vector<io::RunRecord> records;
  for (const double lr : {0.01, 0.02, 0.04, 0.08}) {
    for (const int64_t seed : {0, 1, 2})
      records.push_back(record(lr, seed, (1 + 0.1 * seed) * lr * lr));
  }
  records.push_back(record(0.01, 3, 1.0));
  records.back().status = "diverged";
  const auto dir = std::filesystem::temp_directory_path() /
                   ("symplex_conservation_report_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto text = write_conservation_report(dir, records);
  const auto slopes = io::read_csv(dir / "conservation_slopes.csv");
  ASSERT_EQ(slopes.rows.size(), 1u);
  EXPECT_NEAR(std::stod(slopes.rows[0][slopes.column("slope")]), 2.0, 1e-9);
  EXPECT_EQ(slopes.rows[0][slopes.column("points")], "12");
  const auto table = io::read_csv(dir / "conservation_table.csv");
  ASSERT_EQ(table.rows.size(), 4u);
  EXPECT_NEAR(std::stod(table.rows[0][table.column("median")]), 1.1e-4, 1e-12);
  EXPECT_NEAR(std::stod(table.rows[0][table.column("worst")]), 3 * 1.2e-4, 1e-12);
  EXPECT_NE(text.find("1 runs diverged"), std::string::npos) << text;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace symplex::kinds
