// Class 4 of issue 16: a checkpoint write that failed (a full disk) failed the run, and the run's
// failure handling then deleted its last good checkpoint, so the progress was lost; the failed
// write also left its partial temporary behind, as does a process killed mid-write; the next
// attempt at the run removes those. A file-size limit (RLIMIT_FSIZE, the shell's
// `ulimit -f`) fails writes as a full disk does.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <string>
#include <vector>

#include "cli/run_binary.h"
#include "symplex/io/atomic_file.h"

namespace symplex::io {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> temporaries(const fs::path& dir) {
  std::vector<std::string> found;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.path().filename().string().find(".tmp.") != std::string::npos)
      found.push_back(entry.path().string());
  }
  return found;
}

TEST(Hostile, AFullDiskKeepsTheLastCheckpointAndNoPartialFile) {
  const auto dir =
      fs::temp_directory_path() / ("symplex_hostile_full_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  const std::vector<std::string> arguments = {"run",
                                              "configs/smoke/depth_sweep.yaml",
                                              "--set",
                                              "train.steps=100000",
                                              "--set",
                                              "grid.architecture=[mlp]",
                                              "--set",
                                              "grid.depth=[2]",
                                              "--device",
                                              "cpu",
                                              "--checkpoint-every",
                                              "0",
                                              "--out",
                                              dir.string()};
  const auto checkpoint = dir / "mlp_d02_s0" / "checkpoint.pt";

  // A first attempt, stopped once it has a checkpoint.
  const pid_t first = start_symplex(arguments);
  for (int i = 0; i < 3000 && !fs::exists(checkpoint); ++i)
    ::usleep(20000);
  ::kill(first, SIGKILL);
  ::waitpid(first, nullptr, 0);
  ASSERT_TRUE(fs::exists(checkpoint));
  const std::string kept = read_file(checkpoint);
  const auto manifest_bytes = fs::file_size(dir / "manifest.json");
  // Room for the manifest (and the run's metrics.csv, cut back to the checkpoint), not for a
  // checkpoint.
  const rlim_t limit = (kept.size() + manifest_bytes) / 2;
  ASSERT_LT(2 * manifest_bytes, kept.size()) << "the test needs a checkpoint larger than this";

  const auto err = dir.string() + ".err";
  int status = 0;
  ::waitpid(start_symplex(arguments, err, limit), &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 1) << status;
  const auto message = read_file(err);
  fs::remove(err);
  EXPECT_NE(message.find("its checkpoint is kept"), std::string::npos) << message;
  ASSERT_TRUE(fs::exists(checkpoint)) << message;
  EXPECT_EQ(read_file(checkpoint), kept);
  EXPECT_EQ(temporaries(dir), std::vector<std::string>{});
  fs::remove_all(dir);
}

}  // namespace
}  // namespace symplex::io
