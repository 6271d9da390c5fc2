#include "symplex/models/residual_trunk.h"

#include <string>

namespace symplex::models {

ResidualTrunkImpl::ResidualTrunkImpl(const ResidualTrunkOptions& options) : options_(options) {
  for (int64_t i = 0; i < options.depth(); ++i) {
    const std::string index = std::to_string(i);
    inner_.push_back(
        register_module("inner" + index, torch::nn::Linear(options.width(), options.width())));
    outer_.push_back(
        register_module("outer" + index, torch::nn::Linear(options.width(), options.width())));
  }
}

torch::Tensor ResidualTrunkImpl::forward(torch::Tensor h) {
  for (size_t i = 0; i < inner_.size(); ++i) {
    h = h + outer_[i]->forward(torch::tanh(inner_[i]->forward(h)));
  }
  return h;
}

Jet ResidualTrunkImpl::forward_jet(Jet h) {
  for (size_t i = 0; i < inner_.size(); ++i) {
    const auto activation = tanh_layer(h, inner_[i]->weight, inner_[i]->bias);
    h = add_linear(h, activation, outer_[i]->weight, outer_[i]->bias);
  }
  return h;
}

}  // namespace symplex::models
