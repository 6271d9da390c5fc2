// Classes 7 (its grid part) and 12 of issue 16: a grid of 3x10^8 runs validated and was then built
// in memory until bad_alloc; an error grid of 10^10 points, or a pde.t_max of 1e300 (infinite in
// float32), validated and then failed every run. Validation now refuses what would certainly
// fail, with exit 2, where it stands.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "cli/run_binary.h"

namespace {

namespace fs = std::filesystem;

// "[0, 1, ..., count - 1]"
std::string integers(int count) {
  std::string list = "[";
  for (int i = 0; i < count; ++i)
    list += (i ? "," : "") + std::to_string(i);
  return list + "]";
}

// "[1e-3, 2e-3, ..., count e-3]"
std::string step_sizes(int count) {
  std::string list = "[";
  for (int i = 1; i <= count; ++i)
    list += (i > 1 ? "," : "") + std::to_string(i) + "e-3";
  return list + "]";
}

// `symplex validate` of a spec file with this text (long lists do not fit on a command line).
BinaryResult validate_text(const std::string& text) {
  const auto path =
      fs::temp_directory_path() / ("symplex_grid_" + std::to_string(::getpid()) + ".yaml");
  std::ofstream(path) << text;
  auto result = run_symplex("validate '" + path.string() + "'");
  fs::remove(path);
  return result;
}

TEST(Hostile, AGridAboveTheLimitIsRefusedWithItsCount) {
  const auto depth_sweep = [](int seeds) {
    return "kind: depth_sweep\ngrid:\n  architecture: [mlp]\n  depth: [2]\n  seed: " +
           integers(seeds) + "\n";
  };
  const auto at_limit = validate_text(depth_sweep(100000));
  EXPECT_EQ(at_limit.exit_code, 0) << at_limit.err;
  EXPECT_NE(at_limit.out.find("100000 runs"), std::string::npos) << at_limit.out;
  const auto above = validate_text(depth_sweep(100001));
  EXPECT_EQ(above.exit_code, 2);
  EXPECT_NE(above.err.find("the grid has 100001 runs; a spec may have at most 100000"),
            std::string::npos)
      << above.err;

  // A dt sweep counts each optimizer's series and step sizes: 10 γ x 10 dt x 1001 seeds.
  const auto dt_sweep = [](int seeds) {
    return "kind: dt_sweep\ndata:\n  dataset: synthetic\ngrid:\n  optimizer: [leapfrog]\n  "
           "seed: " +
           integers(seeds) + "\nleapfrog:\n  dt: " + step_sizes(10) +
           "\n  gamma: " + step_sizes(10) + "\n";
  };
  const auto dt_at_limit = validate_text(dt_sweep(1000));
  EXPECT_EQ(dt_at_limit.exit_code, 0) << dt_at_limit.err;
  EXPECT_NE(dt_at_limit.out.find("100000 runs"), std::string::npos) << dt_at_limit.out;
  const auto dt_above = validate_text(dt_sweep(1001));
  EXPECT_EQ(dt_above.exit_code, 2);
  EXPECT_NE(dt_above.err.find("the grid has 100100 runs"), std::string::npos) << dt_above.err;
}

TEST(Hostile, ValuesThatCannotWorkAreRefusedAtValidation) {
  const auto result = run_symplex(
      "validate configs/smoke/depth_sweep.yaml --set pde.t_max=1e300 --set "
      "pde.coefficients=[1,-1e39] --set diagnostics.test_nx=2000 --set diagnostics.test_nt=2000");
  EXPECT_EQ(result.exit_code, 2);
  for (const char* expected :
       {"'pde.t_max': must be between 1.1754944e-38 and 3.4028235e+38",
        "'pde.coefficients[1]': must be a float32 number",
        "'diagnostics.test_nt': the error grid test_nx x test_nt has 4000000 points; at most "
        "1000000"}) {
    EXPECT_NE(result.err.find(expected), std::string::npos) << expected << "\n" << result.err;
  }
}

}  // namespace
