#include "symplex/pde/residual_attention.h"

#include <torch/torch.h>

namespace symplex::pde {

void update_attention_weights(torch::Tensor& weights, const torch::Tensor& residual, double eta,
                              double gamma, bool normalize) {
  torch::NoGradGuard no_grad;
  auto magnitude = residual.detach().abs();
  // A residual that is zero everywhere leaves the weights to decay, not NaN.
  if (normalize) magnitude = magnitude / magnitude.max().clamp_min(1e-30);
  weights.mul_(gamma).add_(magnitude, eta);
}

}  // namespace symplex::pde
