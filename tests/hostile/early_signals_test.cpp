// Class 9 of issue 16: a signal in the first tenths of a second (before the handlers were
// installed) or a second SIGTERM soon after the first ended symplex with 138 or 143 instead of
// 130, and could leave the manifest "running". The handlers are now in place before LibTorch
// loads, and repeats of SIGTERM change nothing.
#include <gtest/gtest.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/run_binary.h"
#include "hostile/sweep_process.h"
#include "symplex/io/atomic_file.h"

namespace symplex::io {
namespace {

namespace fs = std::filesystem;

// The manifest's status, or "none" when the process stopped before it wrote one.
std::string manifest_status(const fs::path& dir) {
  if (!fs::exists(dir / "manifest.json")) return "none";
  return nlohmann::json::parse(read_file(dir / "manifest.json")).at("status");
}

TEST(Hostile, ASignalAtAnyTimeAfterStartEndsWith130) {
  for (const int signal_number : {SIGTERM, SIGUSR1, SIGINT}) {
    for (const useconds_t delay : {20000u, 60000u, 150000u, 400000u}) {
      const auto dir = fresh_folder("early_signal");
      const pid_t run = start_symplex(one_run_arguments(dir, 100000));
      ::usleep(delay);
      ::kill(run, signal_number);
      EXPECT_EQ(exit_code_of(run), 130)
          << "signal " << signal_number << " after " << delay << " us";
      EXPECT_NE(manifest_status(dir), "running");
      fs::remove_all(dir);
    }
  }
}

TEST(Hostile, ARepeatedSigtermStillStopsTheSweepInOrder) {
  const auto dir = fresh_folder("repeated_sigterm");
  const pid_t run = start_until_checkpoint(dir, 100000);
  ASSERT_GT(run, 0);
  ::kill(run, SIGTERM);
  ::kill(run, SIGTERM);
  ::usleep(20000);
  ::kill(run, SIGTERM);
  EXPECT_EQ(exit_code_of(run), 130);
  EXPECT_EQ(manifest_status(dir), "interrupted");
  EXPECT_TRUE(fs::exists(one_run_folder(dir) / "checkpoint.pt"));
  fs::remove_all(dir);
}

// The way out for an impatient user: a second Ctrl-C ends the process at once, with 130 too.
TEST(Hostile, ASecondCtrlCEndsAtOnceWith130) {
  const auto dir = fresh_folder("second_ctrl_c");
  const pid_t run = start_until_checkpoint(dir, 100000);
  ASSERT_GT(run, 0);
  ::kill(run, SIGINT);
  ::kill(run, SIGINT);
  EXPECT_EQ(exit_code_of(run), 130);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace symplex::io
