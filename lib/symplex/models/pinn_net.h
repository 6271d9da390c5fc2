#pragma once

#include <torch/arg.h>
#include <torch/nn/modules/linear.h>

#include <memory>

#include "symplex/models/architecture.h"
#include "symplex/models/trunk.h"
#include "symplex/pde/differential_operator.h"
#include "symplex/pde/input_box.h"

namespace symplex::models {

struct PinnNetOptions {
  PinnNetOptions(Architecture architecture, int64_t width, int64_t depth)
      : architecture_(architecture), width_(width), depth_(depth) {}
  TORCH_ARG(Architecture, architecture);
  TORCH_ARG(int64_t, width);
  TORCH_ARG(int64_t, depth);
  TORCH_ARG(double, symplectic_step) = 0.1;
  // The box of the two inputs; the network sees them mapped affinely onto [-1, 1]².
  TORCH_ARG(pde::InputBox, box) = {};
};

// A PINN (x, t) or (x, y) -> u: encoder (Linear + tanh) -> trunk -> head (Linear). Linear weights
// are Xavier-normal and biases zero, as is usual for tanh PINNs.
class PinnNetImpl : public torch::nn::Module {
 public:
  explicit PinnNetImpl(const PinnNetOptions& options);

  // points: (N, 2), one input per column; returns u: (N, 1).
  torch::Tensor forward(const torch::Tensor& points);
  // u at the points (n, 2) with its first derivatives along op.derivatives and L u propagated
  // through the layers, and u alone at value_points (m, 2): a jet (models/jet.h) of width 1.
  Jet forward_jet(const torch::Tensor& points, const torch::Tensor& value_points,
                  const pde::DifferentialOperator& op);
  // The trunk's input at the given points.
  torch::Tensor encode(const torch::Tensor& points);
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
