#include "symplex/models/relu_mlp.h"

#include <fmt/format.h>
#include <torch/torch.h>

namespace symplex::models {

ReluMlp::ReluMlp(int64_t inputs, const std::vector<int64_t>& hidden, int64_t classes) {
  int64_t width = inputs;
  for (const int64_t next : hidden) {
    layers_->push_back(torch::nn::Linear(width, next));
    width = next;
  }
  layers_->push_back(torch::nn::Linear(width, classes));
  register_module("layers", layers_);
}

torch::Tensor ReluMlp::forward(const torch::Tensor& images) {
  auto x = images.flatten(1);
  for (size_t i = 0; i < layers_->size(); ++i) {
    x = layers_[i]->as<torch::nn::Linear>()->forward(x);
    if (i + 1 < layers_->size()) x = torch::relu(x);
  }
  return x;
}

std::vector<diagnostics::SymmetryFamily> ReluMlp::symmetry_families() const {
  auto families = translation_families(fmt::format("layers.{}", layers_->size() - 1));
  for (size_t i = 0; i + 1 < layers_->size(); ++i) {
    const auto in = fmt::format("layers.{}", i);
    families.push_back(
        rescale_family(in, {in + ".weight", in + ".bias"}, fmt::format("layers.{}.weight", i + 1)));
  }
  return families;
}

}  // namespace symplex::models
