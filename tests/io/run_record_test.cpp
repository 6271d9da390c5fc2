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
  const auto saved = record("a", "diverged");
  EXPECT_FALSE(read_run_record(layout_, "a", saved.params).record.has_value());
  EXPECT_EQ(read_run_record(layout_, "a", saved.params).damage, "");
  save_run_record(layout_, saved);
  const auto loaded = read_run_record(layout_, "a", saved.params).record;
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(loaded->status, "diverged");
  EXPECT_EQ(loaded->diverged_step, 17);
  EXPECT_EQ(loaded->figures["init"]["sigma_min"], 1e-9);

  write_file_atomic(layout_.run("a").summary_json(), "{\"id\": \"a\", \"trunc");
  const auto torn = read_run_record(layout_, "a", saved.params);
  EXPECT_FALSE(torn.record.has_value());
  EXPECT_NE(torn.damage.find("parse error"), std::string::npos) << torn.damage;
}

// Class 10 of issue 16: a summary.json is read back untrusted; one that names another run (its id
// would become a path), holds another grid point, or has empty figures, is damaged.
TEST_F(RunRecordTest, ASummaryOfAnotherRunOrWithoutFiguresIsDamaged) {
  const auto saved = record("a", "finished");
  const auto damage_of = [&](RunRecord changed) {
    write_file_atomic(layout_.run("a").summary_json(), nlohmann::json(changed).dump());
    const auto stored = read_run_record(layout_, "a", saved.params);
    EXPECT_FALSE(stored.record.has_value());
    return stored.damage;
  };
  auto other_id = saved;
  other_id.id = "../../elsewhere";
  EXPECT_NE(damage_of(other_id).find("not of a"), std::string::npos);
  auto other_params = saved;
  other_params.params["depth"] = 5;
  EXPECT_EQ(damage_of(other_params), "its parameters are not the run's");
  auto no_figures = saved;
  no_figures.figures = nlohmann::json::object();
  EXPECT_EQ(damage_of(no_figures), "it has no figures");
  auto odd_status = saved;
  odd_status.status = "running";
  EXPECT_NE(damage_of(odd_status).find("not finished or diverged"), std::string::npos);
  save_run_record(layout_, saved);
  EXPECT_TRUE(read_run_record(layout_, "a", saved.params).record.has_value());
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
