#pragma once

#include <torch/nn/module.h>

#include "symplex/models/jet.h"

namespace symplex::models {

// The part of a PINN between its encoder and its head: a map from R^w to R^w whose Jacobian
// the depth stress test measures.
class TrunkImpl : public torch::nn::Module {
 public:
  virtual torch::Tensor forward(torch::Tensor h) = 0;
  // The same map on the value and its derivatives (models/jet.h).
  virtual Jet forward_jet(Jet h) = 0;
  virtual int64_t width() const = 0;
};

}  // namespace symplex::models
