#pragma once

#include <mutex>
#include <optional>

#include <torch/types.h>

#include "symplex/data/image_dataset.h"
#include "symplex/data/image_source.h"

namespace symplex::data {

// The options' source with `auto` resolved: CIFAR-10 when its binary files are there,
// Fashion-MNIST otherwise.
ImageSource resolve_image_source(const ImageSplitsOptions& options);

// The training and test splits of a sweep, loaded once and shared by its runs, with the images
// normalised by the training split's channel statistics.
struct ImageSplits {
  std::string name;  // the resolved source's name
  ImageDataset train, test;
  torch::Tensor train_inputs, test_inputs;  // normalised float images
};

ImageSplits load_image_splits(const ImageSplitsOptions& options);

// A sweep's splits, loaded by the first run that asks for them (from any thread) and shared by
// the others.
class SharedImageSplits {
 public:
  explicit SharedImageSplits(ImageSplitsOptions options) : options_(std::move(options)) {}

  const ImageSplits& get() const;

 private:
  ImageSplitsOptions options_;
  mutable std::once_flag loaded_;
  mutable std::optional<ImageSplits> splits_;
};

}  // namespace symplex::data
