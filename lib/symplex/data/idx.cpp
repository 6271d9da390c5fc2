#include "symplex/data/idx.h"

#include <zlib.h>

#include <memory>
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

  void read(void* buffer, size_t bytes) {
    auto* out = static_cast<char*>(buffer);
    while (bytes > 0) {
      const unsigned chunk = static_cast<unsigned>(std::min<size_t>(bytes, 1u << 30));
      const int n = gzread(file_, out, chunk);
      if (n <= 0) throw std::runtime_error(path_.string() + ": file is truncated or corrupt");
      out += n;
      bytes -= static_cast<size_t>(n);
    }
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

torch::Tensor read_idx(const std::filesystem::path& path) {
  GzipFile file(path);
  const uint32_t magic = file.read_big_endian_u32();
  const uint32_t dims = magic & 0xff;
  if ((magic >> 8) != 0x08 || dims == 0 || dims > 4) {
    throw std::runtime_error(path.string() + ": not an IDX file of unsigned bytes");
  }
  std::vector<int64_t> sizes;
  int64_t total = 1;
  for (uint32_t i = 0; i < dims; ++i) {
    sizes.push_back(file.read_big_endian_u32());
    total *= sizes.back();
  }
  auto tensor = torch::empty(sizes, torch::kUInt8);
  file.read(tensor.data_ptr<uint8_t>(), static_cast<size_t>(total));
  return tensor;
}

ImageDataset read_idx_split(const std::filesystem::path& folder, bool train) {
  const std::string prefix = train ? "train" : "t10k";
  auto images = read_idx(find_with_or_without_gz(folder, prefix + "-images-idx3-ubyte"));
  auto labels = read_idx(find_with_or_without_gz(folder, prefix + "-labels-idx1-ubyte"));
  if (images.dim() != 3 || labels.dim() != 1 || images.size(0) != labels.size(0)) {
    throw std::runtime_error(folder.string() + ": images and labels of " + prefix +
                             " do not match");
  }
  return {images.unsqueeze(1), labels.to(torch::kInt64)};
}

}  // namespace symplex::data
