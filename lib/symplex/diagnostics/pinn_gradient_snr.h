#pragma once

#include <torch/types.h>

#include <vector>

#include "symplex/diagnostics/gradient_snr.h"
#include "symplex/pde/pinn_loss.h"

namespace symplex::diagnostics {

// One measurement of seed 003's gradient SNR of a PINN (docs/pinn_snr.md): the residual points
// split by `order` (a permutation) into `batches` disjoint batches of sizes differing by at most
// one (the first n mod B one larger); per batch the gradient of its
// residual loss (RBA-weighted when `rba_weights` is defined) plus the whole condition loss with
// respect to the weight matrices, and, for the variant without conditions, of its residual loss
// alone; the SNR of each variant, global and per layer; and the unweighted |r| at every residual
// point, averaged over a bins × bins grid of the domain.
struct PinnSnrMeasurement {
  GradientSnr with_conditions, without_conditions;
  torch::Tensor abs_residual;  // (n) float64 on the CPU, in the order of the residual points
  torch::Tensor cell_means;    // (bins, bins) of abs_residual
  double homogeneity = 0.0;    // coefficient of variation of cell_means
};

PinnSnrMeasurement measure_pinn_snr(const pde::PinnLoss& loss,
                                    const std::vector<torch::Tensor>& weights,
                                    const torch::Tensor& rba_weights, const torch::Tensor& order,
                                    int64_t batches, int64_t bins);

}  // namespace symplex::diagnostics
