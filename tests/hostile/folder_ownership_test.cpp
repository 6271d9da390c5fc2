// Class 1 of issue 16: two different specs started at once on one new --out could both pass the
// "same spec?" check, which read the manifest and wrote it with nothing in between; runs of both
// ended up in one folder and both exited 0. The folder's spec record is now created atomically,
// and a second spec is refused with exit 2.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>

#include "cli/run_binary.h"
#include "hostile/sweep_process.h"
#include "symplex/io/atomic_file.h"

namespace {

namespace fs = std::filesystem;

std::vector<std::string> run_folders(const fs::path& dir) {
  std::vector<std::string> runs;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.is_directory() && entry.path().filename().string()[0] != '.')
      runs.push_back(entry.path().filename().string());
  }
  std::sort(runs.begin(), runs.end());
  return runs;
}

std::vector<std::string> one_run_of_depth(int depth, const fs::path& dir) {
  return one_run_arguments(dir, 5, {"--set", "grid.depth=[" + std::to_string(depth) + "]"});
}

// The state two racing processes were in when the first had written its spec record and not yet
// its manifest; the second took the folder for empty.
TEST(Hostile, AFolderWithTheSpecRecordOfAnotherSpecIsRefused) {
  const auto dir = fresh_folder("owner_record");
  const auto first = run_to_end(one_run_of_depth(2, dir));
  ASSERT_EQ(first.exit_code, 0) << first.err;
  fs::remove(dir / "manifest.json");
  const auto second = run_to_end(one_run_of_depth(3, dir));
  EXPECT_EQ(second.exit_code, 2) << second.err;
  EXPECT_NE(second.err.find("holds a sweep of a different spec (it differs in grid.depth)"),
            std::string::npos)
      << second.err;
  EXPECT_EQ(run_folders(dir), std::vector<std::string>{"mlp_d02_s0"});

  // With the spec record deleted instead, the manifest still says whose folder it is.
  ASSERT_EQ(run_to_end(one_run_of_depth(2, dir)).exit_code, 0);
  fs::remove(dir / "spec.resolved.json");
  const auto third = run_to_end(one_run_of_depth(3, dir));
  EXPECT_EQ(third.exit_code, 2) << third.err;
  EXPECT_NE(third.err.find("it differs in grid.depth"), std::string::npos) << third.err;
  EXPECT_EQ(run_folders(dir), std::vector<std::string>{"mlp_d02_s0"});
  fs::remove_all(dir);
}

TEST(Hostile, OfTwoSpecsStartedAtOnceOnOneNewFolderOneIsRefused) {
  for (int trial = 0; trial < 4; ++trial) {
    const auto dir = fresh_folder("owner_race");
    const pid_t two = start_symplex(one_run_of_depth(2, dir));
    const pid_t three = start_symplex(one_run_of_depth(3, dir));
    const int two_code = exit_code_of(two);
    const int three_code = exit_code_of(three);
    EXPECT_EQ(std::min(two_code, three_code), 0) << "trial " << trial;
    EXPECT_EQ(std::max(two_code, three_code), 2) << "trial " << trial;
    const auto runs = run_folders(dir);
    EXPECT_EQ(runs, std::vector<std::string>{two_code == 0 ? "mlp_d02_s0" : "mlp_d03_s0"})
        << "trial " << trial;
    fs::remove_all(dir);
  }
}

}  // namespace
