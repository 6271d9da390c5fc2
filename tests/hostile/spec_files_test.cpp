// Class 7 of issue 16, its spec-file part: a FIFO given as the spec blocked `validate` for ever,
// /dev/zero filled memory, and a spec of any size was read whole.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "cli/run_binary.h"
#include "symplex/io/atomic_file.h"

namespace {

namespace fs = std::filesystem;

TEST(Hostile, AFifoADeviceOrAHugeFileIsNotASpec) {
  const auto zero = run_symplex("validate /dev/zero");
  EXPECT_EQ(zero.exit_code, 2);
  EXPECT_NE(zero.err.find("/dev/zero: is not a regular file"), std::string::npos) << zero.err;

  const auto fifo = fs::temp_directory_path() / ("symplex_fifo_" + std::to_string(::getpid()));
  fs::remove(fifo);
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const auto from_fifo = run_symplex("validate '" + fifo.string() + "'");
  fs::remove(fifo);
  EXPECT_EQ(from_fifo.exit_code, 2);
  EXPECT_NE(from_fifo.err.find("is not a regular file"), std::string::npos) << from_fifo.err;

  // A valid spec padded with comments past 1 MiB.
  const auto big =
      fs::temp_directory_path() / ("symplex_big_" + std::to_string(::getpid()) + ".yaml");
  {
    std::ofstream out(big);
    out << symplex::io::read_file(fs::path(SYMPLEX_SOURCE_DIR) / "configs/smoke/depth_sweep.yaml");
    const std::string comment = "# " + std::string(98, 'x') + "\n";
    for (int i = 0; i < 11000; ++i)
      out << comment;
  }
  const auto from_big = run_symplex("validate '" + big.string() + "'");
  fs::remove(big);
  EXPECT_EQ(from_big.exit_code, 2);
  EXPECT_NE(from_big.err.find("is larger than 1024 KiB"), std::string::npos) << from_big.err;
}

}  // namespace
