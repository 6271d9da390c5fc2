#include "symplex/models/pinn_net.h"

#include <torch/nn/init.h>

#include <stdexcept>

#include "symplex/models/mlp_trunk.h"
#include "symplex/models/residual_trunk.h"
#include "symplex/models/symplectic_trunk.h"

namespace symplex::models {

std::shared_ptr<TrunkImpl> make_trunk(Architecture architecture, int64_t width, int64_t depth,
                                      double symplectic_step) {
  switch (architecture) {
    case Architecture::mlp:
      return std::make_shared<MlpTrunkImpl>(MlpTrunkOptions(width, depth));
    case Architecture::residual_mlp:
      return std::make_shared<ResidualTrunkImpl>(ResidualTrunkOptions(width, depth));
    case Architecture::symplectic:
      return std::make_shared<SymplecticTrunkImpl>(
          SymplecticTrunkOptions(width, depth).step(symplectic_step));
  }
  throw std::logic_error("make_trunk: unknown architecture");
}

PinnNetImpl::PinnNetImpl(const PinnNetOptions& options) : options_(options) {
  const double x_half = 0.5 * (options.x_max() - options.x_min());
  const double t_half = 0.5 * (options.t_max() - options.t_min());
  input_shift_ = register_buffer(
      "input_shift", torch::tensor({options.x_min() + x_half, options.t_min() + t_half}));
  input_scale_ = register_buffer("input_scale", torch::tensor({1.0 / x_half, 1.0 / t_half}));
  encoder_ = register_module("encoder", torch::nn::Linear(2, options.width()));
  trunk_ = register_module("trunk", make_trunk(options.architecture(), options.width(),
                                               options.depth(), options.symplectic_step()));
  head_ = register_module("head", torch::nn::Linear(options.width(), 1));

  torch::NoGradGuard no_grad;
  for (auto& module : modules(/*include_self=*/false)) {
    if (auto* linear = module->as<torch::nn::Linear>()) {
      torch::nn::init::xavier_normal_(linear->weight);
      torch::nn::init::zeros_(linear->bias);
    }
  }
}

torch::Tensor PinnNetImpl::encode(const torch::Tensor& xt) {
  return torch::tanh(encoder_->forward((xt - input_shift_) * input_scale_));
}

torch::Tensor PinnNetImpl::forward(const torch::Tensor& xt) {
  return head_->forward(trunk_->forward(encode(xt)));
}

Jet PinnNetImpl::forward_jet(const torch::Tensor& x, const torch::Tensor& t,
                             const torch::Tensor& value_x, const torch::Tensor& value_t,
                             double alpha) {
  // The encoder's pre-activation is affine in (x, t): its ∂x and ∂t are columns of W times the
  // input scale, the same at every point, and its ∂xx is zero, so ∂t − α∂xx is ∂t.
  const auto& w = encoder_->weight;
  const auto inputs = torch::cat({torch::cat({x, t}, 1), torch::cat({value_x, value_t}, 1)});
  const auto pre = torch::mm((inputs - input_shift_) * input_scale_, w.t());
  const std::vector<int64_t> sizes{x.size(0), w.size(0)};
  const auto rows = torch::cat({pre, (w.select(1, 0) * input_scale_[0]).expand(sizes),
                                (w.select(1, 1) * input_scale_[1]).expand(sizes)});
  return linear(trunk_->forward_jet(tanh(Jet{rows, x.size(0), alpha}, encoder_->bias)),
                head_->weight, head_->bias);
}

PinnNet copy_pinn(PinnNet& source, torch::Dtype dtype) {
  PinnNet copy(source->options());
  copy->to(source->parameters().front().device(), dtype);
  torch::NoGradGuard no_grad;
  const auto from = source->named_parameters();
  for (auto& item : copy->named_parameters())
    item.value().copy_(from[item.key()]);
  return copy;
}

}  // namespace symplex::models
