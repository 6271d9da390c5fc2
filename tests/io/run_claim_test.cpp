#include "symplex/io/run_claim.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <thread>
#include <vector>

#include "symplex/io/atomic_file.h"

namespace symplex::io {
namespace {

namespace fs = std::filesystem;
using std::chrono::seconds;

class RunClaimTest : public ::testing::Test {
 protected:
  fs::path dir_ = fs::temp_directory_path() / ("symplex_claims_" + std::to_string(::getpid()));
  void SetUp() override { fs::remove_all(dir_); }
  void TearDown() override { fs::remove_all(dir_); }
};

TEST_F(RunClaimTest, OnlyOneHolderUntilReleased) {
  const auto file = dir_ / "run_a";
  {
    auto first = RunClaim::try_acquire(file, "host:1", seconds(300));
    ASSERT_TRUE(first);
    EXPECT_EQ(read_file(file), "host:1\n");
    EXPECT_FALSE(RunClaim::try_acquire(file, "host:2", seconds(300)));
  }
  EXPECT_FALSE(fs::exists(file));  // released
  EXPECT_TRUE(RunClaim::try_acquire(file, "host:2", seconds(300)));
}

TEST_F(RunClaimTest, AClaimWithoutHeartbeatIsTakenOverAndAHeartbeatKeepsItAlive) {
  const auto file = dir_ / "run_b";
  auto dead = RunClaim::try_acquire(file, "host:1", seconds(300));
  ASSERT_TRUE(dead);
  fs::last_write_time(file, fs::file_time_type::clock::now() - seconds(600));
  auto taker = RunClaim::try_acquire(file, "host:2", seconds(300));
  ASSERT_TRUE(taker);
  EXPECT_EQ(read_file(file), "host:2\n");

  fs::last_write_time(file, fs::file_time_type::clock::now() - seconds(600));
  taker->heartbeat();
  EXPECT_FALSE(RunClaim::try_acquire(file, "host:3", seconds(300)));
}

// A claim of a process of this host that is gone is taken over at once (resume after kill -9).
TEST_F(RunClaimTest, AClaimOfADeadProcessOfThisHostIsTakenOverAtOnce) {
  const auto file = dir_ / "run_c";
  const std::string me = claim_owner();
  const std::string host = me.substr(0, me.find(':'));
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) ::_exit(0);
  ASSERT_EQ(::waitpid(child, nullptr, 0), child);  // its pid now names no process
  auto dead = RunClaim::try_acquire(file, host + ":" + std::to_string(child), seconds(300));
  ASSERT_TRUE(dead);
  EXPECT_TRUE(RunClaim::try_acquire(file, me, seconds(300)));
  // A live owner on this host keeps its claim.
  const auto live = dir_ / "run_d";
  auto mine = RunClaim::try_acquire(live, host + ":" + std::to_string(::getppid()), seconds(300));
  ASSERT_TRUE(mine);
  EXPECT_FALSE(RunClaim::try_acquire(live, me, seconds(300)));
}

// Class 14 of issue 16: a pid is reused (a container restarted with the same hostname gives its
// first process pid 1 again), so a live process with the claim's pid owns the claim only when it
// started when the claim's owner did.
TEST_F(RunClaimTest, AClaimOfAReusedPidIsTakenOverAndOneOfThisProcessIsNot) {
  const std::string me = claim_owner();
  const std::string host = me.substr(0, me.find(':'));
  const std::string pid = std::to_string(::getpid());
  ASSERT_EQ(me.rfind(host + ":" + pid + ":", 0), 0u) << me;
  ASSERT_GT(me.size(), host.size() + pid.size() + 2) << "no start time in " << me;

  const auto file = dir_ / "run_e";
  auto earlier = RunClaim::try_acquire(file, host + ":" + pid + ":00000000.1", seconds(300));
  ASSERT_TRUE(earlier);
  EXPECT_TRUE(RunClaim::try_acquire(file, me, seconds(300)));

  const auto mine = dir_ / "run_f";
  auto held = RunClaim::try_acquire(mine, me, seconds(300));
  ASSERT_TRUE(held);
  EXPECT_FALSE(RunClaim::try_acquire(mine, me, seconds(300)));
}

// Class 3 of issue 16: a claim whose file was deleted, or deleted and made again by another
// process, is no longer held.
TEST_F(RunClaimTest, AClaimIsHeldUntilItsFileIsDeletedOrTakenOver) {
  const auto file = dir_ / "run_g";
  auto claim = RunClaim::try_acquire(file, "host:1", seconds(300));
  ASSERT_TRUE(claim);
  EXPECT_TRUE(claim->held());
  claim->heartbeat();
  EXPECT_TRUE(claim->held());
  fs::remove_all(dir_);
  EXPECT_FALSE(claim->held());
  auto other = RunClaim::try_acquire(file, "host:2", seconds(300));
  ASSERT_TRUE(other);
  EXPECT_FALSE(claim->held());
  EXPECT_TRUE(other->held());
}

// Many threads race for one free claim and for one dead claim: exactly one wins each.
TEST_F(RunClaimTest, ExactlyOneOfManyRacersWins) {
  for (const bool stale : {false, true}) {
    const auto file = dir_ / (stale ? "stale" : "fresh");
    std::optional<RunClaim> dead;
    if (stale) {
      dead = RunClaim::try_acquire(file, "host:0", seconds(300));
      fs::last_write_time(file, fs::file_time_type::clock::now() - seconds(600));
    }
    std::vector<std::optional<RunClaim>> claims(8);
    std::vector<std::thread> racers;
    for (size_t i = 0; i < claims.size(); ++i) {
      racers.emplace_back([&, i] {
        claims[i] = RunClaim::try_acquire(file, "host:" + std::to_string(i + 1), seconds(300));
      });
    }
    for (auto& racer : racers)
      racer.join();
    size_t winners = 0;
    for (const auto& claim : claims)
      winners += claim ? 1 : 0;
    EXPECT_EQ(winners, 1u) << (stale ? "stale" : "fresh");
  }
}

}  // namespace
}  // namespace symplex::io
