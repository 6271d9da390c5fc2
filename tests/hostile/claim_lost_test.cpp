// Class 3 of issue 16: with the .claims folder deleted while a run was going, a second process
// ran the same run from its checkpoint at the same time; metrics.csv got NUL bytes and missing
// and repeated steps, and both exited 0. A run whose claim is gone now stops before its next step
// and writes nothing more; its process exits 1.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "cli/run_binary.h"
#include "hostile/sweep_process.h"
#include "symplex/io/atomic_file.h"
#include "symplex/io/csv.h"

namespace symplex::io {
namespace {

namespace fs = std::filesystem;

TEST(Hostile, ARunWhoseClaimVanishesStopsAndLeavesItToTheNewOwner) {
  const auto dir = fresh_folder("claim_lost");
  const auto arguments = one_run_arguments(dir, 1500);
  const auto first_err = dir.string() + ".first.err";
  const pid_t first = start_symplex(arguments, first_err);
  ASSERT_TRUE(wait_for_file(one_run_folder(dir) / "checkpoint.pt", 60));
  fs::remove_all(dir / ".claims");
  const pid_t second = start_symplex(arguments);
  EXPECT_EQ(exit_code_of(first), 1);
  EXPECT_EQ(exit_code_of(second), 0);
  const auto message = read_file(first_err);
  fs::remove(first_err);
  EXPECT_NE(message.find("is gone or another process's"), std::string::npos) << message;

  const std::string metrics = read_file(one_run_folder(dir) / "metrics.csv");
  EXPECT_EQ(metrics.find('\0'), std::string::npos) << "NUL bytes in metrics.csv";
  const auto table = read_csv(one_run_folder(dir) / "metrics.csv");
  const size_t step = table.column("step");
  int64_t last = 0;
  for (const auto& row : table.rows) {
    const int64_t now = std::stoll(row[step]);
    EXPECT_GT(now, last) << "steps out of order or repeated";
    last = now;
  }
  EXPECT_EQ(last, 1500);
  EXPECT_TRUE(fs::exists(one_run_folder(dir) / "summary.json"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace symplex::io
