// Class 4 of issue 16: a checkpoint write that failed (a full disk) failed the run, and the run's
// failure handling then deleted its last good checkpoint, so the progress was lost; the failed
// write also left its partial temporary behind, as does a process killed mid-write; the next
// attempt at the run removes those. A file-size limit (RLIMIT_FSIZE, the shell's
// `ulimit -f`) fails writes as a full disk does.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "cli/run_binary.h"
#include "symplex/io/atomic_file.h"

namespace symplex::io {
namespace {

namespace fs = std::filesystem;

// Runs symplex with writes past `max_file_bytes` failing (EFBIG), as a full disk fails them;
// returns its exit code, its standard error in `err_path`.
int run_with_file_size_limit(const std::vector<std::string>& arguments, rlim_t max_file_bytes,
                             const std::string& err_path) {
  std::vector<std::string> words = {SYMPLEX_BINARY};
  words.insert(words.end(), arguments.begin(), arguments.end());
  std::vector<char*> argv;
  for (auto& word : words)
    argv.push_back(word.data());
  argv.push_back(nullptr);
  const pid_t child = ::fork();
  if (child == 0) {
    const rlimit limit{max_file_bytes, max_file_bytes};
    // The error is the file's, after the standard error is open (a limit applies to it too).
    if (::chdir(SYMPLEX_SOURCE_DIR) != 0 || !std::freopen("/dev/null", "w", stdout) ||
        !std::freopen(err_path.c_str(), "w", stderr) || ::setrlimit(RLIMIT_FSIZE, &limit) != 0) {
      ::_exit(126);
    }
    std::signal(SIGXFSZ, SIG_IGN);  // a write past the limit then fails instead of killing
    ::execv(SYMPLEX_BINARY, argv.data());
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

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
  EXPECT_EQ(run_with_file_size_limit(arguments, limit, err), 1);
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
