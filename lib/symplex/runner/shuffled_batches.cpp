#include "symplex/runner/shuffled_batches.h"

#include <torch/torch.h>

#include <algorithm>

#include "symplex/runner/run_checkpoint.h"

namespace symplex::runner {

ShuffledBatches::ShuffledBatches(int64_t examples, int64_t batch_size, at::Generator generator)
    : examples_(examples),
      batch_size_(batch_size),
      generator_(std::move(generator)),
      cursor_(examples) {}

torch::Tensor ShuffledBatches::next() {
  if (cursor_ + batch_size_ > examples_) {
    order_ = torch::randperm(examples_, generator_, torch::kInt64);
    cursor_ = 0;
  }
  const auto index = order_.narrow(0, cursor_, std::min(batch_size_, examples_));
  cursor_ += batch_size_;
  return index;
}

void ShuffledBatches::save(torch::serialize::OutputArchive& archive) const {
  write_int(archive, "has_order", order_.defined() ? 1 : 0);
  if (order_.defined()) archive.write("order", order_, /*is_buffer=*/true);
  write_int(archive, "cursor", cursor_);
}

void ShuffledBatches::load(torch::serialize::InputArchive& archive) {
  if (read_int(archive, "has_order")) archive.read("order", order_, /*is_buffer=*/true);
  cursor_ = read_int(archive, "cursor");
}

}  // namespace symplex::runner
