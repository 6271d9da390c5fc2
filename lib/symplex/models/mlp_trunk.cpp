#include "symplex/models/mlp_trunk.h"

#include <string>

namespace symplex::models {

MlpTrunkImpl::MlpTrunkImpl(const MlpTrunkOptions& options) : options_(options) {
  for (int64_t i = 0; i < options.depth(); ++i) {
    layers_.push_back(register_module("layer" + std::to_string(i),
                                      torch::nn::Linear(options.width(), options.width())));
  }
}

torch::Tensor MlpTrunkImpl::forward(torch::Tensor h) {
  for (auto& layer : layers_)
    h = torch::tanh(layer->forward(h));
  return h;
}

Jet MlpTrunkImpl::forward_jet(Jet h) {
  for (auto& layer : layers_)
    h = tanh_layer(h, layer->weight, layer->bias);
  return h;
}

}  // namespace symplex::models
