#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <torch/types.h>

#include "symplex/data/image_dataset.h"

namespace symplex::data {

// Reads an IDX file (the MNIST / Fashion-MNIST format: big-endian magic 0x0000080N with N
// dimensions, then the sizes, then unsigned bytes), gzip-compressed or not, into a uint8 tensor
// of those dimensions. The sizes after the first must be `item_sizes` (28, 28 for images; none
// for labels), and there must be items. Throws with the path on a malformed, truncated or
// overlong file, or one of other sizes, before it allocates more than the file holds.
torch::Tensor read_idx(const std::filesystem::path& path, const std::vector<int64_t>& item_sizes);

// The train or test split of an MNIST-style folder: {train,t10k}-{images-idx3,labels-idx1}-ubyte,
// each with or without .gz. Images come back as (N, 1, 28, 28).
ImageDataset read_idx_split(const std::filesystem::path& folder, bool train);

}  // namespace symplex::data
