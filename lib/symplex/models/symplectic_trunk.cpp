#include "symplex/models/symplectic_trunk.h"

#include <torch/nn/init.h>

#include <cmath>
#include <stdexcept>
#include <string>

namespace symplex::models {

PotentialGradientImpl::PotentialGradientImpl(int64_t dimension, int64_t hidden) {
  K = register_parameter("K", torch::empty({hidden, dimension}));
  a = register_parameter("a", torch::empty({hidden}));
  b = register_parameter("b", torch::zeros({hidden}));
  torch::NoGradGuard no_grad;
  torch::nn::init::xavier_normal_(K);
  a.normal_(0.0, 1.0 / std::sqrt(static_cast<double>(hidden)));
}

torch::Tensor PotentialGradientImpl::forward(const torch::Tensor& q) {
  return shear(torch::zeros_like(q), q, 1.0);
}

torch::Tensor PotentialGradientImpl::shear(const torch::Tensor& state, const torch::Tensor& q,
                                           double scale) {
  const auto activation = torch::tanh(torch::addmm(b, q, K.t()));
  return torch::addmm(state, activation, a.unsqueeze(1) * K, /*beta=*/1.0, /*alpha=*/scale);
}

Jet PotentialGradientImpl::shear(const Jet& state, const Jet& q, double scale) {
  const auto activation = tanh_layer(q, K, b);
  return add_linear(state, activation, (a.unsqueeze(1) * K).t(), torch::Tensor(), scale);
}

SymplecticLayerImpl::SymplecticLayerImpl(const SymplecticLayerOptions& options)
    : options_(options) {
  grad_v_ = register_module("grad_v", PotentialGradient(options.half_width(), options.hidden()));
  grad_t_ = register_module("grad_t", PotentialGradient(options.half_width(), options.hidden()));
}

void SymplecticLayerImpl::step(torch::Tensor& q, torch::Tensor& p) {
  const double h = options_.step();
  p = grad_v_->shear(p, q, -0.5 * h);
  q = grad_t_->shear(q, p, h);
  p = grad_v_->shear(p, q, -0.5 * h);
}

void SymplecticLayerImpl::step(Jet& q, Jet& p) {
  const double h = options_.step();
  p = grad_v_->shear(p, q, -0.5 * h);
  q = grad_t_->shear(q, p, h);
  p = grad_v_->shear(p, q, -0.5 * h);
}

torch::Tensor SymplecticLayerImpl::forward(const torch::Tensor& x) {
  auto q = x.narrow(-1, 0, options_.half_width());
  auto p = x.narrow(-1, options_.half_width(), options_.half_width());
  step(q, p);
  return torch::cat({q, p}, -1);
}

SymplecticTrunkImpl::SymplecticTrunkImpl(const SymplecticTrunkOptions& options)
    : options_(options) {
  if (options.width() % 2 != 0 || options.width() < 2) {
    throw std::invalid_argument("a symplectic trunk needs an even width, got " +
                                std::to_string(options.width()));
  }
  const int64_t d = options.width() / 2;
  for (int64_t i = 0; i < options.depth(); ++i) {
    layers_.push_back(
        register_module("layer" + std::to_string(i),
                        SymplecticLayer(SymplecticLayerOptions(d, d).step(options.step()))));
  }
}

torch::Tensor SymplecticTrunkImpl::forward(torch::Tensor h) {
  const int64_t d = options_.width() / 2;
  auto q = h.narrow(-1, 0, d);
  auto p = h.narrow(-1, d, d);
  for (auto& layer : layers_)
    layer->step(q, p);
  return torch::cat({q, p}, -1);
}

Jet SymplecticTrunkImpl::forward_jet(Jet h) {
  const int64_t d = options_.width() / 2;
  auto q = h.columns(0, d);
  auto p = h.columns(d, d);
  for (auto& layer : layers_)
    layer->step(q, p);
  return concat(q, p);
}

}  // namespace symplex::models
