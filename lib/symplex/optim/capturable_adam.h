#pragma once

#include <torch/serialize/input-archive.h>
#include <torch/serialize/output-archive.h>
#include <torch/types.h>

#include <utility>
#include <vector>

namespace symplex::optim {

struct CapturableAdamOptions {
  double lr = 1e-3;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
};

// Adam (Kingma & Ba, "Adam: A Method for Stochastic Optimization", arXiv:1412.6980, Algorithm 1)
// with everything a step changes on the parameters' device, the step count and the bias
// corrections included, so that a step can be captured in a CUDA graph and replayed.
// torch::optim::Adam counts steps on the host, and a captured graph would replay its first bias
// correction for ever. Same update as torch::optim::Adam without weight decay or AMSGrad.
class CapturableAdam {
 public:
  CapturableAdam(std::vector<torch::Tensor> parameters, CapturableAdamOptions options);

  // Zeroes the gradients in place (never frees them): a captured backward accumulates into the
  // gradients that existed when it was captured.
  void zero_grad();
  void step();

  // The bias-corrected first moment m̂ of parameter i and its update's denominator √v̂ + ε, after
  // at least one step: what Adam's own SNR reads (diagnostics/gradient_snr.h).
  struct CorrectedMoments {
    torch::Tensor first, denominator;
  };
  CorrectedMoments corrected_moments(size_t i) const;

  // The moments and the step count, for a run's checkpoint (load writes into the same tensors,
  // so that a graph captured afterwards reads them).
  void save(torch::serialize::OutputArchive& archive) const;
  void load(torch::serialize::InputArchive& archive);

 private:
  // 1 − β₁ᵗ and √(1 − β₂ᵗ) at the current step count, as device scalars.
  std::pair<torch::Tensor, torch::Tensor> bias_corrections() const;

  std::vector<torch::Tensor> parameters_;
  std::vector<torch::Tensor> first_moments_;   // m
  std::vector<torch::Tensor> second_moments_;  // v
  torch::Tensor steps_;                        // t, a float64 scalar on the parameters' device
  CapturableAdamOptions options_;
};

}  // namespace symplex::optim
