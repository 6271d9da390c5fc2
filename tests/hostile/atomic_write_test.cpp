// Class 2 of issue 16: the temporary file of an atomic write had a predictable name and was
// opened following links, so a link planted there made symplex overwrite a file outside the
// sweep folder.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "symplex/io/atomic_file.h"

namespace symplex::io {
namespace {

namespace fs = std::filesystem;

TEST(Hostile, AtomicWritesFollowNoPlantedLink) {
  const auto dir =
      fs::temp_directory_path() / ("symplex_hostile_link_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "sweep");
  const auto victim = dir / "outside.txt";
  std::ofstream(victim) << "precious";
  const auto file = dir / "sweep" / "manifest.json";
  // The names a temporary has been given: this process's pid, and its neighbours'.
  for (int delta = -2; delta <= 2; ++delta) {
    fs::create_symlink(victim, file.string() + ".tmp." + std::to_string(::getpid() + delta));
  }
  write_file_atomic(file, "{}\n");
  EXPECT_EQ(read_file(victim), "precious");
  EXPECT_FALSE(fs::is_symlink(file));
  EXPECT_EQ(read_file(file), "{}\n");
  fs::remove_all(dir);
}

}  // namespace
}  // namespace symplex::io
