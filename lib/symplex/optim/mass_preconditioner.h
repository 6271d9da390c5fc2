#pragma once

#include <torch/types.h>

namespace symplex::optim {

// The inverse mass of one parameter tensor (docs/dt_sweep.md eq. 5):
// M⁻¹ = clip(1/sqrt(max(1, fan_in)), [1/8, 8]) for weights, with fan_in the product of all
// dimensions but the first (in_channels × kh × kw for a convolution); 1 for biases and
// normalisation parameters, i.e. every tensor of fewer than two dimensions.
double inverse_mass(const torch::Tensor& parameter);

}  // namespace symplex::optim
