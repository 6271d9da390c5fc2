#include <gtest/gtest.h>
#include <torch/torch.h>
#include <unistd.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>

#include "symplex/data/augmentation.h"
#include "symplex/data/cifar10.h"
#include "symplex/data/idx.h"
#include "symplex/data/synthetic.h"

namespace symplex::data {
namespace {

namespace fs = std::filesystem;

class LoaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("symplex_loaders_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // An IDX file of unsigned bytes with the given sizes; byte i of the data is (7 i + 3) mod 256.
  static std::string idx_bytes(const std::vector<uint32_t>& sizes) {
    std::string bytes = {0, 0, 0x08, static_cast<char>(sizes.size())};
    size_t total = 1;
    for (const uint32_t s : sizes) {
      for (const int shift : {24, 16, 8, 0})
        bytes += static_cast<char>((s >> shift) & 0xff);
      total *= s;
    }
    for (size_t i = 0; i < total; ++i)
      bytes += static_cast<char>((7 * i + 3) % 256);
    return bytes;
  }

  fs::path write_raw(const std::string& name, const std::string& bytes) {
    std::ofstream(dir_ / name, std::ios::binary) << bytes;
    return dir_ / name;
  }

  fs::path write_gzip(const std::string& name, const std::string& bytes) {
    gzFile file = gzopen((dir_ / name).c_str(), "wb");
    gzwrite(file, bytes.data(), static_cast<unsigned>(bytes.size()));
    gzclose(file);
    return dir_ / name;
  }

  fs::path dir_;
};

TEST_F(LoaderTest, IdxReadsRawAndGzipFilesExactly) {
  const auto bytes = idx_bytes({3, 4, 5});
  for (const auto& path :
       {write_raw("a-idx3-ubyte", bytes), write_gzip("b-idx3-ubyte.gz", bytes)}) {
    const auto tensor = read_idx(path, {4, 5});
    ASSERT_EQ(tensor.sizes(), (std::vector<int64_t>{3, 4, 5}));
    EXPECT_EQ(tensor[0][0][0].item<int>(), 3);
    EXPECT_EQ(tensor[2][3][4].item<int>(), (7 * 59 + 3) % 256);
    EXPECT_EQ(tensor.scalar_type(), torch::kUInt8);
  }
  EXPECT_THROW(read_idx(write_raw("short", bytes.substr(0, bytes.size() - 1)), {4, 5}),
               std::runtime_error);
  EXPECT_THROW(read_idx(write_raw("bad", "\x12\x34\x56\x78"), {4, 5}), std::runtime_error);
}

// Class 8 of issue 16: a header is not trusted with an allocation. A gzip'd file whose header
// claims 4x16384x16384 images decompressed to 1 GiB and then asked for 8 GiB; one with 0 images
// made every run "diverge".
TEST_F(LoaderTest, IdxHeadersAreCheckedAgainstTheFile) {
  const auto message = [](const fs::path& path, const std::vector<int64_t>& items) {
    try {
      read_idx(path, items);
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  // 4 of 16384x16384: refused from the header alone.
  const std::string huge =
      std::string({0, 0, 8, 3, 0, 0, 0, 4, 0, 0, 0x40, 0, 0, 0, 0x40, 0}) + std::string(1000, '\0');
  EXPECT_NE(message(write_gzip("huge.gz", huge), {28, 28})
                .find("its items are of sizes (16384, 16384), not (28, 28)"),
            std::string::npos);
  // 2^24 + 3 images of 28x28 claimed (13 GB), 3 given: truncated, after reading what is there.
  auto claims_more = idx_bytes({3, 28, 28});
  claims_more[4] = 1;
  EXPECT_NE(message(write_gzip("more.gz", claims_more), {28, 28})
                .find("its header gives 13153339696 bytes of data, the file holds 2352"),
            std::string::npos);
  EXPECT_NE(message(write_raw("longer", idx_bytes({3, 28, 28}) + "x"), {28, 28})
                .find("the file holds more than the 2352 bytes of data its header gives"),
            std::string::npos);
  EXPECT_NE(message(write_raw("empty", idx_bytes({0, 28, 28})), {28, 28}).find("holds no items"),
            std::string::npos);
}

TEST_F(LoaderTest, IdxSplitPairsImagesAndLabels) {
  write_gzip("train-images-idx3-ubyte.gz", idx_bytes({6, 28, 28}));
  write_raw("train-labels-idx1-ubyte", idx_bytes({6}));
  const auto split = read_idx_split(dir_, true);
  EXPECT_EQ(split.images.sizes(), (std::vector<int64_t>{6, 1, 28, 28}));
  EXPECT_EQ(split.labels.scalar_type(), torch::kInt64);
  EXPECT_EQ(split.labels[5].item<int64_t>(), (7 * 5 + 3) % 256);
  EXPECT_THROW(read_idx_split(dir_, false), std::runtime_error);
}

TEST_F(LoaderTest, CifarBinaryRecordsAreLabelThenChannelMajorPixels) {
  std::string record_bytes;
  for (int r = 0; r < 3; ++r) {
    record_bytes += static_cast<char>(r + 4);  // label
    for (int i = 0; i < 3072; ++i)
      record_bytes += static_cast<char>((i * 13 + r) % 251);
  }
  for (int i = 1; i <= 5; ++i)
    write_raw("data_batch_" + std::to_string(i) + ".bin", record_bytes);
  write_raw("test_batch.bin", record_bytes.substr(0, 3073));
  const auto train = read_cifar10_split(dir_, true);
  ASSERT_EQ(train.images.sizes(), (std::vector<int64_t>{15, 3, 32, 32}));
  EXPECT_EQ(train.labels[4].item<int64_t>(), 5);
  // Record 1, channel 2 (blue), row 7, column 9 is byte 2·1024 + 7·32 + 9 of its pixels.
  EXPECT_EQ(train.images[1][2][7][9].item<int>(), ((2 * 1024 + 7 * 32 + 9) * 13 + 1) % 251);
  EXPECT_EQ(read_cifar10_split(dir_, false).size(), 1);
  EXPECT_THROW(read_cifar10_file(write_raw("odd.bin", record_bytes.substr(0, 100))),
               std::runtime_error);
}

TEST(RealData, FashionMnistFromDebianReadsWhenInstalled) {
  const fs::path folder = "/usr/share/datasets/fashion-mnist";
  if (!fs::exists(folder)) GTEST_SKIP() << "dataset-fashion-mnist is not installed";
  const auto test = read_idx_split(folder, false);
  EXPECT_EQ(test.images.sizes(), (std::vector<int64_t>{10000, 1, 28, 28}));
  EXPECT_EQ(test.labels.min().item<int64_t>(), 0);
  EXPECT_EQ(test.labels.max().item<int64_t>(), 9);
  EXPECT_EQ(torch::bincount(test.labels).min().item<int64_t>(), 1000);  // balanced classes
}

TEST(Augmentation, EveryImageIsACropOfThePaddedImageFlippedOrNot) {
  auto generator = at::detail::createCPUGenerator(11);
  const auto batch =
      torch::randint(0, 256, {32, 3, 8, 8}, generator, torch::kInt64).to(torch::kFloat32);
  auto draw = at::detail::createCPUGenerator(5);
  const auto out = random_crop_and_flip(batch, 2, draw);
  const auto padded = torch::constant_pad_nd(batch, {2, 2, 2, 2}, 0);
  int flipped = 0;
  for (int64_t i = 0; i < batch.size(0); ++i) {
    bool found = false;
    for (int64_t top = 0; top <= 4 && !found; ++top) {
      for (int64_t left = 0; left <= 4 && !found; ++left) {
        const auto crop = padded[i].slice(1, top, top + 8).slice(2, left, left + 8);
        if (torch::equal(crop, out[i])) {
          found = true;
        } else if (torch::equal(crop.flip(2), out[i])) {
          found = true;
          ++flipped;
        }
      }
    }
    EXPECT_TRUE(found) << "image " << i;
  }
  EXPECT_GT(flipped, 4);
  EXPECT_LT(flipped, 28);
  auto again = at::detail::createCPUGenerator(5);
  EXPECT_TRUE(torch::equal(random_crop_and_flip(batch, 2, again), out));
}

TEST(Synthetic, IsDeterministicAndLabelled) {
  const auto a = synthetic_images(64, 3, 8, 10, 42);
  const auto b = synthetic_images(64, 3, 8, 10, 42);
  EXPECT_TRUE(torch::equal(a.images, b.images));
  EXPECT_EQ(a.images.sizes(), (std::vector<int64_t>{64, 3, 8, 8}));
  EXPECT_LT(a.labels.max().item<int64_t>(), 10);
}

}  // namespace
}  // namespace symplex::data
