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

// Per-channel mean and standard deviation of a set's pixels scaled to [0, 1], shaped (1, C, 1, 1).
struct ChannelStatistics {
  torch::Tensor mean;
  torch::Tensor std;
};
ChannelStatistics channel_statistics(const ImageDataset& dataset);

// Float images (x / 255 − mean) / std, with the statistics of the training split.
torch::Tensor normalised_images(const ImageDataset& dataset, const ChannelStatistics& statistics);

}  // namespace symplex::data
