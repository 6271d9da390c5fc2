#pragma once

#include <filesystem>

#include "symplex/data/image_dataset.h"

namespace symplex::data {

// The binary version of CIFAR-10 (cifar-10-batches-bin): records of one label byte and
// 3 × 1024 channel-major pixel bytes. The train split is data_batch_1..5.bin, the test split
// test_batch.bin; images come back as (N, 3, 32, 32).
ImageDataset read_cifar10_split(const std::filesystem::path& folder, bool train);

// One batch file.
ImageDataset read_cifar10_file(const std::filesystem::path& path);

}  // namespace symplex::data
