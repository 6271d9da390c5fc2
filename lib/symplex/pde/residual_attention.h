#pragma once

#include <torch/types.h>

namespace symplex::pde {

// One update of residual-based attention's weights (Anagnostopoulos et al., arXiv:2307.00379;
// docs/pinn_snr.md eq. (2)), in place and outside autograd:
//   λ_i ← γ λ_i + η |r_i| / max_j |r_j|    (without the division when !normalize).
void update_attention_weights(torch::Tensor& weights, const torch::Tensor& residual, double eta,
                              double gamma, bool normalize);

}  // namespace symplex::pde
