#pragma once

#include <cstdint>
#include <string>

#include "symplex/io/name_table.h"

namespace symplex::data {

// Where the images of a run come from; automatic picks CIFAR-10 when its files are there and
// Fashion-MNIST otherwise. Synthetic images are for smoke tests only.
enum class ImageSource { automatic, cifar10, fashion_mnist, synthetic };

inline constexpr io::NameTable<ImageSource, 4> kImageSourceNames = {{
    {ImageSource::automatic, "auto"},
    {ImageSource::cifar10, "cifar10"},
    {ImageSource::fashion_mnist, "fashion_mnist"},
    {ImageSource::synthetic, "synthetic"},
}};

// Where a sweep's images come from and how many of each split it keeps.
struct ImageSplitsOptions {
  ImageSource source = ImageSource::automatic;
  std::string cifar10_dir;
  std::string fashion_mnist_dir = "/usr/share/datasets/fashion-mnist";
  int64_t train_subset = 0;  // 0: the whole split
  int64_t test_subset = 0;
};

}  // namespace symplex::data
