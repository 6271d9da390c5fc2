// Class 14 of issue 16: a claim that names a live pid of this host was taken for a live owner, so
// a claim left by a process of a restarted container (same hostname, same pid 1) made a plain run
// skip the run and exit 0 with the sweep "partial". Claims now name the owner's start time too; and
// a run without --shard that leaves runs to other processes says so and exits 1.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "hostile/sweep_process.h"
#include "symplex/io/atomic_file.h"
#include "symplex/io/run_claim.h"

namespace symplex::io {
namespace {

namespace fs = std::filesystem;

void plant_claim(const fs::path& dir, const std::string& owner) {
  fs::create_directories(dir / ".claims");
  write_file_atomic(dir / ".claims" / "mlp_d02_s0", owner + "\n");
}

TEST(Hostile, AClaimOfAnEarlierProcessWithTheSamePidIsTakenOver) {
  const auto dir = fresh_folder("claim_reused_pid");
  const std::string me = claim_owner();
  const std::string host = me.substr(0, me.find(':'));
  // This test process is alive, but it is not the process that made the claim.
  plant_claim(dir, host + ":" + std::to_string(::getpid()) + ":00000000.1");
  const auto result = run_to_end(one_run_arguments(dir, 5));
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(fs::exists(one_run_folder(dir) / "summary.json")) << result.err;
  fs::remove_all(dir);
}

TEST(Hostile, ARunThatLeavesRunsToALiveOwnerExitsNonZeroUnlessAShareWasAskedFor) {
  const auto dir = fresh_folder("claim_live");
  plant_claim(dir, claim_owner());  // this test process, alive for as long as the runs take
  const auto plain = run_to_end(one_run_arguments(dir, 5));
  EXPECT_EQ(plain.exit_code, 1) << plain.err;
  EXPECT_NE(plain.err.find("1 of 1 runs are not finished: other processes hold them"),
            std::string::npos)
      << plain.err;
  EXPECT_FALSE(fs::exists(one_run_folder(dir) / "summary.json"));
  const auto shard = run_to_end(one_run_arguments(dir, 5, {"--shard", "1/1"}));
  EXPECT_EQ(shard.exit_code, 0) << shard.err;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace symplex::io
