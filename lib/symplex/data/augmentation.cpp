#include "symplex/data/augmentation.h"

#include <torch/torch.h>

namespace symplex::data {

torch::Tensor random_crop_and_flip(const torch::Tensor& batch, int64_t padding,
                                   torch::Generator& generator) {
  const int64_t b = batch.size(0);
  const int64_t c = batch.size(1);
  const int64_t h = batch.size(2);
  const int64_t w = batch.size(3);
  const auto index_options = torch::TensorOptions().dtype(torch::kInt64);
  const auto padded = torch::constant_pad_nd(batch, {padding, padding, padding, padding}, 0);

  const auto top = torch::randint(0, 2 * padding + 1, {b, 1}, generator, index_options);
  const auto left = torch::randint(0, 2 * padding + 1, {b, 1}, generator, index_options);
  const auto flip = torch::randint(0, 2, {b}, generator, index_options).to(torch::kBool);

  auto rows = (top + torch::arange(h, index_options)).to(batch.device());  // (B, H)
  auto cols = (left + torch::arange(w, index_options));                    // (B, W)
  // A flipped image reads its columns right to left.
  cols = torch::where(flip.unsqueeze(1), cols.flip(1), cols).to(batch.device());

  const auto row_index = rows.view({b, 1, h, 1}).expand({b, c, h, w + 2 * padding});
  const auto cropped_rows = padded.gather(2, row_index);
  const auto col_index = cols.view({b, 1, 1, w}).expand({b, c, h, w});
  return cropped_rows.gather(3, col_index);
}

}  // namespace symplex::data
