#pragma once

#include <ATen/core/Generator.h>
#include <torch/serialize/input-archive.h>
#include <torch/serialize/output-archive.h>
#include <torch/types.h>

namespace symplex::runner {

// Minibatches of a training set in epochs of a fresh random order, drawn by the run's own
// generator: each batch is the next `batch_size` indices of the order, and an epoch ends where
// the next batch would not fit. Its state (the order and the place in it) goes into a run's
// checkpoint, so that a resumed run sees the same batches.
class ShuffledBatches {
 public:
  ShuffledBatches(int64_t examples, int64_t batch_size, at::Generator generator);

  // The indices (int64, on the CPU) of the next batch.
  torch::Tensor next();

  void save(torch::serialize::OutputArchive& archive) const;
  void load(torch::serialize::InputArchive& archive);

 private:
  int64_t examples_;
  int64_t batch_size_;
  at::Generator generator_;
  torch::Tensor order_;
  int64_t cursor_;  // at the end of the data: a new order before the first batch
};

}  // namespace symplex::runner
