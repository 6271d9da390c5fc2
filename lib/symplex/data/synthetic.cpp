#include "symplex/data/synthetic.h"

#include <torch/torch.h>

namespace symplex::data {

ImageDataset synthetic_images(int64_t count, int64_t channels, int64_t side, int64_t classes,
                              uint64_t seed) {
  auto generator = at::detail::createCPUGenerator(seed);
  const auto means = torch::rand({classes, channels, side, side}, generator) * 200.0 + 28.0;
  const auto labels = torch::randint(0, classes, {count}, generator, torch::kInt64);
  const auto noise = torch::randn({count, channels, side, side}, generator) * 20.0;
  const auto images = (means.index_select(0, labels) + noise).clamp(0.0, 255.0);
  return {images.to(torch::kUInt8), labels};
}

}  // namespace symplex::data
