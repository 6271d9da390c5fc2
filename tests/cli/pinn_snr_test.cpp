// The pinn_snr kind through the real binary: its files and its located spec errors (its stopped
// runs resuming exactly: kill_resume_test.cpp).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/run_binary.h"
#include "symplex/io/atomic_file.h"
#include "symplex/io/csv.h"

namespace {

namespace fs = std::filesystem;
using symplex::io::read_csv;
using symplex::io::read_file;

// The smoke spec: 30 steps, a measurement every 5 from step 0 (7 of them), 4 × 4 bins, networks
// of an input layer, 2 hidden layers and a head (4 weight matrices).
TEST(PinnSnrCli, SmokeSweepWritesEveryRunsCurvesAndTheTable) {
  const auto dir = fresh_temp_dir("symplex_pinn_snr_smoke");
  const auto result =
      run_symplex("run configs/smoke/pinn_snr.yaml --device cpu --out '" + dir.string() + "'");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  for (const char* id : {"heat_plain_s0", "heat_rba_s0", "helmholtz_plain_s0", "helmholtz_rba_s0",
                         "allen_cahn_plain_s0", "allen_cahn_rba_s0"}) {
    SCOPED_TRACE(id);
    EXPECT_EQ(read_csv(dir / id / "snr.csv").rows.size(), 7u);
    EXPECT_EQ(read_csv(dir / id / "snr_layers.csv").rows.size(), 7u * 4u);
    EXPECT_EQ(read_csv(dir / id / "residual_cells.csv").rows.size(), 7u * 16u);
    EXPECT_EQ(read_csv(dir / id / "metrics.csv").rows.size(), 7u);  // steps 1, 5, 10, …, 30
    const auto summary = nlohmann::json::parse(read_file(dir / id / "summary.json"));
    const auto& figures = summary.at("figures");
    EXPECT_LT(figures.at("relative_l2").get<double>(), 10.0);
    EXPECT_TRUE(figures.contains("onset_step"));
    EXPECT_EQ(figures.contains("reference"), std::string(id).rfind("allen_cahn", 0) == 0);
  }
  // λ₀ = 0: RBA's first measurement has no residual gradient, an empty cell rather than NaN.
  const auto rba = read_csv(dir / "heat_rba_s0" / "snr.csv");
  EXPECT_EQ(rba.rows[0][rba.column("snr_without_conditions")], "");
  EXPECT_EQ(read_csv(dir / "pinn_snr_table.csv").rows.size(), 6u * 4u + 3u * 2u);
  EXPECT_NE(result.out.find("RBA against plain, paired by seed"), std::string::npos) << result.out;
  // The reference is solved once per sweep and kept.
  const auto references = dir / "allen_cahn_reference";
  ASSERT_TRUE(fs::is_directory(references));
  size_t files = 0;
  for (const auto& entry : fs::directory_iterator(references)) {
    ++files;
    EXPECT_TRUE(entry.path().extension() == ".pt" || entry.path().extension() == ".json");
  }
  EXPECT_EQ(files, 2u);

  // Nested autograd, the reference, serves the same sweep, conditions without derivative points
  // included, and ends where the fused derivatives do up to float32 round-off over 30 steps.
  const auto nested_dir = dir.string() + "_autograd";
  const auto nested = run_symplex(
      "run configs/smoke/pinn_snr.yaml --device cpu --set "
      "train.derivatives=autograd --out '" +
      nested_dir + "'");
  ASSERT_EQ(nested.exit_code, 0) << nested.err;
  const auto l2 = [](const fs::path& run) {
    return nlohmann::json::parse(read_file(run / "summary.json"))
        .at("figures")
        .at("relative_l2")
        .get<double>();
  };
  for (const char* id : {"heat_rba_s0", "helmholtz_plain_s0", "allen_cahn_rba_s0"})
    EXPECT_NEAR(l2(fs::path(nested_dir) / id), l2(dir / id), 1e-2 * l2(dir / id)) << id;
  fs::remove_all(dir);
  fs::remove_all(nested_dir);
}

TEST(PinnSnrCli, SpecProblemsAreLocatedAllAtOnce) {
  const auto result = run_symplex(
      "validate configs/smoke/pinn_snr.yaml --set problems.allen_cahn.reference.time_steps=401 "
      "--set problems.allen_cahn.reference.modes=63 --set snr.batches=1000 "
      "--set 'grid.problem=[heat, burgers]'");
  EXPECT_EQ(result.exit_code, 2);
  for (const char* expected :
       {"must be a multiple of output_times - 1 = 10, got 401", "must be even, got 63",
        "1000 batches of 200 residual points leave some empty", "burgers"}) {
    EXPECT_NE(result.err.find(expected), std::string::npos) << expected << "\n" << result.err;
  }
}

}  // namespace
