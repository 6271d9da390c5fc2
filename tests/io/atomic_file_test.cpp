#include "symplex/io/atomic_file.h"

#include <gtest/gtest.h>
#include <unistd.h>

namespace symplex::io {
namespace {

TEST(AtomicFile, ReplacesContentAndLeavesNoTemporary) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("symplex_atomic_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto path = dir / "a.json";
  write_file_atomic(path, "first");
  write_file_atomic(path, "second, longer");
  EXPECT_EQ(read_file(path), "second, longer");
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    (void)entry;
    ++files;
  }
  EXPECT_EQ(files, 1u);
  std::filesystem::remove_all(dir);
}

TEST(AtomicFile, FailsLoudlyWhereItCannotWrite) {
  EXPECT_THROW(write_file_atomic("/nonexistent-dir/x.json", "x"), std::runtime_error);
}

}  // namespace
}  // namespace symplex::io
