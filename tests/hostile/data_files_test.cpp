// Class 8 of issue 16, seen from the command line: a Fashion-MNIST folder whose training set holds
// no images made every run "diverge"; an oversized header put a C++ backtrace into the manifest.
// (data/loaders_test.cpp holds the loader to the file's every byte.)
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/run_binary.h"
#include "hostile/sweep_process.h"
#include "symplex/io/atomic_file.h"

namespace symplex::io {
namespace {

namespace fs = std::filesystem;

// An uncompressed IDX file of `count` items of `item_sizes` bytes each, all zero.
void write_idx(const fs::path& path, uint32_t count, const std::vector<uint32_t>& item_sizes) {
  std::string bytes = {0, 0, 8, static_cast<char>(1 + item_sizes.size())};
  size_t total = count;
  std::vector<uint32_t> sizes = {count};
  for (const uint32_t size : item_sizes) {
    sizes.push_back(size);
    total *= size;
  }
  for (const uint32_t size : sizes) {
    for (const int shift : {24, 16, 8, 0})
      bytes += static_cast<char>((size >> shift) & 0xff);
  }
  std::ofstream(path, std::ios::binary) << bytes << std::string(total, '\0');
}

TEST(Hostile, AnImageSetWithoutImagesFailsItsRunsWithAMessageNotADivergence) {
  const auto dir = fresh_folder("data_files");
  const auto data = dir.string() + ".data";
  fs::create_directories(data);
  write_idx(fs::path(data) / "train-images-idx3-ubyte", 0, {28, 28});
  write_idx(fs::path(data) / "train-labels-idx1-ubyte", 0, {});
  write_idx(fs::path(data) / "t10k-images-idx3-ubyte", 2, {28, 28});
  write_idx(fs::path(data) / "t10k-labels-idx1-ubyte", 2, {});
  const auto result = run_symplex(
      "run configs/smoke/dt_band.yaml --device cpu --set grid.optimizer=[sgd] --set grid.seed=[0] "
      "--set data.dataset=fashion_mnist --set data.fashion_mnist_dir=" +
      data + " --out '" + dir.string() + "'");
  EXPECT_EQ(result.exit_code, 1) << result.err;
  const auto manifest = nlohmann::json::parse(read_file(dir / "manifest.json"));
  for (const auto& run : manifest.at("runs")) {
    EXPECT_EQ(run.at("status"), "failed");
    EXPECT_NE(run.value("error", "").find("train-images-idx3-ubyte: the file holds no items"),
              std::string::npos)
        << run.dump();
  }
  EXPECT_EQ(result.err.find("frame #"), std::string::npos) << result.err;
  fs::remove_all(dir);
  fs::remove_all(data);
}

}  // namespace
}  // namespace symplex::io
