#include "symplex/models/vgg.h"

#include <fmt/format.h>
#include <torch/torch.h>

#include <stdexcept>

namespace symplex::models {

Vgg::Vgg(int64_t in_channels, const std::vector<int64_t>& channels, bool batch_norm,
         int64_t classes)
    : layout_(channels), batch_norm_(batch_norm) {
  int64_t width = in_channels;
  for (const int64_t c : channels) {
    if (c == 0) continue;
    convs_->push_back(torch::nn::Conv2d(torch::nn::Conv2dOptions(width, c, 3).padding(1)));
    if (batch_norm_) norms_->push_back(torch::nn::BatchNorm2d(c));
    width = c;
  }
  if (convs_->size() == 0) throw std::invalid_argument("Vgg: no convolution");
  register_module("convs", convs_);
  if (batch_norm_) register_module("norms", norms_);
  classifier_ = register_module("classifier", torch::nn::Linear(width, classes));
}

torch::Tensor Vgg::forward(const torch::Tensor& images) {
  auto x = images;
  size_t layer = 0;
  for (const int64_t c : layout_) {
    if (c == 0) {
      x = torch::max_pool2d(x, 2);
      continue;
    }
    x = convs_[layer]->as<torch::nn::Conv2d>()->forward(x);
    if (batch_norm_) x = norms_[layer]->as<torch::nn::BatchNorm2d>()->forward(x);
    x = torch::relu(x);
    ++layer;
  }
  return classifier_->forward(x.mean({2, 3}));
}

std::vector<diagnostics::SymmetryFamily> Vgg::symmetry_families() const {
  auto families = translation_families("classifier");
  const size_t layers = convs_->size();
  for (size_t i = 0; i < layers; ++i) {
    const auto conv = fmt::format("convs.{}", i);
    const auto next =
        i + 1 < layers ? fmt::format("convs.{}.weight", i + 1) : std::string("classifier.weight");
    if (batch_norm_) {
      families.push_back({conv,
                          diagnostics::Symmetry::scale,
                          {{parameter_index(conv + ".weight"), 0, 1.0},
                           {parameter_index(conv + ".bias"), 0, 1.0}}});
      const auto norm = fmt::format("norms.{}", i);
      families.push_back(rescale_family(norm, {norm + ".weight", norm + ".bias"}, next));
    } else {
      families.push_back(rescale_family(conv, {conv + ".weight", conv + ".bias"}, next));
    }
  }
  return families;
}

}  // namespace symplex::models
