#pragma once

#include <torch/arg.h>

#include <vector>

#include "symplex/models/trunk.h"

namespace symplex::models {

struct SymplecticLayerOptions {
  SymplecticLayerOptions(int64_t half_width, int64_t hidden)
      : half_width_(half_width), hidden_(hidden) {}
  TORCH_ARG(int64_t, half_width);  // d: q and p each live in R^d
  TORCH_ARG(int64_t, hidden);      // m: rows of K in each potential gradient
  TORCH_ARG(double, step) = 0.1;   // h of the Störmer–Verlet step
};

// A learned potential through its gradient, ∇V(q) = Kᵀ (a ⊙ tanh(K q + b)) (docs/depth_sweep.md).
// Its Jacobian Kᵀ diag(a ⊙ tanh') K is symmetric, so a shear by it is symplectic.
class PotentialGradientImpl : public torch::nn::Module {
 public:
  PotentialGradientImpl(int64_t dimension, int64_t hidden);

  // ∇V at the rows of q: (N, d).
  torch::Tensor forward(const torch::Tensor& q);
  // state + scale · ∇V(q) in three batch-sized operations: with rows as points,
  // ∇V(q) = tanh(q Kᵀ + b) (diag(a) K), and diag(a) K is formed once on the weights.
  torch::Tensor shear(const torch::Tensor& state, const torch::Tensor& q, double scale);
  Jet shear(const Jet& state, const Jet& q, double scale);

  torch::Tensor K, a, b;
};
TORCH_MODULE(PotentialGradient);

// One Störmer–Verlet step of the separable Hamiltonian H = T(p) + V(q) on x = (q, p):
//   p <- p - (h/2) ∇V(q);  q <- q + h ∇T(p);  p <- p - (h/2) ∇V(q).
// Every sub-step is a shear, so the layer is exactly symplectic and det J = 1.
class SymplecticLayerImpl : public torch::nn::Module {
 public:
  explicit SymplecticLayerImpl(const SymplecticLayerOptions& options);
  // x = (q, p) as one (N, 2d) tensor.
  torch::Tensor forward(const torch::Tensor& x);
  // The same step on q and p held apart, in place of the pair: a trunk splits once, not per layer.
  void step(torch::Tensor& q, torch::Tensor& p);
  void step(Jet& q, Jet& p);

 private:
  SymplecticLayerOptions options_;
  PotentialGradient grad_v_{nullptr};
  PotentialGradient grad_t_{nullptr};
};
TORCH_MODULE(SymplecticLayer);

struct SymplecticTrunkOptions {
  SymplecticTrunkOptions(int64_t width, int64_t depth) : width_(width), depth_(depth) {}
  TORCH_ARG(int64_t, width);  // 2d, even
  TORCH_ARG(int64_t, depth);
  TORCH_ARG(double, step) = 0.1;
};

// `depth` Störmer–Verlet layers, each with its own potentials (hidden size m = d).
class SymplecticTrunkImpl : public TrunkImpl {
 public:
  explicit SymplecticTrunkImpl(const SymplecticTrunkOptions& options);
  torch::Tensor forward(torch::Tensor h) override;
  Jet forward_jet(Jet h) override;
  int64_t width() const override { return options_.width(); }

 private:
  SymplecticTrunkOptions options_;
  std::vector<SymplecticLayer> layers_;
};

}  // namespace symplex::models
