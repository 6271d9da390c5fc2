#include "symplex/data/image_dataset.h"

namespace symplex::data {

ImageDataset take_first(const ImageDataset& dataset, int64_t count) {
  if (count <= 0 || count >= dataset.size()) return dataset;
  return {dataset.images.narrow(0, 0, count), dataset.labels.narrow(0, 0, count)};
}

torch::Tensor normalised_images(const ImageDataset& dataset) {
  const auto x = dataset.images.to(torch::kFloat32) / 255.0;
  const auto mean = x.mean({0, 2, 3}, /*keepdim=*/true);
  const auto std = x.std({0, 2, 3}, /*unbiased=*/true, /*keepdim=*/true).clamp_min(1e-6);
  return (x - mean) / std;
}

}  // namespace symplex::data
