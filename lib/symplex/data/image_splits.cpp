#include "symplex/data/image_splits.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>

#include "symplex/data/cifar10.h"
#include "symplex/data/idx.h"
#include "symplex/data/synthetic.h"

namespace symplex::data {

ImageSource resolve_image_source(const ImageSplitsOptions& options) {
  if (options.source != ImageSource::automatic) return options.source;
  const bool has_cifar10 =
      !options.cifar10_dir.empty() &&
      std::filesystem::exists(std::filesystem::path(options.cifar10_dir) / "data_batch_1.bin");
  return has_cifar10 ? ImageSource::cifar10 : ImageSource::fashion_mnist;
}

ImageSplits load_image_splits(const ImageSplitsOptions& options) {
  ImageSplits loaded;
  const ImageSource source = resolve_image_source(options);
  loaded.name = io::name_of(kImageSourceNames, source);
  if (source == ImageSource::cifar10) {
    loaded.train = read_cifar10_split(options.cifar10_dir, true);
    loaded.test = read_cifar10_split(options.cifar10_dir, false);
  } else if (source == ImageSource::fashion_mnist) {
    loaded.train = read_idx_split(options.fashion_mnist_dir, true);
    loaded.test = read_idx_split(options.fashion_mnist_dir, false);
  } else {
    loaded.train = synthetic_images(std::max<int64_t>(options.train_subset, 256), 3, 16, 10, 1);
    loaded.test = synthetic_images(std::max<int64_t>(options.test_subset, 128), 3, 16, 10, 2);
  }
  loaded.train = take_first(loaded.train, options.train_subset);
  loaded.test = take_first(loaded.test, options.test_subset);
  const auto statistics = channel_statistics(loaded.train);
  loaded.train_inputs = normalised_images(loaded.train, statistics);
  loaded.test_inputs = normalised_images(loaded.test, statistics);
  spdlog::info("{}: {} training and {} test images of shape {}x{}x{}", loaded.name,
               loaded.train.size(), loaded.test.size(), loaded.train.images.size(1),
               loaded.train.images.size(2), loaded.train.images.size(3));
  return loaded;
}

const ImageSplits& SharedImageSplits::get() const {
  std::call_once(loaded_, [&] { splits_ = load_image_splits(options_); });
  return *splits_;
}

}  // namespace symplex::data
