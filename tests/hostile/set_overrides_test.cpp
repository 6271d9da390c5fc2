// Class 13 of issue 16, its --set part: problems of an override were reported against the spec
// file (`--set new.key=1`, `--set ' train.steps =5'`), `--set train.=5` was taken as `train=5`,
// and a value of two YAML documents was accepted. (yaml_tags_test.cpp holds the tags.)
#include <gtest/gtest.h>

#include <string>

#include "cli/run_binary.h"

namespace {

TEST(Hostile, OverrideProblemsAreReportedAtTheOverride) {
  const std::pair<const char*, const char*> cases[] = {
      {"'new.key=1'", "error: --set new.key=1: 'new': unknown key 'new'"},
      {"' train.steps =5'", "error: --set  train.steps =5: ' train.steps ': a key has no spaces"},
      {"'train.=5'", "error: --set train.=5: 'train.': empty component in key path"},
      {"\"$(printf 'train.steps=1\\n---\\n2')\"",
       "'train.steps': the value is 2 YAML documents; expected one"},
  };
  for (const auto& [override_text, expected] : cases) {
    const auto result =
        run_symplex(std::string("validate configs/smoke/depth_sweep.yaml --set ") + override_text);
    EXPECT_EQ(result.exit_code, 2) << override_text;
    EXPECT_NE(result.err.find(expected), std::string::npos) << override_text << "\n" << result.err;
  }
}

}  // namespace
