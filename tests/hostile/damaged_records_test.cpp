// Class 10 of issue 16: a damaged manifest.json blocked run, summarize and report with a bare
// parser message and no file name; a summary.json with empty figures wedged the sweep
// ("unresolved reference token"), and one with another id was trusted as a path. Each is now
// named with what is wrong: the manifest is made again from the runs, the folder of a run with a
// damaged summary.json is set aside and the run done again.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/run_binary.h"
#include "hostile/sweep_process.h"
#include "symplex/io/atomic_file.h"

namespace symplex::io {
namespace {

namespace fs = std::filesystem;

TEST(Hostile, DamagedManifestAndSummariesAreNamedAndRecovered) {
  const auto dir = fresh_folder("damaged_records");
  const std::string run =
      "run configs/smoke/depth_sweep.yaml --device cpu --set train.steps=5 "
      "--set grid.architecture=[mlp] --out '" +
      dir.string() + "'";
  ASSERT_EQ(run_symplex(run).exit_code, 0);
  const auto d2 = dir / "mlp_d02_s0" / "summary.json";
  const auto d3 = dir / "mlp_d03_s0" / "summary.json";
  auto emptied = nlohmann::json::parse(read_file(d2));
  emptied["figures"] = nlohmann::json::object();
  write_file_atomic(d2, emptied.dump());
  auto elsewhere = nlohmann::json::parse(read_file(d3));
  elsewhere["id"] = "../../elsewhere";
  write_file_atomic(d3, elsewhere.dump());
  write_file_atomic(dir / "manifest.json", "{\"runs\": [tr");

  const auto summarized = run_symplex("summarize '" + dir.string() + "'");
  EXPECT_EQ(summarized.exit_code, 0) << summarized.err;
  EXPECT_NE(summarized.err.find((dir / "manifest.json").string() + " is damaged ("),
            std::string::npos)
      << summarized.err;
  EXPECT_NE(summarized.err.find(d2.string() + " is damaged (it has no figures)"), std::string::npos)
      << summarized.err;
  EXPECT_NE(summarized.err.find(d3.string() + " is damaged (it is the record of run"),
            std::string::npos)
      << summarized.err;
  EXPECT_NE(summarized.err.find("2 of 2 runs have no summary.json"), std::string::npos);

  const auto rerun = run_symplex(run);
  EXPECT_EQ(rerun.exit_code, 0) << rerun.err;
  EXPECT_NE(rerun.err.find("manifest.json is damaged"), std::string::npos) << rerun.err;
  EXPECT_NE(rerun.err.find("the run's folder is set aside as mlp_d02_s0.damaged, and the run is "
                           "done again"),
            std::string::npos)
      << rerun.err;
  EXPECT_NE(rerun.err.find("0 finished before, 2 to run"), std::string::npos) << rerun.err;
  EXPECT_EQ(
      nlohmann::json::parse(read_file(dir / "mlp_d02_s0.damaged" / "summary.json")).at("figures"),
      nlohmann::json::object());
  const auto manifest = nlohmann::json::parse(read_file(dir / "manifest.json"));
  EXPECT_EQ(manifest.at("status"), "finished");
  EXPECT_EQ(nlohmann::json::parse(read_file(d3)).at("id"), "mlp_d03_s0");

  const auto report = run_symplex("report '" + dir.string() + "'");
  EXPECT_EQ(report.exit_code, 0) << report.err;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace symplex::io
