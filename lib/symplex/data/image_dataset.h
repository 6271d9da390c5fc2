#pragma once

#include <torch/types.h>

namespace symplex::data {

// A labelled image set held in memory: images (N, C, H, W) as uint8, labels (N) as int64.
struct ImageDataset {
  torch::Tensor images;
  torch::Tensor labels;

  int64_t size() const { return labels.size(0); }
};

// The first `count` examples (all when count <= 0 or larger than the set).
ImageDataset take_first(const ImageDataset& dataset, int64_t count);

// Images as float in [0, 1], normalised per channel with the set's own mean and std.
torch::Tensor normalised_images(const ImageDataset& dataset);

}  // namespace symplex::data
