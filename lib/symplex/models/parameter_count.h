#pragma once

#include <torch/nn/module.h>

namespace symplex::models {

// Number of trainable scalars of a module, as reported beside every run.
inline int64_t parameter_count(const torch::nn::Module& module) {
  int64_t count = 0;
  for (const auto& p : module.parameters())
    count += p.numel();
  return count;
}

}  // namespace symplex::models
