#pragma once

#include <vector>

#include <torch/nn/modules/container/modulelist.h>

#include "symplex/models/symmetric_classifier.h"

namespace symplex::models {

// A ReLU MLP on flattened images: inputs → hidden... → classes, Linear layers with biases. Its
// symmetries: translation of the last layer, rescale of every hidden unit.
class ReluMlp : public SymmetricClassifier {
 public:
  ReluMlp(int64_t inputs, const std::vector<int64_t>& hidden, int64_t classes);

  torch::Tensor forward(const torch::Tensor& images) override;
  std::vector<diagnostics::SymmetryFamily> symmetry_families() const override;

 private:
  torch::nn::ModuleList layers_;
};

}  // namespace symplex::models
