#pragma once

#include <torch/types.h>

namespace symplex::data {

// Standard CIFAR augmentation on a batch (B, C, H, W): a random crop of the image padded with
// `padding` zeros on each side, and a horizontal flip with probability ½, drawn from `generator`
// per image. Done with two gathers and a select over the whole batch, no loop over images.
torch::Tensor random_crop_and_flip(const torch::Tensor& batch, int64_t padding,
                                   torch::Generator& generator);

}  // namespace symplex::data
