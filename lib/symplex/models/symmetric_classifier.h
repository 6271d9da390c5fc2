#pragma once

#include <string>
#include <vector>

#include <torch/nn/module.h>

#include "symplex/diagnostics/symmetry_groups.h"

namespace symplex::models {

// An image classifier that names the symmetries of its loss (docs/conservation.md): the families
// of units whose quantities gradient flow conserves, by their places in parameters().
class SymmetricClassifier : public torch::nn::Module {
 public:
  virtual torch::Tensor forward(const torch::Tensor& images) = 0;
  virtual std::vector<diagnostics::SymmetryFamily> symmetry_families() const = 0;

 protected:
  // The place of the parameter called `name` in parameters().
  size_t parameter_index(const std::string& name) const;
  // The final linear layer's translation families: its input columns across the classes and its
  // bias across the classes, the logits' softmax being invariant to a shift of them all.
  std::vector<diagnostics::SymmetryFamily> translation_families(const std::string& layer) const;
  // A rescale family of hidden ReLU units: the incoming parameters (weights and bias, or a batch
  // norm's affine pair) as rows, the outgoing weights as columns.
  diagnostics::SymmetryFamily rescale_family(const std::string& name,
                                             const std::vector<std::string>& incoming,
                                             const std::string& outgoing) const;
};

}  // namespace symplex::models
