#pragma once

#include <torch/arg.h>
#include <torch/nn/modules/linear.h>

#include <vector>

#include "symplex/models/trunk.h"

namespace symplex::models {

struct MlpTrunkOptions {
  MlpTrunkOptions(int64_t width, int64_t depth) : width_(width), depth_(depth) {}
  TORCH_ARG(int64_t, width);
  TORCH_ARG(int64_t, depth);
};

// `depth` layers h <- tanh(W h + b) of constant width.
class MlpTrunkImpl : public TrunkImpl {
 public:
  explicit MlpTrunkImpl(const MlpTrunkOptions& options);
  torch::Tensor forward(torch::Tensor h) override;
  Jet forward_jet(Jet h) override;
  int64_t width() const override { return options_.width(); }

 private:
  MlpTrunkOptions options_;
  std::vector<torch::nn::Linear> layers_;
};

}  // namespace symplex::models
