#include "symplex/io/run_record.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "symplex/io/atomic_file.h"
#include "symplex/io/csv.h"

namespace symplex::io {
namespace {

class RunRecordTest : public ::testing::Test {
 protected:
  void SetUp() override {
    layout_.dir =
        std::filesystem::temp_directory_path() / ("symplex_records_" + std::to_string(::getpid()));
    std::filesystem::create_directories(layout_.dir);
  }
  void TearDown() override { std::filesystem::remove_all(layout_.dir); }

  RunRecord record(const std::string& id, const std::string& status) {
    RunRecord r;
    r.id = id;
    r.params = {{"architecture", "mlp"}, {"depth", 4}};
    r.status = status;
    if (status == "diverged") r.diverged_step = 17;
    r.figures = {{"final_loss", 0.125}, {"init", {{"sigma_min", 1e-9}}}};
    r.seconds = 1.5;
    r.started = "2026-01-01T00:00:00Z";
    r.ended = "2026-01-01T00:00:02Z";
    std::filesystem::create_directories(layout_.run(id).dir);
    return r;
  }

  SweepLayout layout_;
};

TEST_F(RunRecordTest, AFinishedRunIsOneWithAReadableSummary) {
  EXPECT_FALSE(load_run_record(layout_, "a").has_value());
  save_run_record(layout_, record("a", "diverged"));
  const auto loaded = load_run_record(layout_, "a");
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(loaded->status, "diverged");
  EXPECT_EQ(loaded->diverged_step, 17);
  EXPECT_EQ(loaded->figures["init"]["sigma_min"], 1e-9);

  write_file_atomic(layout_.run("a").summary_json(), "{\"id\": \"a\", \"trunc");
  EXPECT_FALSE(load_run_record(layout_, "a").has_value());
}

TEST_F(RunRecordTest, SweepSummaryFlattensParamsAndFigures) {
  write_sweep_summary(layout_, {record("a", "finished"), record("b", "diverged")});
  const auto table = read_csv(layout_.summary_csv());
  EXPECT_EQ(table.columns,
            (std::vector<std::string>{"id", "status", "diverged_step", "seconds", "architecture",
                                      "depth", "final_loss", "init.sigma_min"}));
  ASSERT_EQ(table.rows.size(), 2u);
  EXPECT_EQ(table.rows[1][table.column("diverged_step")], "17");
  EXPECT_EQ(std::stod(table.rows[0][table.column("init.sigma_min")]), 1e-9);
  const auto json = nlohmann::json::parse(read_file(layout_.summary_json()));
  EXPECT_EQ(json.size(), 2u);
}

}  // namespace
}  // namespace symplex::io
