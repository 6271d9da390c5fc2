#pragma once

#include <filesystem>
#include <string>

#include <torch/types.h>

#include "symplex/data/image_dataset.h"

namespace symplex::data {

// Reads an IDX file (the MNIST / Fashion-MNIST format: big-endian magic 0x0000080N with N
// dimensions, then the sizes, then unsigned bytes), gzip-compressed or not, into a uint8 tensor
// of those dimensions. Throws with the path on a malformed or truncated file.
torch::Tensor read_idx(const std::filesystem::path& path);

// The train or test split of an MNIST-style folder: {train,t10k}-{images-idx3,labels-idx1}-ubyte,
// each with or without .gz. Images come back as (N, 1, 28, 28).
ImageDataset read_idx_split(const std::filesystem::path& folder, bool train);

}  // namespace symplex::data
