// Class 13 of issue 16, its tag part: YAML tags (`!!str 20`, `!!python/object`) were dropped
// without a word, so a spec did not mean what it said.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "cli/run_binary.h"
#include "symplex/io/atomic_file.h"

namespace {

namespace fs = std::filesystem;

TEST(Hostile, YamlTagsAreRefusedWhereTheyStand) {
  const auto path =
      fs::temp_directory_path() / ("symplex_tags_" + std::to_string(::getpid()) + ".yaml");
  symplex::io::write_file_atomic(path,
                                 "kind: depth_sweep\n"
                                 "train:\n"
                                 "  steps: !!str 20\n"
                                 "  lr: !!python/object:os.system 1.0e-3\n");
  const auto file = run_symplex("validate '" + path.string() + "'");
  fs::remove(path);
  EXPECT_EQ(file.exit_code, 2);
  EXPECT_NE(file.err.find(path.string() + ":3:10: YAML tags are not part of a spec "
                                          "('tag:yaml.org,2002:str')"),
            std::string::npos)
      << file.err;
  EXPECT_NE(file.err.find(":4:7: YAML tags are not part of a spec"), std::string::npos) << file.err;

  const auto set =
      run_symplex("validate configs/smoke/depth_sweep.yaml --set 'train.steps=!!int 20'");
  EXPECT_EQ(set.exit_code, 2);
  EXPECT_NE(set.err.find("--set train.steps=!!int 20: YAML tags are not part of a spec"),
            std::string::npos)
      << set.err;
}

}  // namespace
