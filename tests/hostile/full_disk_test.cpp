// Class 4 of issue 16: a checkpoint write that failed (a full disk) failed the run, and the run's
// failure handling then deleted its last good checkpoint, so the progress was lost; the failed
// write also left its partial temporary behind, as does a process killed mid-write; the next
// attempt at the run removes those. A file-size limit (RLIMIT_FSIZE, the shell's
// `ulimit -f`) fails writes as a full disk does.
#include <gtest/gtest.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <string>
#include <vector>

#include "cli/run_binary.h"
#include "hostile/sweep_process.h"
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
  const auto dir = fresh_folder("full_disk");
  const auto arguments = one_run_arguments(dir, 100000);
  const auto checkpoint = one_run_folder(dir) / "checkpoint.pt";

  // A first attempt, stopped once it has a checkpoint.
  const pid_t first = start_until_checkpoint(dir, 100000);
  ASSERT_GT(first, 0);
  ::kill(first, SIGKILL);
  exit_code_of(first);
  const std::string kept = read_file(checkpoint);
  const auto manifest_bytes = fs::file_size(dir / "manifest.json");
  // Room for the manifest (and the run's metrics.csv, cut back to the checkpoint), not for a
  // checkpoint.
  const rlim_t limit = (kept.size() + manifest_bytes) / 2;
  ASSERT_LT(2 * manifest_bytes, kept.size()) << "the test needs a checkpoint larger than this";

  const auto err = dir.string() + ".err";
  EXPECT_EQ(exit_code_of(start_symplex(arguments, err, limit)), 1);
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
