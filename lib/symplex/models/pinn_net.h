#pragma once

#include <torch/arg.h>
#include <torch/nn/modules/linear.h>

#include <memory>

#include "symplex/models/architecture.h"
#include "symplex/models/trunk.h"

namespace symplex::models {

struct PinnNetOptions {
  PinnNetOptions(Architecture architecture, int64_t width, int64_t depth)
      : architecture_(architecture), width_(width), depth_(depth) {}
  TORCH_ARG(Architecture, architecture);
  TORCH_ARG(int64_t, width);
  TORCH_ARG(int64_t, depth);
  TORCH_ARG(double, symplectic_step) = 0.1;
  // The box of inputs (x, t); the network sees them mapped affinely onto [-1, 1]².
  TORCH_ARG(double, x_min) = 0.0;
  TORCH_ARG(double, x_max) = 1.0;
  TORCH_ARG(double, t_min) = 0.0;
  TORCH_ARG(double, t_max) = 1.0;
};

// A PINN (x, t) -> u: encoder (Linear + tanh) -> trunk -> head (Linear). Linear weights are
// Xavier-normal and biases zero, as is usual for tanh PINNs.
class PinnNetImpl : public torch::nn::Module {
 public:
  explicit PinnNetImpl(const PinnNetOptions& options);

  // xt: (N, 2) columns x and t; returns u: (N, 1).
  torch::Tensor forward(const torch::Tensor& xt);
  // u at the points (x, t), each (n, 1), with its ∂x and u_t − α u_xx propagated through the
  // layers, and u alone at the points (value_x, value_t), each (m, 1): a jet (models/jet.h) of
  // width 1.
  Jet forward_jet(const torch::Tensor& x, const torch::Tensor& t, const torch::Tensor& value_x,
                  const torch::Tensor& value_t, double alpha);
  // The trunk's input at the given points.
  torch::Tensor encode(const torch::Tensor& xt);
  TrunkImpl& trunk() { return *trunk_; }
  const PinnNetOptions& options() const { return options_; }

 private:
  PinnNetOptions options_;
  torch::Tensor input_shift_, input_scale_;
  torch::nn::Linear encoder_{nullptr};
  std::shared_ptr<TrunkImpl> trunk_;
  torch::nn::Linear head_{nullptr};
};
TORCH_MODULE(PinnNet);

std::shared_ptr<TrunkImpl> make_trunk(Architecture architecture, int64_t width, int64_t depth,
                                      double symplectic_step);

// A new network of the same options holding a copy of `source`'s parameters, converted to
// `dtype` (the Jacobian diagnostics take a float64 copy of a float32 model).
PinnNet copy_pinn(PinnNet& source, torch::Dtype dtype);

}  // namespace symplex::models
