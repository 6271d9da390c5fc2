// Class 11 of issue 16: a damaged checkpoint failed its run with a zip-archive backtrace, in the
// log and in manifest.json. The run's folder is now set aside (<run>.damaged) and the run starts
// over, with a warning and no backtrace anywhere.
#include <gtest/gtest.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <string>

#include "cli/run_binary.h"
#include "hostile/sweep_process.h"
#include "symplex/io/atomic_file.h"

namespace symplex::io {
namespace {

namespace fs = std::filesystem;

TEST(Hostile, ADamagedCheckpointIsSetAsideAndTheRunStartsOver) {
  const auto dir = fresh_folder("damaged_checkpoint");
  const auto arguments = one_run_arguments(dir, 300);
  const auto checkpoint = one_run_folder(dir) / "checkpoint.pt";
  const pid_t first = start_until_checkpoint(dir, 300);
  ASSERT_GT(first, 0);
  ::kill(first, SIGKILL);
  exit_code_of(first);
  std::string damaged = read_file(checkpoint);
  damaged.resize(damaged.size() / 2);  // torn, as by a disk that lost its tail
  write_file_atomic(checkpoint, damaged);

  const auto [exit_code, message] = run_to_end(arguments);
  EXPECT_EQ(exit_code, 0) << message;
  EXPECT_NE(message.find(checkpoint.string() + " is damaged ("), std::string::npos) << message;
  EXPECT_NE(message.find("the run's folder is set aside as mlp_d02_s0.damaged, and the run starts "
                         "over"),
            std::string::npos)
      << message;
  for (const auto& text : {message, read_file(dir / "manifest.json")}) {
    EXPECT_EQ(text.find("frame #"), std::string::npos) << text;
    EXPECT_EQ(text.find("Exception raised from"), std::string::npos) << text;
  }
  EXPECT_EQ(read_file(dir / "mlp_d02_s0.damaged" / "checkpoint.pt"), damaged);
  EXPECT_TRUE(fs::exists(one_run_folder(dir) / "summary.json"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace symplex::io
