// Class 5 of issue 16: a value given twice in a list made the same run id twice, and the fits
// then counted points that were one run.
#include <gtest/gtest.h>

#include "cli/run_binary.h"

namespace {

TEST(Hostile, DuplicateListValuesAreRefusedWhereTheyStand) {
  const auto dt =
      run_symplex("validate configs/smoke/dt_band.yaml --set 'leapfrog.dt=[0.002, 0.002, 0.004]'");
  EXPECT_EQ(dt.exit_code, 2) << dt.out;
  EXPECT_NE(dt.err.find("'leapfrog.dt[1]': duplicate of item [0]"), std::string::npos) << dt.err;

  const auto seeds = run_symplex(
      "validate configs/smoke/depth_sweep.yaml --set 'grid.seed=[0, 1, 0]' "
      "--set 'grid.architecture=[mlp, mlp]'");
  EXPECT_EQ(seeds.exit_code, 2) << seeds.out;
  EXPECT_NE(seeds.err.find("'grid.seed[2]': duplicate of item [0]"), std::string::npos)
      << seeds.err;
  EXPECT_NE(seeds.err.find("'grid.architecture[1]': duplicate of item [0]"), std::string::npos)
      << seeds.err;
}

}  // namespace
