#pragma once

#include <functional>

#include <torch/nn/module.h>
#include <torch/types.h>

namespace symplex::models {

// The fraction of `inputs` whose argmax of `logits` is their label, in batches of `batch` on
// `device` in `dtype`, with `model` in eval mode (batch norm's running statistics) and put back in
// training mode after.
double classification_accuracy(torch::nn::Module& model,
                               const std::function<torch::Tensor(const torch::Tensor&)>& logits,
                               const torch::Tensor& inputs, const torch::Tensor& labels,
                               const torch::Device& device, torch::Dtype dtype, int64_t batch);

}  // namespace symplex::models
