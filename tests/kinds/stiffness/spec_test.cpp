#include "symplex/kinds/stiffness/spec.h"

#include <gtest/gtest.h>

#include "config/spec_test_util.h"
#include "symplex/config/spec_problem.h"

namespace symplex::kinds {
namespace {

config::KindSpecReading<StiffnessSpec> read(const std::string& text) {
  return config::read_kind_spec(text, read_stiffness_spec);
}

TEST(StiffnessSpec, GridIsLogSpacedFromZMinToZMaxInclusive) {
  const auto grid = stability_grid({1e-2, 1e6, 20, 1e3});
  ASSERT_EQ(grid.size(), 8u * 20u + 1u);
  EXPECT_DOUBLE_EQ(grid.front(), 1e-2);
  EXPECT_NEAR(grid.back(), 1e6, 1e-6);
  EXPECT_NEAR(grid[20], 0.1, 1e-15);
  EXPECT_EQ(stability_grid({1.0, 5.0, 1, 2.0}).size(), 1u);  // 10⁰ only: 10¹ is past z_max
}

TEST(StiffnessSpec, DefaultsAreTheConfigsAndEveryProblemIsReported) {
  const auto defaults = read("kind: stiffness\n");
  ASSERT_TRUE(defaults.problems.empty());
  EXPECT_EQ(defaults.spec.methods.size(), 8u);
  EXPECT_EQ(defaults.spec.learning.stiffness_ratios.back(), 1e6);
  EXPECT_EQ(ratio_key(1e6), "ratio_1e+06");
  EXPECT_EQ(ratio_key(3.0), "ratio_3");

  const auto bad = read(
      "kind: stiffness\n"
      "grid: {method: [rk4, rk5]}\n"
      "stability: {z_min: 10, z_max: 1, slope_from: 100}\n"
      "learning: {stiffness_ratio: [0.5], start_factor: 0.5}\n"
      "neural: {h: [-1], newton_tolerance: 1}\n");
  std::vector<std::string> keys;
  for (const auto& p : bad.problems)
    keys.push_back(p.key_path);
  for (const char* key :
       {"grid.method[1]", "stability.z_max", "stability.slope_from", "learning.stiffness_ratio[0]",
        "learning.start_factor", "neural.h[0]", "neural.newton_tolerance"}) {
    EXPECT_NE(std::find(keys.begin(), keys.end(), key), keys.end()) << key;
  }
}

}  // namespace
}  // namespace symplex::kinds
