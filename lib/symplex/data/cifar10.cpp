#include "symplex/data/cifar10.h"

#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace symplex::data {
namespace {

constexpr int64_t kPixels = 3 * 32 * 32;
constexpr int64_t kRecord = 1 + kPixels;

}  // namespace

ImageDataset read_cifar10_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path.string());
  const auto bytes = static_cast<int64_t>(std::filesystem::file_size(path));
  if (bytes == 0 || bytes % kRecord != 0) {
    throw std::runtime_error(path.string() + ": size " + std::to_string(bytes) +
                             " is not a whole number of 3073-byte CIFAR-10 records");
  }
  auto raw = torch::empty({bytes / kRecord, kRecord}, torch::kUInt8);
  in.read(reinterpret_cast<char*>(raw.data_ptr<uint8_t>()), bytes);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  return {raw.narrow(1, 1, kPixels).reshape({-1, 3, 32, 32}).contiguous(),
          raw.select(1, 0).to(torch::kInt64)};
}

ImageDataset read_cifar10_split(const std::filesystem::path& folder, bool train) {
  std::vector<std::filesystem::path> files;
  if (train) {
    for (int i = 1; i <= 5; ++i)
      files.push_back(folder / ("data_batch_" + std::to_string(i) + ".bin"));
  } else {
    files.push_back(folder / "test_batch.bin");
  }
  std::vector<torch::Tensor> images;
  std::vector<torch::Tensor> labels;
  for (const auto& file : files) {
    auto part = read_cifar10_file(file);
    images.push_back(part.images);
    labels.push_back(part.labels);
  }
  return {torch::cat(images), torch::cat(labels)};
}

}  // namespace symplex::data
