#pragma once

#include <torch/arg.h>
#include <torch/nn/modules/linear.h>

#include <vector>

#include "symplex/models/trunk.h"

namespace symplex::models {

struct ResidualTrunkOptions {
  ResidualTrunkOptions(int64_t width, int64_t depth) : width_(width), depth_(depth) {}
  TORCH_ARG(int64_t, width);
  TORCH_ARG(int64_t, depth);
};

// `depth` blocks h <- h + W2 tanh(W1 h + b1) + b2 of constant width.
class ResidualTrunkImpl : public TrunkImpl {
 public:
  explicit ResidualTrunkImpl(const ResidualTrunkOptions& options);
  torch::Tensor forward(torch::Tensor h) override;
  Jet forward_jet(Jet h) override;
  int64_t width() const override { return options_.width(); }

 private:
  ResidualTrunkOptions options_;
  std::vector<torch::nn::Linear> inner_;
  std::vector<torch::nn::Linear> outer_;
};

}  // namespace symplex::models
