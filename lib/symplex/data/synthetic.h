#pragma once

#include <cstdint>

#include "symplex/data/image_dataset.h"

namespace symplex::data {

// A labelled image set for smoke tests only: each class is a fixed random mean image plus noise,
// so a network can learn it in a few steps. Deterministic in `seed`.
ImageDataset synthetic_images(int64_t count, int64_t channels, int64_t side, int64_t classes,
                              uint64_t seed);

}  // namespace symplex::data
