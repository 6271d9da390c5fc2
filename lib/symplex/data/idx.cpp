#include "symplex/data/idx.h"

#include <zlib.h>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <numeric>
#include <stdexcept>
#include <vector>

namespace symplex::data {
namespace {

// gzread reads gzip files and, transparently, uncompressed ones.
class GzipFile {
 public:
  explicit GzipFile(const std::filesystem::path& path)
      : path_(path), file_(gzopen(path.c_str(), "rb")) {
    if (!file_) throw std::runtime_error("cannot open " + path.string());
  }
  ~GzipFile() { gzclose(file_); }
  GzipFile(const GzipFile&) = delete;
  GzipFile& operator=(const GzipFile&) = delete;

  // Reads up to `bytes` (fewer only at the end of the data); how many it read.
  size_t read_some(void* buffer, size_t bytes) {
    auto* out = static_cast<char*>(buffer);
    size_t total = 0;
    while (total < bytes) {
      const unsigned chunk = static_cast<unsigned>(std::min<size_t>(bytes - total, 1u << 30));
      const int n = gzread(file_, out + total, chunk);
      if (n < 0) throw std::runtime_error(path_.string() + ": file is corrupt");
      if (n == 0) break;
      total += static_cast<size_t>(n);
    }
    return total;
  }

  void read(void* buffer, size_t bytes) {
    if (read_some(buffer, bytes) != bytes)
      throw std::runtime_error(path_.string() + ": file is truncated");
  }

  uint32_t read_big_endian_u32() {
    unsigned char bytes[4];
    read(bytes, 4);
    return (uint32_t{bytes[0]} << 24) | (uint32_t{bytes[1]} << 16) | (uint32_t{bytes[2]} << 8) |
           uint32_t{bytes[3]};
  }

 private:
  std::filesystem::path path_;
  gzFile file_;
};

std::filesystem::path find_with_or_without_gz(const std::filesystem::path& folder,
                                              const std::string& name) {
  for (const auto& candidate : {folder / name, folder / (name + ".gz")}) {
    if (std::filesystem::exists(candidate)) return candidate;
  }
  throw std::runtime_error("no " + name + "[.gz] in " + folder.string());
}

}  // namespace

torch::Tensor read_idx(const std::filesystem::path& path, const std::vector<int64_t>& item_sizes) {
  GzipFile file(path);
  const uint32_t magic = file.read_big_endian_u32();
  const uint32_t dims = magic & 0xff;
  if ((magic >> 8) != 0x08 || dims == 0 || dims > 4) {
    throw std::runtime_error(path.string() + ": not an IDX file of unsigned bytes");
  }
  std::vector<int64_t> sizes;
  for (uint32_t i = 0; i < dims; ++i)
    sizes.push_back(file.read_big_endian_u32());
  if (!std::equal(sizes.begin() + 1, sizes.end(), item_sizes.begin(), item_sizes.end())) {
    throw std::runtime_error(fmt::format("{}: its items are of sizes ({}), not ({})", path.string(),
                                         fmt::join(sizes.begin() + 1, sizes.end(), ", "),
                                         fmt::join(item_sizes, ", ")));
  }
  if (sizes[0] == 0) throw std::runtime_error(path.string() + ": the file holds no items");
  // The header is not trusted with an allocation (a few compressed bytes may claim gigabytes):
  // the bytes are read as they come, so memory grows with what the file holds, not with what its
  // header says.
  std::vector<uint8_t> bytes;
  const int64_t claimed =
      std::accumulate(sizes.begin(), sizes.end(), int64_t{1}, std::multiplies<int64_t>());
  constexpr size_t kChunk = 16u << 20;
  while (bytes.size() < static_cast<size_t>(claimed)) {
    const size_t before = bytes.size();
    bytes.resize(before + std::min(kChunk, static_cast<size_t>(claimed) - before));
    const size_t got = file.read_some(bytes.data() + before, bytes.size() - before);
    bytes.resize(before + got);
    if (got == 0) {
      throw std::runtime_error(
          fmt::format("{}: its header gives {} bytes of data, the file holds {}", path.string(),
                      claimed, bytes.size()));
    }
  }
  uint8_t extra = 0;
  if (file.read_some(&extra, 1) != 0) {
    throw std::runtime_error(
        fmt::format("{}: the file holds more than the {} bytes of data its header gives",
                    path.string(), claimed));
  }
  return torch::from_blob(bytes.data(), sizes, torch::kUInt8).clone();
}

ImageDataset read_idx_split(const std::filesystem::path& folder, bool train) {
  const std::string prefix = train ? "train" : "t10k";
  auto images = read_idx(find_with_or_without_gz(folder, prefix + "-images-idx3-ubyte"), {28, 28});
  auto labels = read_idx(find_with_or_without_gz(folder, prefix + "-labels-idx1-ubyte"), {});
  if (images.size(0) != labels.size(0)) {
    throw std::runtime_error(folder.string() + ": images and labels of " + prefix +
                             " do not match");
  }
  return {images.unsqueeze(1), labels.to(torch::kInt64)};
}

}  // namespace symplex::data
