// Class 12 of issue 16, its `name:` part: a name such as ../../x put the sweep outside results/,
// and one of 300 characters validated and then failed every run.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli/run_binary.h"

namespace {

TEST(Hostile, ASweepNameStaysAFolderUnderResults) {
  for (const std::string& name :
       std::vector<std::string>{"../../x", "/tmp/x", "a/b", ".hidden", std::string(300, 'n')}) {
    const auto result =
        run_symplex("validate configs/smoke/depth_sweep.yaml --set 'name=" + name + "'");
    EXPECT_EQ(result.exit_code, 2) << name;
    EXPECT_NE(result.err.find("'name': a name"), std::string::npos) << name << ": " << result.err;
  }
  EXPECT_EQ(
      run_symplex("validate configs/smoke/depth_sweep.yaml --set name=depth-2.v1_b").exit_code, 0);
}

}  // namespace
