#include "symplex/data/image_dataset.h"

namespace symplex::data {

ImageDataset take_first(const ImageDataset& dataset, int64_t count) {
  if (count <= 0 || count >= dataset.size()) return dataset;
  return {dataset.images.narrow(0, 0, count), dataset.labels.narrow(0, 0, count)};
}

ChannelStatistics channel_statistics(const ImageDataset& dataset) {
  const auto x = dataset.images.to(torch::kFloat64) / 255.0;
  return {
      x.mean({0, 2, 3}, /*keepdim=*/true).to(torch::kFloat32),
      x.std({0, 2, 3}, /*unbiased=*/true, /*keepdim=*/true).clamp_min(1e-6).to(torch::kFloat32)};
}

torch::Tensor normalised_images(const ImageDataset& dataset, const ChannelStatistics& statistics) {
  return (dataset.images.to(torch::kFloat32) / 255.0 - statistics.mean) / statistics.std;
}

}  // namespace symplex::data
