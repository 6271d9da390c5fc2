// The conservation kind through the real binary: its files, its tables and its located spec
// errors (its stopped runs resuming exactly: kill_resume_test.cpp).
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

// The smoke spec: SGD at lr 0.05 to t = 1 is 20 steps, logged at 0, 5, …, 20; the MLP has three
// families (the last layer's weight columns and bias, one hidden layer of 32 units).
TEST(ConservationCli, SmokeSweepWritesEveryRunsLogsAndTheTables) {
  const auto dir = fresh_temp_dir("symplex_conservation_smoke");
  const auto result =
      run_symplex("run configs/smoke/conservation.yaml --device cpu --out '" + dir.string() + "'");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto families = read_csv(dir / "mlp_sgd_wd0.01_lr0.05_s0" / "families.csv");
  EXPECT_EQ(families.rows.size(), 5u * 3u);
  const auto units = read_csv(dir / "mlp_sgd_wd0.01_lr0.05_s0" / "units.csv");
  EXPECT_EQ(units.rows.size(), 5u * (3u + 1u + 3u));  // plot_units 3; the bias is one unit
  EXPECT_EQ(read_csv(dir / "mlp_sgd_wd0.01_lr0.05_s0" / "metrics.csv").rows.size(), 4u);
  size_t runs = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (!fs::exists(entry.path() / "summary.json")) continue;
    ++runs;
    const auto figures =
        nlohmann::json::parse(read_file(entry.path() / "summary.json")).at("figures");
    EXPECT_TRUE(figures.contains("translation")) << entry.path();
    EXPECT_EQ(figures.contains("scale"), entry.path().filename().string().rfind("vgg_bn", 0) == 0);
  }
  EXPECT_EQ(runs, 10u);
  // Two step sizes of SGD per network and symmetry: a slope each.
  const auto slopes = read_csv(dir / "conservation_slopes.csv");
  EXPECT_GE(slopes.rows.size(), 2u * 3u);
  EXPECT_NE(result.out.find("Relative error at the horizon"), std::string::npos) << result.out;
}

TEST(ConservationCli, BadSpecsAreRefusedWithEveryProblemLocated) {
  const auto result = run_symplex(
      "validate configs/smoke/conservation.yaml --set "
      "'model.vgg_layers=16 X 32' --set optimizers.momentum.beta=0 --set "
      "optimizers.sgd.horizon=-1 --set 'grid.optimizer=[sgd, rmsprop]'");
  EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
  for (const char* key : {"model.vgg_layers", "optimizers.momentum.beta", "optimizers.sgd.horizon",
                          "grid.optimizer"}) {
    EXPECT_NE(result.err.find(key), std::string::npos) << key << "\n" << result.err;
  }
}

}  // namespace
